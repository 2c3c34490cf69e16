// The adapter conformance suite through @fgakit/express on Express 4 (installed as `express4`).
import { createRequire } from 'node:module';
import { type ExpressModule, expressConformanceApp } from './express-app.js';
import { defineAdapterConformance } from './runner.js';

// the alias ships no types; its call signature is the one @types/express describes
const express4 = createRequire(import.meta.url)('express4') as ExpressModule;

defineAdapterConformance({ name: 'express 4', createApp: expressConformanceApp(express4) });
