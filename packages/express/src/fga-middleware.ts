// `createFga()`: the Express face of one core runtime — `req.fga`, guards, and the error handler
// that turns fgakit errors thrown in handlers into the same problem responses the guards send.
import {
  type AuthzRequest,
  type CustomIdentityFunction,
  createFgaRuntime,
  type FgaContext,
  type FgaRuntime,
  type FgaRuntimeOptions,
  type IdentityResolver,
  type PermissionRequirementOptions,
} from '@fgakit/core/http';
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express';
import {
  createGuard,
  type ExpressPermissionOptions,
  type FgaGuard,
  type RequirementLike,
  sendFgaResponse,
  toRequirement,
} from './require-permission.js';
import { exposeFgaContext, toAuthzRequest } from './to-authz-request.js';

/**
 * One identity resolver or custom function, seeing the Express request as `request.native`.
 *
 * @example A bearer token first, then the app's own session
 * ```ts
 * const identity: ExpressIdentity[] = [
 *   bearerToken(verifier),
 *   (request) => sessions.get(request.cookie?.('sid') ?? '') ?? null,
 * ];
 * ```
 */
export type ExpressIdentity =
  | IdentityResolver<AuthzRequest<Request>>
  | CustomIdentityFunction<AuthzRequest<Request>>;

/**
 * Options of {@link createFga}: core's `FgaRuntimeOptions`, with custom identity functions typed
 * for Express (`request.native` is the Express `Request`).
 *
 * @example An app with its own sessions
 * ```ts
 * createFga({
 *   authorizer,
 *   identity: (request) => request.native.session?.user ?? null,
 * });
 * ```
 */
export interface FgaExpressOptions extends Omit<FgaRuntimeOptions, 'identity'> {
  /** One resolver or a chain (first success wins): `bearerToken(verifier)`, `cookieToken(...)`, `(req) => ...`. */
  readonly identity: ExpressIdentity | readonly ExpressIdentity[];
}

/**
 * What {@link createFga} returns: middleware factories over one core runtime.
 *
 * @example
 * ```ts
 * const fga: FgaExpress = createFga({ authorizer, identity: bearerToken(verifier) });
 * router.patch('/projects/:projectId', fga.requirePermission('project', 'project:edit'), update);
 * ```
 */
export interface FgaExpress {
  /** The core runtime (shared with other adapters if you passed one in). */
  readonly runtime: FgaRuntime;
  /** Defines `req.fga` for every request (a lazy getter); never touches `req.user`. */
  middleware(): RequestHandler;
  /** Guard: `permission` on the `resourceType` named by the route (`:<type>Id`, else `:id`) or `options`. */
  requirePermission<Row = unknown>(
    resourceType: string,
    permission: string,
    options?: ExpressPermissionOptions<Row>,
  ): FgaGuard;
  /** Guard: `permission` on the caller's organization resource (token fast path applies). */
  requireOrganizationPermission(
    permission: string,
    options?: Pick<PermissionRequirementOptions, 'conceal' | 'tokenFastPath' | 'consistency'>,
  ): FgaGuard;
  /** Guard: satisfied when any of the requirements is (in order). */
  anyOf(...requirements: readonly RequirementLike[]): FgaGuard;
  /** Guard: satisfied when all of the requirements are. */
  allOf(...requirements: readonly RequirementLike[]): FgaGuard;
  /** Guard for a requirement given as data (`RequirementSpec`) or compiled elsewhere. */
  guard(requirement: RequirementLike): FgaGuard;
  /** The request's context, the same object as `req.fga`. */
  context<Row = unknown>(req: Request): FgaContext<Row>;
  /** Error middleware: fgakit errors → problem+json; anything else → `next(err)`. Mount it last. */
  errorHandler(): ErrorRequestHandler;
}

/**
 * Create the Express adapter. Options are validated now: a mistake throws `ConfigurationError`
 * at start-up with the fix in its message, and so does a guard naming an unknown permission.
 *
 * @example
 * ```ts
 * import { createFga } from '@fgakit/express';
 * import { bearerToken, createTokenVerifier, authKitJwksUrl } from '@fgakit/core/http';
 *
 * const fga = createFga({
 *   authorizer,
 *   identity: bearerToken(createTokenVerifier({ jwksUrl: authKitJwksUrl(clientId), algorithms: ['RS256'] })),
 * });
 * app.use(fga.middleware());
 * app.get('/projects/:projectId', fga.requirePermission('project', 'project:view', { conceal: true }), show);
 * app.use(fga.errorHandler());
 * ```
 */
export function createFga(options: FgaExpressOptions | FgaRuntime): FgaExpress {
  // the casts only widen `native` from Express's Request to unknown: this adapter always passes a Request
  const runtime = isRuntime(options) ? options : createFgaRuntime(options as FgaRuntimeOptions);

  return {
    runtime,
    middleware: () =>
      function fgaMiddleware(req: Request, res: Response, next: NextFunction): void {
        exposeFgaContext(runtime, req, res);
        next();
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
    anyOf: (...requirements) => createGuard(runtime, runtime.anyOf(...requirements.map(toRequirement))),
    allOf: (...requirements) => createGuard(runtime, runtime.allOf(...requirements.map(toRequirement))),
    guard: (requirement) => createGuard(runtime, runtime.compile(toRequirement(requirement))),
    context: <Row = unknown>(req: Request) => runtime.context<Row>(toAuthzRequest(req)),
    errorHandler: () =>
      function fgaErrorHandler(err: unknown, req: Request, res: Response, next: NextFunction): void {
        const response = runtime.responseFor(err, toAuthzRequest(req));
        // once a handler started streaming, only Express can end the response (it closes the socket)
        if (response === undefined || res.headersSent) next(err);
        else sendFgaResponse(res, response);
      },
  };
}

function isRuntime(value: FgaExpressOptions | FgaRuntime): value is FgaRuntime {
  return typeof (value as Partial<FgaRuntime> | null)?.authorize === 'function';
}
