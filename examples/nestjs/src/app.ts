// Build the Nest demo app (Express platform) for a demo made by `createDemo()`; tests drive it with
// supertest through `app.getHttpServer()`, main.ts makes it listen.
import 'reflect-metadata';
import type { Demo } from '@fgakit/example-shared';
import type { INestApplication, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { AppModule } from './app.module.js';

/**
 * Create and initialize the NestJS demo app. Start-up fails (rejects) if a route declares an
 * unknown permission slug.
 *
 * @example
 * ```ts
 * const app = await createApp(await createDemo({ env: process.env, framework: 'nestjs' }));
 * await app.listen(3000);
 * ```
 */
export async function createApp(
  demo: Demo,
  options: { readonly logger?: false | LogLevel[] } = {},
): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forDemo(demo), new ExpressAdapter(), {
    // warnings stay on: FgaModule names any route left without @Public() or a requirement
    logger: options.logger ?? ['error', 'warn'],
  });
  app.getHttpAdapter().getInstance().disable('x-powered-by');
  await app.init();
  return app;
}
