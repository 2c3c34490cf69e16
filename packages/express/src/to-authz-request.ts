// Translates an Express 4 or 5 request into core's framework-neutral `AuthzRequest`. One view per
// request, built on first use and shared by the middleware, every guard and `req.fga`.
import {
  type AuthzRequest,
  type FgaContext,
  type FgaRuntime,
  RequestView,
  readCookie,
  readHeader,
  requestView,
} from '@fgakit/core/http';
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
  return viewOf(req);
}

/**
 * The request's one view (core keeps it): guards, `req.fga` and the error handler share it. It rides
 * on `res.locals` (Express's per-request object, created without a prototype, in dictionary mode),
 * not on `req`: each Express request has a hidden class of its own, so a property added to `req`
 * costs a copy of that class, ~3 µs of server CPU per request (measured), against well under one on
 * `res.locals`. Without a response (a plain Node request), the view rides on `req`.
 */
export function viewOf(
  req: Request,
  res: { readonly locals?: unknown } | undefined = req.res,
): ExpressRequestView {
  const locals = res?.locals;
  return requestView(req, createView, typeof locals === 'object' && locals !== null ? locals : req);
}

function createView(req: Request): ExpressRequestView {
  return new ExpressRequestView(req);
}

/**
 * An Express request as core sees it. Every member reads `req` when asked, never up front: on an
 * Express request each property read is an inline-cache miss (see core's request-view.ts).
 */
class ExpressRequestView extends RequestView<Request> {
  /** The runtime whose context `req.fga` is: the first fgakit middleware or guard the request met. */
  exposedBy: FgaRuntime | undefined = undefined;

  get method(): string {
    return this.native.method;
  }

  // the full path, not `req.path`, which is relative to the router a guard is mounted on
  get path(): string {
    const req = this.native;
    const url = req.originalUrl || req.url;
    const query = url.indexOf('?');
    return query === -1 ? url : url.slice(0, query);
  }

  header(name: string): string | undefined {
    return readHeader(this.native.headers, name);
  }

  param(name: string): string | undefined {
    return firstString(this.native.params?.[name]);
  }

  query(name: string): string | undefined {
    return firstString(readQuery(this.native, name));
  }

  body(): unknown {
    return this.native.body as unknown;
  }

  cookie(name: string): string | undefined {
    const req = this.native;
    return readParsedCookie(req, name) ?? readCookie(firstString(req.headers.cookie), name);
  }

  // No `signal`: an AbortSignal per request costs several microseconds on Node 20, more than the
  // whole guard. A hung authorizer of an abandoned request is cut off by the runtime's `timeoutMs`,
  // and the handler never runs (the Koa adapter makes the same choice).
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
 * Make `req.fga` give `runtime`'s context for this request, unless an earlier fgakit middleware or
 * guard already chose a runtime. Nothing is created until a handler reads it; `req.user` and other
 * properties are never touched.
 *
 * `req.fga` is a getter defined once on the app's request prototype (`app.request`, Express's own
 * extension point), not on each request: adding a property to an Express request costs more than
 * the whole guard. A request whose prototype is not an Express one gets the getter as its own.
 *
 * @example What `fga.middleware()` does for each request
 * ```ts
 * app.use((req, _res, next) => { exposeFgaContext(fga.runtime, req); next(); });
 * ```
 */
export function exposeFgaContext(
  runtime: FgaRuntime,
  req: Request,
  res: { readonly locals?: unknown } | undefined = req.res,
): ExpressRequestView {
  const view = viewOf(req, res);
  if (view.exposedBy !== undefined) return view;
  view.exposedBy = runtime;
  const proto: unknown = Object.getPrototypeOf(req);
  if (installed.has(proto as object) || installOn(proto)) return view;
  if (!('fga' in req)) {
    Object.defineProperty(req, 'fga', { configurable: true, enumerable: false, get: readFga });
  }
  return view;
}

/** Prototypes that carry the `fga` getter. */
const installed = new WeakSet<object>();

/** Define the getter on an Express `app.request` (it owns `app`); never on Node's own prototypes. */
function installOn(proto: unknown): boolean {
  if (typeof proto !== 'object' || proto === null || !Object.hasOwn(proto, 'app')) return false;
  if ('fga' in proto) return false; // the app defined its own `fga`: leave it alone
  Object.defineProperty(proto, 'fga', { configurable: true, enumerable: false, get: readFga });
  installed.add(proto);
  return true;
}

/** The `req.fga` getter: the context of the runtime that first met this request. */
function readFga(this: Request): FgaContext | undefined {
  const view = viewOf(this);
  return view.exposedBy?.context(view);
}
