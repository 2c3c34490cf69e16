// The adapter conformance suite through @fgakit/nestjs on NestJS 10's Express platform.
import { ExpressAdapter } from '@nestjs/platform-express';
import { nestConformanceAdapter } from '../adapter-conformance/nest-app.js';
import { defineAdapterConformance } from '../adapter-conformance/runner.js';

defineAdapterConformance(nestConformanceAdapter('nest 10 (express)', () => new ExpressAdapter()));
