// Guards as Express middleware: a compiled requirement run per request, the outcome written
// verbatim. Works on Express 4 and 5 alike: no promise is ever handed to (or escapes from) Express.
import {
  type AuthzRequest,
  type FgaContext,
  type FgaResponse,
  type FgaRuntime,
  type GuardOutcome,
  type LoadedResource,
  type PermissionRequirementOptions,
  type Requirement,
  type RequirementSpec,
  writeFgaResponse,
} from '@fgakit/core/http';
import type { NextFunction, Request, Response } from 'express';
import { exposeFgaContext } from './to-authz-request.js';

/**
 * An Express middleware that enforces one requirement. It also carries the compiled
 * `requirement`, so guards compose.
 *
 * @example
 * ```ts
 * const canView: FgaGuard = fga.requirePermission('project', 'project:view');
 * const canEdit: FgaGuard = fga.requirePermission('project', 'project:edit');
 * app.get('/projects/:projectId/history', fga.anyOf(canEdit, canView), history);
 * ```
 */
export interface FgaGuard {
  // generic, so Express infers `req.params` from the route path rather than from the guard
  <P, ResBody, ReqBody, ReqQuery, Locals extends Record<string, unknown>>(
    req: Request<P, ResBody, ReqBody, ReqQuery, Locals>,
    res: Response<ResBody, Locals>,
    next: NextFunction,
  ): void;
  /** The compiled requirement this guard enforces. */
  readonly requirement: Requirement;
}

/**
 * What `fga.anyOf` / `fga.allOf` accept: guards, compiled requirements or plain requirement data.
 *
 * @example
 * ```ts
 * fga.allOf(fga.requirePermission('app', 'app:view'), { kind: 'permission', resourceType: 'app', permission: 'app:deploy' });
 * ```
 */
export type RequirementLike = FgaGuard | Requirement | RequirementSpec;

/**
 * `ResourceLoader` with the request's `native` typed as the Express `Request`.
 *
 * @example
 * ```ts
 * const load: ExpressResourceLoader<Doc> = async (request) => {
 *   const doc = await db.documents.find(request.native.params.documentId);
 *   return doc ? { externalId: doc.projectId, row: doc } : null;
 * };
 * ```
 */
export type ExpressResourceLoader<Row = unknown> = (
  request: AuthzRequest<Request>,
  context: FgaContext,
) => Promise<LoadedResource<Row> | null> | LoadedResource<Row> | null;

/**
 * Options of `fga.requirePermission`: core's `PermissionRequirementOptions`, with a loader that
 * sees the Express request.
 *
 * @example
 * ```ts
 * fga.requirePermission('project', 'project:edit', { resource: { body: 'projectId' }, conceal: { unless: 'project:view' } });
 * ```
 */
export interface ExpressPermissionOptions<Row = unknown>
  extends Omit<PermissionRequirementOptions<Row>, 'load'> {
  /** Async loader (nearest-FGA-parent pattern); mutually exclusive with `resource`. */
  readonly load?: ExpressResourceLoader<Row> | undefined;
}

/**
 * Wrap a compiled requirement as a named Express middleware. `fga.requirePermission(...)` and
 * friends call this; use it directly for a requirement compiled elsewhere.
 *
 * @example
 * ```ts
 * const canDeploy = fga.runtime.requirePermission('app', 'app:deploy');
 * app.post('/apps/:appId/deploy', createGuard(fga.runtime, canDeploy), deploy);
 * ```
 */
export function createGuard(runtime: FgaRuntime, requirement: Requirement): FgaGuard {
  function fgaRequirePermission(req: Request, res: Response, next: NextFunction): void {
    const outcome = runtime.authorizeNow(exposeFgaContext(runtime, req, res), requirement);
    if (isPending(outcome)) {
      // the catch routes a failing writer to Express, as a synchronous throw would be
      outcome.then((settled) => finish(settled, res, next)).catch(next);
    } else finish(outcome, res, next);
  }
  Object.defineProperty(fgaRequirePermission, 'requirement', { value: requirement, enumerable: true });
  return fgaRequirePermission as FgaGuard;
}

function isPending<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown }).then === 'function';
}

/** Go on to the handler, or write the rejection. */
function finish(outcome: GuardOutcome, res: Response, next: NextFunction): void {
  if (outcome.ok) next();
  else sendFgaResponse(res, outcome.response);
}

/** The compiled requirement or data behind a guard, for `anyOf` / `allOf`. */
export function toRequirement(value: RequirementLike): Requirement | RequirementSpec {
  return typeof value === 'function' ? value.requirement : value;
}

/**
 * Write an fgakit response verbatim: status, every header, and the JSON body. Bypasses `res.send`
 * so Express adds no charset, ETag or 304 handling to a problem response.
 *
 * @example
 * ```ts
 * const response = fga.runtime.responseFor(err);
 * if (response) sendFgaResponse(res, response);
 * ```
 */
export function sendFgaResponse(res: Response, response: FgaResponse): void {
  writeFgaResponse(res, response);
}
