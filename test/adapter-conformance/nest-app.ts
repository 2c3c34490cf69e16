// The conformance app on @fgakit/nestjs, shared by the Nest Express and Nest Fastify suites. Each
// route of the spec becomes a controller class generated at runtime, its decorators applied
// programmatically (this folder compiles without `experimentalDecorators`); the suite passes in
// the platform's HTTP adapter.
import type { Server } from 'node:http';
import type { FgaContext } from '@fgakit/core/http';
import { FgaModule, Membership, Public, RequireAllOf } from '@fgakit/nestjs';
import {
  Controller,
  Delete,
  Get,
  type INestApplication,
  Inject,
  Module,
  Param,
  Patch,
  Post,
  Res,
} from '@nestjs/common';
import { type AbstractHttpAdapter, HttpAdapterHost, NestFactory } from '@nestjs/core';
import type { ConformanceAppSpec, ConformanceRoute } from './app-spec.js';
import type { AdapterUnderTest } from './runner.js';

const METHODS = { GET: Get, POST: Post, PATCH: Patch, DELETE: Delete } as const;

/** One controller per route: `GET /projects/:projectId` → `Route0Controller.handle`. */
function routeController(
  spec: ConformanceAppSpec,
  route: ConformanceRoute,
  index: number,
): new () => unknown {
  class RouteController {
    constructor(private readonly adapterHost: HttpAdapterHost) {}

    async handle(
      fga: FgaContext,
      params: Record<string, string | undefined>,
      response: unknown,
    ): Promise<void> {
      const result = await spec.handle(route, fga, params);
      this.adapterHost.httpAdapter.reply(response, result.body, result.status);
    }
  }
  Object.defineProperty(RouteController, 'name', { value: `Route${index}Controller` });
  Inject(HttpAdapterHost)(RouteController, undefined, 0);
  Controller()(RouteController);
  const prototype = RouteController.prototype;
  const descriptor = Object.getOwnPropertyDescriptor(prototype, 'handle');
  if (descriptor === undefined) throw new Error('unreachable');
  METHODS[route.method](route.path)(prototype, 'handle', descriptor);
  if (route.requirement === null) Public()(prototype, 'handle', descriptor);
  else RequireAllOf(route.requirement)(prototype, 'handle', descriptor);
  Membership()(prototype, 'handle', 0);
  Param()(prototype, 'handle', 1);
  Res()(prototype, 'handle', 2);
  return RouteController as unknown as new () => unknown;
}

/**
 * The adapter under test for one Nest platform: a module importing `FgaModule.forRoot(...)` with
 * one generated controller per route, on a fresh HTTP adapter from `createHttpAdapter`; the Nest
 * app is closed after the suite.
 *
 * @example
 * ```ts
 * defineAdapterConformance(nestConformanceAdapter('nest (fastify)', () => new FastifyAdapter()));
 * ```
 */
export function nestConformanceAdapter(
  name: string,
  createHttpAdapter: () => AbstractHttpAdapter,
): AdapterUnderTest {
  let app: INestApplication | undefined;
  return {
    name,
    createApp: async function createNestApp(spec, runtimeOptions): Promise<Server> {
      class ConformanceModule {}
      Module({
        imports: [FgaModule.forRoot(runtimeOptions)],
        controllers: spec.routes.map((route, index) => routeController(spec, route, index)),
      })(ConformanceModule);
      app = await NestFactory.create(ConformanceModule, createHttpAdapter(), { logger: false });
      await app.init();
      // Fastify registers routes asynchronously: wait until it is ready (Express has no `ready`)
      const instance: { readonly ready?: unknown } = app.getHttpAdapter().getInstance();
      if (typeof instance.ready === 'function') await instance.ready();
      return app.getHttpServer() as Server;
    },
    close: async () => {
      await app?.close();
    },
  };
}
