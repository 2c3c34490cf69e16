// The adapter conformance suite through @fgakit/nestjs on Nest's Fastify platform.
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { nestConformanceAdapter } from './nest-app.js';
import { defineAdapterConformance } from './runner.js';

defineAdapterConformance(nestConformanceAdapter('nest (fastify)', () => new FastifyAdapter()));
