// The demo API contract against examples/koa, plus one real start: `tsx src/main.ts` on a free port.
import { createApp } from '@fgakit/example-koa/app';
import { defineDemoApiContract } from './contract.js';
import { defineExampleStartTest } from './start-example.js';

defineDemoApiContract({ name: 'koa', createApp: (demo) => ({ server: createApp(demo).callback() }) });

defineExampleStartTest('koa');
