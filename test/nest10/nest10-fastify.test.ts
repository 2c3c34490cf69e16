// The adapter conformance suite through @fgakit/nestjs on NestJS 10's Fastify platform.
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { nestConformanceAdapter } from '../adapter-conformance/nest-app.js';
import { defineAdapterConformance } from '../adapter-conformance/runner.js';

defineAdapterConformance(nestConformanceAdapter('nest 10 (fastify)', () => new FastifyAdapter()));
