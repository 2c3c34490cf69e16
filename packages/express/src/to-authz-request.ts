// Translates an Express 4 or 5 request into core's framework-neutral `AuthzRequest`. One view per
// request, built on first use and shared by the middleware, every guard and `req.fga`.
import { type AuthzRequest, type FgaContext, type FgaRuntime, readCookie } from '@fgakit/core/http';
import type { Request } from 'express';

declare global {
  namespace Express {
    interface Request {
      /**
       * The request's fgakit context: identity, membership, memoized checks, the guarded resource.
       * Defined by `fga.middleware()` (or any fgakit guard) and created on first read.
       */
      fga: FgaContext;
    }
  }
}

const views = new WeakMap<Request, AuthzRequest<Request>>();

/**
 * The `AuthzRequest` core reads for an Express request. Accessors read `req` live, so a body or
 * cookie parser mounted after `fga.middleware()` is still seen. The same object is returned for the
 * whole request.
 *
 * @example A custom guard built on the core runtime
 * ```ts
 * import { toAuthzRequest } from '@fgakit/express';
 *
 * app.get('/reports', async (req, res, next) => {
 *   const outcome = await fga.runtime.authorize(toAuthzRequest(req), canExport);
 *   outcome.ok ? next() : res.status(outcome.response.status).json(outcome.response.body);
 * });
 * ```
 */
export function toAuthzRequest(req: Request): AuthzRequest<Request> {
  let view = views.get(req);
  if (view === undefined) {
    view = createView(req);
    views.set(req, view);
  }
  return view;
}

function createView(req: Request): AuthzRequest<Request> {
  return {
    method: req.method,
    // the full path, not `req.path`, which is relative to the router a guard is mounted on
    get path(): string {
      const url = req.originalUrl || req.url;
      const query = url.indexOf('?');
      return query === -1 ? url : url.slice(0, query);
    },
    header: (name: string) => firstString(req.headers[name.toLowerCase()]),
    param: (name: string) => firstString(req.params?.[name]),
    query: (name: string) => firstString(readQuery(req, name)),
    body: () => req.body as unknown,
    cookie: (name: string) =>
      readParsedCookie(req, name) ?? readCookie(firstString(req.headers.cookie), name),
    // No `signal`: an AbortSignal per request costs several microseconds on Node 20, more than the
    // whole guard. A hung authorizer of an abandoned request is cut off by the runtime's `timeoutMs`,
    // and the handler never runs (the Koa adapter makes the same choice).
    native: req,
  };
}

/** A string, or the first string of an array (repeated header, query key or Express 5 wildcard). */
function firstString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return undefined;
}

function readQuery(req: Request, name: string): unknown {
  // Express 4 (qs) and 5 (node:querystring) both give an object; keys are user data, so own only
  const query: unknown = req.query;
  if (typeof query !== 'object' || query === null || !Object.hasOwn(query, name)) return undefined;
  return (query as Record<string, unknown>)[name];
}

/** Cookies parsed by `cookie-parser` when it ran (verified signed ones first). */
function readParsedCookie(req: Request, name: string): string | undefined {
  for (const jar of [req.signedCookies as unknown, req.cookies as unknown]) {
    if (typeof jar === 'object' && jar !== null && Object.hasOwn(jar, name)) {
      const value = (jar as Record<string, unknown>)[name];
      if (typeof value === 'string') return value;
    }
  }
  return undefined;
}

/**
 * Define `req.fga` as a lazy getter over `runtime.context(...)`, unless it is already defined.
 * Nothing is created until a handler reads it; `req.user` and other properties are never touched.
 *
 * @example What `fga.middleware()` does for each request
 * ```ts
 * app.use((req, _res, next) => { exposeFgaContext(fga.runtime, req); next(); });
 * ```
 */
export function exposeFgaContext(runtime: FgaRuntime, req: Request): void {
  if (Object.hasOwn(req, 'fga')) return;
  let context: FgaContext | undefined;
  Object.defineProperty(req, 'fga', {
    configurable: true,
    enumerable: false,
    get: function fga(): FgaContext {
      context ??= runtime.context(toAuthzRequest(req));
      return context;
    },
  });
}
