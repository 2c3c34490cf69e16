// Start the NestJS demo: `pnpm -C examples/nestjs start` (PORT, default 3000; demo mode unless
// NODE_ENV=production). Prints the `listening on http://…` line, then curl commands to try.
import { createDemo } from '@fgakit/example-shared';
import { createApp } from './app.js';

const demo = await createDemo({ env: process.env, framework: 'nestjs' });
const app = await createApp(demo);
try {
  await app.listen(demo.port);
} catch (error) {
  console.error(`fgakit nestjs demo could not listen on port ${demo.port}: ${(error as Error).message}`);
  process.exit(1);
}
const address = app.getHttpServer().address();
const port = typeof address === 'object' && address !== null ? address.port : demo.port;
// the banner's first line is the `fgakit nestjs demo listening on http://localhost:<port>` line
console.log(demo.banner(`http://localhost:${port}`));

function shutdown(): void {
  app.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
}
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
