// The adapter conformance suite through @fgakit/express on Express 5 (`express`).
import express from 'express';
import { expressConformanceApp } from './express-app.js';
import { defineAdapterConformance } from './runner.js';

defineAdapterConformance({ name: 'express 5', createApp: expressConformanceApp(express) });
