// The demo API contract against examples/nestjs, plus one real start: `tsx src/main.ts` on a free port.
import type { Server as HttpServer } from 'node:http';
import { createApp } from '@fgakit/example-nestjs/app';
import { defineDemoApiContract } from './contract.js';
import { defineExampleStartTest } from './start-example.js';

defineDemoApiContract({
  name: 'nestjs',
  createApp: async (demo) => {
    const app = await createApp(demo, { logger: false });
    return { server: app.getHttpServer() as HttpServer, close: () => app.close() };
  },
});

defineExampleStartTest('nestjs');
