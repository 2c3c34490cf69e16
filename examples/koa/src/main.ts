// Start the Koa demo: `pnpm -C examples/koa start` (PORT, default 3000; demo mode unless
// NODE_ENV=production).
import { createDemo } from '@fgakit/example-shared';
import { createApp } from './app.js';

const demo = await createDemo({ env: process.env, framework: 'koa' });
const app = createApp(demo);
const server = app.listen(demo.port, () => {
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : demo.port;
  // the banner's first line is the `… listening on http://localhost:<port>` line
  console.log(demo.banner(`http://localhost:${port}`));
});

function shutdown(): void {
  server.close(() => process.exit(0));
}
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
