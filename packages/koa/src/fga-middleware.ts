// `createFga()`: one core runtime per app, and the Koa middleware around it — `ctx.state.fga` for
// handlers, fgakit errors thrown downstream turned into problem+json, and the route guards.
import {
  createFgaRuntime,
  type FgaContext,
  type FgaRuntime,
  type FgaRuntimeOptions,
  type PermissionRequirementOptions,
} from '@fgakit/core/http';
import type { Next } from 'koa';
import {
  createGuard,
  type FgaGuard,
  type KoaPermissionOptions,
  type RequirementLike,
  toRequirement,
} from './require-permission.js';
import { type AnyKoaContext, defineFgaState, sendFgaResponse, toAuthzRequest } from './to-authz-request.js';
import type { FgaKoaOptions, FgaMiddleware } from './types.js';

/**
 * The Koa face of an fgakit runtime, made by {@link createFga}. Every guard factory validates its
 * requirement when called (at route declaration), so a typo fails at start-up, not per request.
 *
 * @example
 * ```ts
 * router.get('/projects/:projectId', fga.requirePermission('project', 'project:view', { conceal: true }), show);
 * router.post('/invites', fga.requireOrganizationPermission('members:invite'), invite);
 * router.patch('/projects/:projectId', fga.anyOf(fga.requirePermission('project', 'project:edit'), isAdmin), edit);
 * ```
 */
export interface FgaKoa {
  /** The core runtime (for `authorize()`, `compile()`, or another adapter sharing it). */
  readonly runtime: FgaRuntime;
  /** Defines `ctx.state.fga` (the request context, created at once; no authorizer call) and answers fgakit errors thrown downstream with problem+json. */
  middleware(): FgaMiddleware;
  /** Guard: `permission` on the `resourceType` named by `:<type>Id`/`:id`, a declared source or a loader. */
  requirePermission<Row = unknown>(
    resourceType: string,
    permission: string,
    options?: KoaPermissionOptions<Row>,
  ): FgaGuard;
  /** Guard: an organization-wide permission (token fast path, else checked on the organization resource). */
  requireOrganizationPermission(
    permission: string,
    options?: Pick<PermissionRequirementOptions, 'conceal' | 'tokenFastPath' | 'consistency'>,
  ): FgaGuard;
  /** Guard satisfied when any input is (in order; the first allow wins). */
  anyOf(...inputs: readonly RequirementLike[]): FgaGuard;
  /** Guard satisfied when every input is (in order; the first denial answers). */
  allOf(...inputs: readonly RequirementLike[]): FgaGuard;
  /** Guard from a compiled requirement or a plain spec (e.g. stored as route metadata). */
  guard(input: RequirementLike): FgaGuard;
  /** The request's access object, the same one as `ctx.state.fga`. */
  context<Row = unknown>(ctx: AnyKoaContext): FgaContext<Row>;
}

/**
 * Create fgakit for a Koa app. Options are core's `FgaRuntimeOptions`, validated now: a missing
 * authorizer or identity, or a bad option, throws `ConfigurationError` naming the fix. Pass an
 * existing `FgaRuntime` instead to share one (caches, memo keys) with another adapter.
 *
 * @example
 * ```ts
 * import Koa from 'koa';
 * import Router from '@koa/router';
 * import { createFga } from '@fgakit/koa';
 * import { bearerToken, createTokenVerifier } from '@fgakit/core/http';
 *
 * const fga = createFga({ authorizer, identity: bearerToken(createTokenVerifier({ jwksUrl, algorithms: ['RS256'] })) });
 * const app = new Koa();
 * const router = new Router();
 * app.use(fga.middleware());
 * router.get('/projects/:projectId', fga.requirePermission('project', 'project:view', { conceal: true }), (ctx) => {
 *   ctx.body = { project: ctx.params.projectId };
 * });
 * app.use(router.routes());
 * ```
 */
export function createFga(options: FgaKoaOptions | FgaRuntime): FgaKoa {
  // the cast only widens `native` from Koa's Context to unknown: this adapter always passes a ctx
  const runtime = isRuntime(options) ? options : createFgaRuntime(options as FgaRuntimeOptions);
  const compileAll = (inputs: readonly RequirementLike[]) => inputs.map(toRequirement);
  return {
    runtime,
    middleware() {
      return async function fgaMiddleware(ctx: AnyKoaContext, next: Next): Promise<void> {
        defineFgaState(runtime, ctx);
        try {
          await next();
        } catch (error) {
          const response = runtime.responseFor(error, toAuthzRequest(ctx));
          if (response === undefined || ctx.headerSent) throw error;
          // a 5xx thrown by a handler (authorizer down) still reaches the app's error log
          if (response.status >= 500) ctx.app.emit('error', error, ctx);
          sendFgaResponse(ctx, response);
        }
      };
    },
    requirePermission: (resourceType, permission, requirementOptions) =>
      createGuard(
        runtime,
        runtime.requirePermission(
          resourceType,
          permission,
          requirementOptions as PermissionRequirementOptions,
        ),
      ),
    requireOrganizationPermission: (permission, requirementOptions) =>
      createGuard(runtime, runtime.requireOrganizationPermission(permission, requirementOptions)),
    anyOf: (...inputs) => createGuard(runtime, runtime.anyOf(...compileAll(inputs))),
    allOf: (...inputs) => createGuard(runtime, runtime.allOf(...compileAll(inputs))),
    guard: (input) => createGuard(runtime, runtime.compile(toRequirement(input))),
    context: <Row = unknown>(ctx: AnyKoaContext) => runtime.context<Row>(toAuthzRequest(ctx)),
  };
}

function isRuntime(value: FgaKoaOptions | FgaRuntime): value is FgaRuntime {
  return typeof (value as Partial<FgaRuntime> | null)?.authorize === 'function';
}
