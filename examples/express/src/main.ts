// Start the Express demo: `pnpm -C examples/express start` (PORT, default 3000; demo mode unless
// NODE_ENV=production). Prints the `listening on http://…` line, then curl commands to try.
import { createDemo } from '@fgakit/example-shared';
import { createApp } from './app.js';

const demo = await createDemo({ env: process.env, framework: 'express' });
const server = createApp(demo).listen(demo.port, (error?: Error) => {
  if (error !== undefined) {
    console.error(`fgakit express demo could not listen on port ${demo.port}: ${error.message}`);
    process.exit(1);
  }
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
