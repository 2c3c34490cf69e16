// One benchmark server, run as a child process by guards.ts so the load generator and the server
// each get their own core. Usage (IPC only): fork('guard-server.ts', [framework, mode]).
//
//   GET /open/projects/:projectId      unguarded (Nest: @Public() under the global FgaModule guard)
//   GET /noop/projects/:projectId      behind a middleware that only calls next() (Express, Koa): the
//                                      framework's own cost of one more route middleware, any middleware
//   GET /busy/projects/:projectId      behind a middleware that busy-waits BUSY_NS (2 µs) on the clock, then
//                                      calls next() (custom mode, Express and Koa): a known amount of CPU in
//                                      one more middleware, which calibrates what a µs costs the ratio
//   GET /manual/projects/:projectId    behind a hand-written check (custom mode, Express and Koa): the
//                                      membership header straight into the engine's checkSync, 403 on a
//                                      denial; the least any in-process authorization check does
//   GET /guarded/projects/:projectId   requirePermission('project', 'project:view')
//   GET /timed/projects/:projectId     the same guard, and /timed-manual/… the hand-written check (Express
//                                      and Koa), each timed in place with process.hrtime: the time spent
//                                      inside the middleware until it calls next(). Measured in runs of
//                                      their own, never in the guarded/unguarded ratio.
//
// Every server can also record each request's time from its 'request' event to the response's
// 'finish', per route, while guards.ts asks for it ('wall-on' … 'wall'): the interleaved runs, where
// each connection alternates the open and the guarded route, so both see the same host.
//
// mode `jwt`: identity = bearer token verified against the test issuer's public key (RS256);
// mode `custom`: identity = a custom resolver reading the membership id from a header;
// mode `bare`: no fgakit at all (only /open), the framework's own baseline.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bearerToken, createTokenVerifier, type FgaRuntimeOptions } from '@fgakit/core/http';
import type { RequestHandler } from 'express';
import type { Middleware as KoaMiddleware } from 'koa';
import { createGuardFixture, type GuardFixture, headerIdentity, MEMBERSHIP_HEADER } from './fixture.js';
import {
  FRAMEWORKS,
  type Framework,
  MODES,
  type Mode,
  type ServerMessage,
  type ServerRequest,
  type TimedTotals,
} from './guard-protocol.js';

/** Nanoseconds and calls accumulated for one route. */
interface Totals {
  ns: bigint;
  calls: number;
}

/** The totals of `name` in `map`, created at zero on first use. */
function totalsOf(map: Map<string, Totals>, name: string): Totals {
  let totals = map.get(name);
  if (totals === undefined) {
    totals = { ns: 0n, calls: 0 };
    map.set(name, totals);
  }
  return totals;
}

/** Every route's totals so far, each reset to zero. */
function take(map: Map<string, Totals>): Record<string, TimedTotals> {
  const out: Record<string, TimedTotals> = {};
  for (const [name, totals] of map) {
    out[name] = { ns: Number(totals.ns), calls: totals.calls };
    totals.ns = 0n;
    totals.calls = 0;
  }
  return out;
}

/** Totals of the timed routes, by route name, reset at each `'timing'` request. */
const timings = new Map<string, Totals>();

/**
 * `middleware` timed in place: from its call until it calls `next()` or returns, whichever comes
 * first (the guards here answer at once, so that is the guard's own synchronous work). `call` adapts
 * the framework's middleware signature.
 */
function timed<Next extends (...args: never[]) => unknown>(
  name: string,
  call: (next: Next) => unknown,
  next: Next,
): unknown {
  const t = totalsOf(timings, name);
  let start = 0n;
  let stopped = false;
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    t.ns += process.hrtime.bigint() - start;
    t.calls += 1;
  };
  const wrapped = ((...args: never[]) => {
    stop();
    return next(...args);
  }) as Next;
  // the clock starts after the wrappers exist: only the middleware's own work is timed
  start = process.hrtime.bigint();
  const result = call(wrapped);
  stop();
  return result;
}

/**
 * Per route, the time from the server's `'request'` event to the response's `'finish'` (the
 * request's whole synchronous handling: routing, middleware, handler, serializing, the socket write).
 * A route's requests are told apart by the path's first segment.
 */
const walls = new Map<string, Totals>();

function timeRequest(req: IncomingMessage, res: ServerResponse): void {
  const start = process.hrtime.bigint();
  res.once('finish', () => {
    const totals = totalsOf(walls, (req.url ?? '').split('/')[1] ?? '');
    totals.ns += process.hrtime.bigint() - start;
    totals.calls += 1;
  });
}

