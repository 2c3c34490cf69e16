// The route guard: a compiled core requirement wrapped as Koa middleware. It asks core, then
// either calls `next()` or writes the 401/403/404/503 problem response itself.
import type {
  AuthzRequest,
  FgaContext,
  FgaRuntime,
  GuardOutcome,
  LoadedResource,
  PermissionRequirementOptions,
  Requirement,
  RequirementSpec,
} from '@fgakit/core/http';
import type { Context, Next } from 'koa';
import { type AnyKoaContext, defineFgaState, sendFgaResponse } from './to-authz-request.js';

/**
 * Koa middleware that guards a route with one compiled requirement. It carries that requirement,
 * so guards compose: `fga.anyOf(fga.requirePermission(...), fga.requireOrganizationPermission(...))`.
 *
 * @example
 * ```ts
 * const canViewProject: FgaGuard = fga.requirePermission('project', 'project:view', { conceal: true });
 * router.get('/projects/:projectId', canViewProject, showProject);
 * console.log(canViewProject.requirement.description); // project:view on project(:projectId)
 * ```
 */
export interface FgaGuard {
  (ctx: AnyKoaContext, next: Next): Promise<void>;
  /** The compiled requirement this guard enforces. */
  readonly requirement: Requirement;
}

/**
 * What `anyOf`, `allOf` and `guard` accept: a guard from this package, a requirement compiled by the
 * runtime, or a plain {@link RequirementSpec}.
 *
 * @example
 * ```ts
 * const spec: RequirementLike = { kind: 'permission', resourceType: 'project', permission: 'project:edit' };
 * router.patch('/projects/:projectId', fga.anyOf(spec, fga.requireOrganizationPermission('project:edit')), update);
 * ```
 */
export type RequirementLike = FgaGuard | Requirement | RequirementSpec;

/**
 * Core's `ResourceLoader` with `request.native` typed as the Koa `Context`.
 *
 * @example
 * ```ts
 * const load: KoaResourceLoader<Doc> = async (request) => {
 *   const doc = await request.native.db.documents.find(request.param('documentId'));
 *   return doc ? { externalId: doc.projectId, row: doc } : null;
 * };
 * ```
 */
export type KoaResourceLoader<Row = unknown> = (
  request: AuthzRequest<Context>,
  context: FgaContext,
) => Promise<LoadedResource<Row> | null> | LoadedResource<Row> | null;

/**
 * Options of `fga.requirePermission`: core's `PermissionRequirementOptions`, with a loader that
 * sees the Koa context.
 *
 * @example
 * ```ts
 * fga.requirePermission('project', 'project:edit', { resource: { body: 'projectId' }, conceal: { unless: 'project:view' } });
 * ```
 */
export interface KoaPermissionOptions<Row = unknown> extends Omit<PermissionRequirementOptions<Row>, 'load'> {
  /** Async loader (nearest-FGA-parent pattern); mutually exclusive with `resource`. */
  readonly load?: KoaResourceLoader<Row> | undefined;
}

/**
 * The requirement behind a {@link RequirementLike}: a guard's own, or the input itself.
 *
 * @example
 * ```ts
 * runtime.anyOf(...[canEdit, { kind: 'permission', resourceType: 'project', permission: 'project:delete' }].map(toRequirement));
 * ```
 */
export function toRequirement(input: RequirementLike): Requirement | RequirementSpec {
  return typeof input === 'function' ? input.requirement : input;
}

/**
 * Wrap a compiled requirement as Koa middleware. Core's `authorize()` never throws, so nothing
 * escapes as an unhandled rejection: an allow calls `next()`, anything else is written on `ctx`
 * (and `next()` is not called). The guard also defines `ctx.state.fga`, so handlers can use it even
 * without `fga.middleware()`.
 *
 * @example
 * ```ts
 * const runtime = createFgaRuntime({ authorizer, identity });
 * router.delete('/projects/:projectId', createGuard(runtime, runtime.requirePermission('project', 'project:delete')), remove);
 * ```
 */
export function createGuard(runtime: FgaRuntime, requirement: Requirement): FgaGuard {
  // not an async function: an allowed request goes on to next() in the same tick
  function fgaRequirePermission(ctx: AnyKoaContext, next: Next): Promise<void> {
    const outcome = runtime.authorizeNow(defineFgaState(runtime, ctx), requirement);
    return isPending(outcome)
      ? outcome.then((settled) => proceed(settled, ctx, next))
      : proceed(outcome, ctx, next);
  }
  return Object.assign(fgaRequirePermission, { requirement });
}

function proceed(outcome: GuardOutcome, ctx: AnyKoaContext, next: Next): Promise<void> {
  if (outcome.ok) return next();
  sendFgaResponse(ctx, outcome.response);
  return DONE;
}

const DONE: Promise<void> = Promise.resolve();

function isPending<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown }).then === 'function';
}
