// The adapter conformance suite through @fgakit/nestjs on Nest's Express platform.
import { ExpressAdapter } from '@nestjs/platform-express';
import { nestConformanceAdapter } from './nest-app.js';
import { defineAdapterConformance } from './runner.js';

defineAdapterConformance(nestConformanceAdapter('nest (express)', () => new ExpressAdapter()));
