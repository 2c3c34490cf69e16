// Koa's `ctx` seen through core's framework-neutral request contract (`AuthzRequest`), the
// `ctx.state.fga` property, and the writer that puts a rejection back on `ctx`. Core does the rest.
import {
  type AuthzRequest,
  type FgaContext,
  type FgaResponse,
  type FgaRuntime,
  RequestView,
  readHeader,
  requestView,
} from '@fgakit/core/http';
import type { Context, ParameterizedContext } from 'koa';

/**
 * Any Koa context, whatever its state, custom-context and body types: every `ctx` a Koa app or a
 * `@koa/router` route hands to middleware is assignable to it.
 *
 * @example
 * ```ts
 * function projectIdOf(ctx: AnyKoaContext): string | undefined {
 *   return toAuthzRequest(ctx).param('projectId');
 * }
 * ```
 */
export type AnyKoaContext = ParameterizedContext<unknown, unknown, unknown>;

/**
 * Build (once per request) the {@link AuthzRequest} core understands from a Koa context.
 *
 * Route params come from `ctx.params` (set by `@koa/router`), the body from `ctx.request.body`
 * (any body parser), cookies from the `Cookie` header (parsed by core, so `app.keys` signing never
 * hides a session token). `native` is the `ctx` itself, stable for the request, so core keys the
 * per-request context on it, and identity functions and loaders can read it as `request.native`
 * (typed as Koa's `Context`). Accessors read `ctx` live: a body parser or router that runs after the
 * first call is still seen.
 *
 * @example A custom guard built on the contract
 * ```ts
 * import { toAuthzRequest } from '@fgakit/koa';
 *
 * app.use(async function auditCaller(ctx, next) {
 *   const request = toAuthzRequest(ctx);
 *   console.log(request.method, request.path, request.param('projectId'));
 *   await next();
 * });
 * ```
 */
export function toAuthzRequest(ctx: AnyKoaContext): AuthzRequest<Context> {
  return viewOf(ctx);
}

/** The one view of a ctx (core keeps it): guards, `ctx.state.fga` and the error path share it. */
function viewOf(ctx: AnyKoaContext): KoaRequestView {
  return requestView(ctx as Context, createView);
}

function createView(ctx: Context): KoaRequestView {
  return new KoaRequestView(ctx);
}

/**
 * A Koa ctx as core sees it, read when asked: mounted sub-apps (koa-mount) rewrite `ctx.path`
 * while the request travels through them. `native` is typed as Koa's default `Context` (what
 * koa-session & co. augment) for identity functions and loaders.
 *
 * No `signal`, as in the Express adapter. An abort signal needs an AbortController plus a res
 * 'close' listener per guarded request (about a tenth of a guarded Koa request's cost), and the
 * embedded engine answers in well under a microsecond, long before any client could go away. A
 * hung remote authorizer of an abandoned request is still cut off by the runtime's `timeoutMs`,
 * and Koa never runs the handler of a request whose guard did not pass.
 */
class KoaRequestView extends RequestView<Context> {
  get method(): string {
    return this.native.method;
  }

  get path(): string {
    return this.native.path;
  }

  // `ctx.req.headers`, not `ctx.headers`: the latter is two delegated getters (ctx → request → req)
  header(name: string): string | undefined {
    return readHeader(this.native.req.headers, name);
  }

  param(name: string): string | undefined {
    const params = (this.native as { readonly params?: unknown }).params;
    if (typeof params !== 'object' || params === null) return undefined;
    const value: unknown = (params as Record<string, unknown>)[name];
    return typeof value === 'string' ? value : undefined;
  }

  query(name: string): string | undefined {
    return first(this.native.query[name]);
  }

  body(): unknown {
    return (this.native.request as { body?: unknown }).body;
  }
}

/**
 * Send an fgakit rejection (401/403/404/503 problem+json) on a Koa context: status, every header
 * (`content-type`, `retry-after`, `www-authenticate`), and the JSON body verbatim.
 *
 * @example
 * ```ts
 * const outcome = await runtime.authorize(toAuthzRequest(ctx), requirement);
 * if (!outcome.ok) return sendFgaResponse(ctx, outcome.response);
 * ```
 */
export function sendFgaResponse(ctx: AnyKoaContext, response: FgaResponse): void {
  ctx.status = response.status;
  // headers before the body: Koa only infers text/plain when no content-type is set yet
  ctx.set({ ...response.headers });
  ctx.body = JSON.stringify(response.body);
}

function first(value: string | readonly string[] | undefined): string | undefined {
  if (value === undefined || typeof value === 'string') return value;
  return value[0];
}

/**
 * Define `ctx.state.fga`: the request's context of `runtime` (core keeps it on the request's view,
 * so the guard's and the handler's are one object with one memo). A property already set (by
 * `fga.middleware()` or an earlier guard) is kept. Returns the request's view.
 *
 * A plain assignment, as Koa apps set their own `ctx.state` entries: `Object.defineProperty` (to
 * hide it from `Object.keys`) measured ~3–4 µs per request on a Koa server, as much as the rest of
 * the guard. The context serializes to a small summary (`toJSON`), so `JSON.stringify(ctx.state)`
 * and views that spread `ctx.state` into template locals stay safe.
 *
 * @example
 * ```ts
 * app.use(async function exposeFga(ctx, next) {
 *   defineFgaState(runtime, ctx);
 *   await next();
 * });
 * ```
 */
export function defineFgaState(runtime: FgaRuntime, ctx: AnyKoaContext): AuthzRequest<Context> {
  const view = viewOf(ctx);
  const state = ctx.state as { fga?: FgaContext } | null | undefined;
  if (typeof state === 'object' && state !== null && state.fga === undefined) {
    state.fga = runtime.context(view);
  }
  return view;
}
