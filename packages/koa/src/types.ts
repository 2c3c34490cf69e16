// The Koa-facing types of @fgakit/koa: options, identity functions typed for `ctx`, and the
// `ctx.state.fga` augmentation of Koa's own types.
import type {
  AuthzRequest,
  CustomIdentityFunction,
  FgaContext,
  FgaRuntimeOptions,
  IdentityResolver,
} from '@fgakit/core/http';
import type { Context, Next } from 'koa';
import type { AnyKoaContext } from './to-authz-request.js';

declare module 'koa' {
  /** Added by `@fgakit/koa`: the per-request access object (identity, checks, loaded resource). */
  interface DefaultState {
    readonly fga: FgaContext;
  }
}

/**
 * State of an app that declares its own state type (`new Router<AppState>()`): extend this so
 * `ctx.state.fga` stays typed.
 *
 * @example
 * ```ts
 * interface AppState extends FgaState { requestId: string }
 * const router = new Router<AppState>();
 * ```
 */
export interface FgaState {
  readonly fga: FgaContext;
}

/**
 * One identity resolver or custom function, seeing the Koa `ctx` as `request.native`.
 *
 * @example
 * ```ts
 * const fromSession: KoaIdentity = (request) => request.native.session?.user ?? null;
 * createFga({ authorizer, identity: [bearerToken(verifier), fromSession] });
 * ```
 */
export type KoaIdentity =
  | IdentityResolver<AuthzRequest<Context>>
  | CustomIdentityFunction<AuthzRequest<Context>>;

/**
 * Options of {@link createFga}: core's `FgaRuntimeOptions`, with custom identity functions typed
 * for Koa (`request.native` is the `ctx`).
 *
 * @example An app with its own sessions (koa-session)
 * ```ts
 * createFga({
 *   authorizer,
 *   identity: (request) => request.native.session?.user ?? null,
 * });
 * ```
 */
export interface FgaKoaOptions extends Omit<FgaRuntimeOptions, 'identity'> {
  /** One resolver or a chain (first success wins): `bearerToken(verifier)`, `cookieToken(...)`, `(req) => ...`. */
  readonly identity: KoaIdentity | readonly KoaIdentity[];
}

/**
 * Koa middleware as `fga.middleware()` returns it.
 *
 * @example
 * ```ts
 * const exposeFga: FgaMiddleware = fga.middleware();
 * app.use(exposeFga);
 * ```
 */
export type FgaMiddleware = (ctx: AnyKoaContext, next: Next) => Promise<void>;
