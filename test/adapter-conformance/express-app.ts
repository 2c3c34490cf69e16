// The conformance app on @fgakit/express, shared by the Express 4 and Express 5 suites: the same
// routes, guards and error handler, built with whichever Express module the suite passes in.
// Handlers forward rejections with next(err) themselves, since Express 4 ignores a handler's promise.
import type { FgaRuntimeOptions } from '@fgakit/core/http';
import { createFga } from '@fgakit/express';
import type { Express, NextFunction, Request, Response } from 'express';
import type { ConformanceAppSpec, ConformanceRoute } from './app-spec.js';

/** An Express module: `express` (5) or the `express4` alias, which has the same call signature. */
export type ExpressModule = typeof import('express');

const METHODS = { GET: 'get', POST: 'post', PATCH: 'patch', DELETE: 'delete' } as const;

/**
 * The `createApp` of an Express suite: every route of the spec mounted with its guard on an app of
 * the given Express module, a JSON body parser, `fga.middleware()` and `fga.errorHandler()`.
 *
 * @example
 * ```ts
 * defineAdapterConformance({ name: 'express 5', createApp: expressConformanceApp(express) });
 * ```
 */
export function expressConformanceApp(
  express: ExpressModule,
): (spec: ConformanceAppSpec, runtimeOptions: FgaRuntimeOptions) => Express {
  return function createExpressApp(spec, runtimeOptions) {
    const fga = createFga(runtimeOptions);
    const app = express();
    app.use(express.json());
    app.use(fga.middleware());
    for (const route of spec.routes) {
      const guards = route.requirement === null ? [] : [fga.guard(route.requirement)];
      app[METHODS[route.method]](route.path, ...guards, handlerFor(spec, route));
    }
    app.use(fga.errorHandler());
    return app;
  };
}

/** Runs the route's behaviour; errors go to `fga.errorHandler()` through next(err). */
function handlerFor(spec: ConformanceAppSpec, route: ConformanceRoute) {
  return function conformanceHandler(req: Request, res: Response, next: NextFunction): void {
    spec.handle(route, req.fga, req.params).then((result) => {
      res.status(result.status).json(result.body);
    }, next);
  };
}