/**
 * Record each request's time from now until {@link stopWalls}. The listener is only attached in
 * between, so the other runs' requests pay nothing for it.
 */
function startWalls(server: Server): void {
  take(walls);
  server.removeListener('request', timeRequest);
  // first in line, so the clock starts before the framework sees the request
  server.prependListener('request', timeRequest);
}

/** Stop recording and take the totals since {@link startWalls}. */
function stopWalls(server: Server): Record<string, TimedTotals> {
  server.removeListener('request', timeRequest);
  return take(walls);
}

interface Started {
  readonly server: Server;
  close(): Promise<void>;
}

function runtimeOptions(fixture: GuardFixture, mode: Mode): FgaRuntimeOptions {
  return {
    authorizer: fixture.authorizer,
    identity:
      mode === 'jwt' || mode === 'jwt-membership'
        ? bearerToken(createTokenVerifier(fixture.issuer.verifierOptions()))
        : headerIdentity,
  };
}

/** The hand-written check: a membership id from the header, one `checkSync`, no fgakit runtime. */
function manualCheck(fixture: GuardFixture, membershipId: unknown, projectId: string | undefined): boolean {
  if (typeof membershipId !== 'string' || projectId === undefined) return false;
  try {
    return fixture.authorizer.checkSync({
      membershipId,
      permission: 'project:view',
      resource: { type: 'project', externalId: projectId },
    }).allowed;
  } catch {
    return false; // unknown membership or project: a denial
  }
}

/** How long the busy route's middleware spins: about what the Koa bearer guard takes in place. */
const BUSY_NS = 2_000n;

/** Spin on the monotonic clock for {@link BUSY_NS}: CPU time and nothing else (no allocation, no I/O). */
function busyWait(): void {
  const end = process.hrtime.bigint() + BUSY_NS;
  while (process.hrtime.bigint() < end) {
    // spinning
  }
}

function listen(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
}

