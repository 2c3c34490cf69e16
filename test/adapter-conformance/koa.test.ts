// The adapter conformance suite through @fgakit/koa: Koa 2, @koa/router 13, koa-bodyparser.
import type { FgaRuntimeOptions } from '@fgakit/core/http';
import { createFga } from '@fgakit/koa';
import Router from '@koa/router';
import Koa from 'koa';
import bodyParser from 'koa-bodyparser';
import type { ConformanceAppSpec, ConformanceRoute } from './app-spec.js';
import { defineAdapterConformance } from './runner.js';

function createKoaApp(spec: ConformanceAppSpec, runtimeOptions: FgaRuntimeOptions): Koa {
  const fga = createFga(runtimeOptions);
  const app = new Koa();
  // 5xx answers thrown by handlers are still emitted as 'error'; keep the test output quiet
  app.silent = true;
  const router = new Router();
  const mount = (route: ConformanceRoute): void => {
    const guards = route.requirement === null ? [] : [fga.guard(route.requirement)];
    const path = route.path;
    const method =
      route.method === 'GET'
        ? 'get'
        : route.method === 'POST'
          ? 'post'
          : route.method === 'PATCH'
            ? 'patch'
            : 'delete';
    router[method](path, ...guards, async function conformanceHandler(ctx) {
      const result = await spec.handle(route, ctx.state.fga, ctx.params);
      ctx.status = result.status;
      ctx.body = result.body;
    });
  };
  spec.routes.forEach(mount);
  app.use(fga.middleware());
  app.use(bodyParser());
  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}

defineAdapterConformance({
  name: 'koa 2 (@koa/router 13)',
  createApp: (spec, runtimeOptions) => createKoaApp(spec, runtimeOptions).callback(),
});
