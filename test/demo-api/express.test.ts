// The demo API contract against examples/express (Express 5), plus one real start of the app:
// `tsx src/main.ts` on a free port, as `pnpm -C examples/express start` runs it.
import { createApp } from '@fgakit/example-express/app';
import { defineDemoApiContract } from './contract.js';
import { defineExampleStartTest } from './start-example.js';

defineDemoApiContract({ name: 'express', createApp: (demo) => ({ server: createApp(demo) }) });

defineExampleStartTest('express');