async function startExpress(fixture: GuardFixture, mode: Mode, version: 4 | 5): Promise<Started> {
  const express = version === 5 ? (await import('express')).default : (await import('express4')).default;
  const { createServer } = await import('node:http');
  const app = express();
  const respond: RequestHandler = (req, res) => {
    res.json({ id: req.params.projectId });
  };
  app.get('/open/projects/:projectId', respond);
  app.get('/noop/projects/:projectId', (_req, _res, next) => next(), respond);
  if (mode === 'custom') {
    const manual: RequestHandler = (req, res, next) => {
      if (manualCheck(fixture, req.headers[MEMBERSHIP_HEADER], req.params.projectId)) next();
      else res.status(403).end();
    };
    app.get('/manual/projects/:projectId', manual, respond);
    app.get(
      '/busy/projects/:projectId',
      (_req, _res, next) => {
        busyWait();
        next();
      },
      respond,
    );
    app.get(
      '/timed-manual/projects/:projectId',
      (req, res, next) => timed('manual', (n) => manual(req, res, n), next),
      respond,
    );
  }
  if (mode !== 'bare') {
    const { createFga } = await import('@fgakit/express');
    const fga = createFga(runtimeOptions(fixture, mode));
    const guard = fga.requirePermission('project', 'project:view');
    app.get('/guarded/projects/:projectId', guard, respond);
    app.get(
      '/timed/projects/:projectId',
      (req, res, next) => timed('guarded', (n) => guard(req, res, n), next),
      respond,
    );
  }
  const server = createServer(app);
  await listen(server);
  return { server, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function startKoa(fixture: GuardFixture, mode: Mode): Promise<Started> {
  const Koa = (await import('koa')).default;
  const Router = (await import('@koa/router')).default;
  const { createServer } = await import('node:http');
  const app = new Koa();
  const router = new Router();
  const respond: KoaMiddleware = (ctx) => {
    ctx.body = { id: ctx.params.projectId };
  };
  router.get('/open/projects/:projectId', respond);
  router.get('/noop/projects/:projectId', (_ctx, next) => next(), respond);
  if (mode === 'custom') {
    const manual: KoaMiddleware = (ctx, next) => {
      if (manualCheck(fixture, ctx.req.headers[MEMBERSHIP_HEADER], ctx.params.projectId)) return next();
      ctx.status = 403;
      return undefined;
    };
    router.get('/manual/projects/:projectId', manual, respond);
    router.get(
      '/busy/projects/:projectId',
      (_ctx, next) => {
        busyWait();
        return next();
      },
      respond,
    );
    router.get(
      '/timed-manual/projects/:projectId',
      (ctx, next) => timed('manual', (n) => manual(ctx, n), next),
      respond,
    );
  }
  if (mode !== 'bare') {
    const { createFga } = await import('@fgakit/koa');
    const fga = createFga(runtimeOptions(fixture, mode));
    const guard = fga.requirePermission('project', 'project:view');
    router.get('/guarded/projects/:projectId', guard, respond);
    router.get(
      '/timed/projects/:projectId',
      (ctx, next) => timed('guarded', (n) => guard(ctx, n), next),
      respond,
    );
  }
  app.use(router.routes());
  const server = createServer(app.callback());
  await listen(server);
  return { server, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function startNest(
  fixture: GuardFixture,
  mode: Mode,
  platform: 'express' | 'fastify',
): Promise<Started> {
  await import('reflect-metadata');
  const { Controller, Get, Module, Param } = await import('@nestjs/common');
  const { NestFactory } = await import('@nestjs/core');
  const { FgaModule, Public, RequirePermission } = await import('@fgakit/nestjs');

  // Decorators applied programmatically: no decorator transform needed from tsx.
  class ProjectsController {
    open(projectId: string): { id: string } {
      return { id: projectId };
    }
    guarded(projectId: string): { id: string } {
      return { id: projectId };
    }
  }
  const proto = ProjectsController.prototype;
  const method = (name: 'open' | 'guarded'): PropertyDescriptor => {
    const descriptor = Object.getOwnPropertyDescriptor(proto, name);
    if (descriptor === undefined) throw new Error('unreachable');
    return descriptor;
  };
  Controller()(ProjectsController);
  Get('open/projects/:projectId')(proto, 'open', method('open'));
  Param('projectId')(proto, 'open', 0);
  if (mode !== 'bare') {
    Public()(proto, 'open', method('open'));
    Get('guarded/projects/:projectId')(proto, 'guarded', method('guarded'));
    RequirePermission('project', 'project:view')(proto, 'guarded', method('guarded'));
    Param('projectId')(proto, 'guarded', 0);
  }
  class BenchModule {}
  Module({
    imports: mode === 'bare' ? [] : [FgaModule.forRoot(runtimeOptions(fixture, mode))],
    controllers: [ProjectsController],
  })(BenchModule);

  if (platform === 'express') {
    const { ExpressAdapter } = await import('@nestjs/platform-express');
    const app = await NestFactory.create(BenchModule, new ExpressAdapter(), { logger: false });
    await app.listen(0, '127.0.0.1');
    return { server: app.getHttpServer() as Server, close: () => app.close() };
  }
  const { FastifyAdapter } = await import('@nestjs/platform-fastify');
  const app = await NestFactory.create(BenchModule, new FastifyAdapter(), { logger: false });
  await app.listen(0, '127.0.0.1');
  return { server: app.getHttpServer() as Server, close: () => app.close() };
}

function start(fixture: GuardFixture, framework: Framework, mode: Mode): Promise<Started> {
  switch (framework) {
    case 'express5':
      return startExpress(fixture, mode, 5);
    case 'express4':
      return startExpress(fixture, mode, 4);
    case 'koa':
      return startKoa(fixture, mode);
    case 'nest-express':
      return startNest(fixture, mode, 'express');
    case 'nest-fastify':
      return startNest(fixture, mode, 'fastify');
  }
}

async function main(): Promise<void> {
  const send = (message: ServerMessage): void => {
    process.send?.(message);
  };
  const [framework, mode] = process.argv.slice(2) as [Framework, Mode];
  if (!FRAMEWORKS.includes(framework) || !MODES.includes(mode)) {
    send({ type: 'error', message: `usage: guard-server <${FRAMEWORKS.join('|')}> <${MODES.join('|')}>` });
    process.exit(2);
  }
  try {
    const fixture = await createGuardFixture();
    const started = await start(fixture, framework, mode);
    const shutdown = (): void => {
      started.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
      setTimeout(() => process.exit(0), 2000).unref();
    };
    process.on('SIGTERM', shutdown);
    process.on('disconnect', shutdown); // never outlive the benchmark
    process.on('message', (request: ServerRequest) => {
      if (request === 'cpu') send({ type: 'cpu', ...process.cpuUsage() });
      else if (request === 'timing') send({ type: 'timing', routes: take(timings) });
      else if (request === 'wall-on') startWalls(started.server);
      else if (request === 'wall') send({ type: 'wall', routes: stopWalls(started.server) });
    });
    send({
      type: 'ready',
      port: (started.server.address() as AddressInfo).port,
      token: fixture.token,
      tokenWithMembership: fixture.tokenWithMembership,
      membershipId: fixture.membershipId,
      projectId: fixture.projectId,
    });
  } catch (error) {
    send({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    process.exit(1);
  }
}

await main();
