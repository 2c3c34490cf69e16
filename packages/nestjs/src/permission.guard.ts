// The guard behind every route: resolve what the route declared, run it through core, and turn a
// rejection into an FgaException. Extend it by overriding `getRequest` and `handleDenied`.
import { ConfigurationError, PermissionDeniedError } from '@fgakit/core';
import type { AuthzRequest, FgaResponse, FgaRuntime, GuardOutcome, Requirement } from '@fgakit/core/http';
import { type CanActivate, type ExecutionContext, Inject, Injectable, Optional } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { FGA_RUNTIME } from './fga.constants.js';
import { FgaException } from './fga.exception.js';
import { FgaExplorer, type RouteAccess } from './fga.explorer.js';
import { bindRuntime } from './request-runtime.js';
import { setResponseHeaders } from './response-headers.js';
import { type NestHttpRequest, toAuthzRequest } from './to-authz-request.js';

/**
 * A rejected outcome, as `handleDenied` receives it.
 *
 * @example
 * ```ts
 * protected override handleDenied(outcome: DeniedOutcome, context: ExecutionContext): boolean {
 *   metrics.increment('fga.denied', { code: outcome.error.code });
 *   return super.handleDenied(outcome, context);
 * }
 * ```
 */
export type DeniedOutcome = Extract<GuardOutcome, { readonly ok: false }>;

const UNDECLARED_DETAIL = 'No permission requirement is declared for this route.';

/**
 * Nest guard enforcing `@RequirePermission()` and friends. `FgaModule.forRoot()` installs it as a
 * global `APP_GUARD` (unless `guard: 'none'`): a route with neither `@Public()` nor a requirement
 * fails closed with 403 `permission_denied`. Rejections throw {@link FgaException}
 * (401 / 403 / 404 / 503) with the problem body; its headers (retry-after, www-authenticate) are
 * set on the response first. Microservice (`rpc`) and websocket (`ws`) handlers pass only when
 * `@Public()`.
 *
 * @example Per controller instead of globally (`guard: 'none'`)
 * ```ts
 * @UseGuards(PermissionGuard)
 * @Controller('projects')
 * export class ProjectsController { ... }
 * ```
 *
 * @example Extend it through its protected hooks
 * ```ts
 * @Injectable()
 * export class AuditedPermissionGuard extends PermissionGuard {
 *   protected override handleDenied(outcome: DeniedOutcome, context: ExecutionContext): boolean {
 *     audit.log(outcome.error.code, outcome.context.identity?.userId);
 *     return super.handleDenied(outcome, context);
 *   }
 * }
 * // AppModule providers: { provide: APP_GUARD, useClass: AuditedPermissionGuard } with guard: 'none'
 * ```
 */
@Injectable()
export class PermissionGuard implements CanActivate {
  constructor(
    @Inject(FGA_RUNTIME) protected readonly fga: FgaRuntime,
    @Inject(FgaExplorer) protected readonly explorer: FgaExplorer,
    @Optional() @Inject(HttpAdapterHost) protected readonly adapterHost?: HttpAdapterHost,
  ) {}

  /**
   * Resolve the route's declaration (compiled once per handler by {@link FgaExplorer}) and enforce
   * it. Synchronous for `@Public()`, undeclared and non-HTTP routes (no promise on that path);
   * a promise only when a requirement has to be authorized. Rejections throw (see `handleDenied`).
   */
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const controller = context.getClass();
    const handler = context.getHandler();
    // microservice and websocket handlers have no HTTP request to authorize: only @Public() passes
    const type = context.getType();
    const transportless = type === 'rpc' || type === 'ws';
    let access: RouteAccess;
    try {
      access = this.explorer.accessFor(controller, handler);
    } catch (err) {
      // only reachable for handlers first seen after start-up; they fail closed too
      if (transportless) return false;
      const error =
        err instanceof ConfigurationError
          ? err
          : new ConfigurationError('invalid_configuration', 'Invalid permission requirement.', {
              cause: err,
            });
      return this.handleDenied(this.rejection(this.bind(context), error), context);
    }
    if (transportless) return access.kind === 'public';
    if (access.kind === 'public') {
      // only record the runtime (for @Membership()); the AuthzRequest is built when something asks
      bindRuntime(this.getRequest(context), this.fga);
      return true;
    }
    const request = this.bind(context);
    if (access.kind === 'undeclared') {
      this.explorer.warnUndeclared(controller, handler);
      return this.handleDenied(
        this.rejection(request, new PermissionDeniedError('permission_denied', UNDECLARED_DETAIL)),
        context,
      );
    }
    return this.authorizeRoute(request, access.requirement, context);
  }

  /**
   * The platform request of this execution context (Express `req`, Fastify `request`). Override
   * it for other transports (e.g. GraphQL's `GqlExecutionContext.create(context).getContext().req`).
   */
  protected getRequest(context: ExecutionContext): NestHttpRequest {
    return context.switchToHttp().getRequest<NestHttpRequest>();
  }

  /**
   * Called for every rejection. The default sets the rejection's headers (except content-type,
   * which `FgaExceptionFilter` writes with the body) and throws an {@link FgaException}. Return
   * `false` instead to get Nest's plain `ForbiddenException`; never return `true` for a denial.
   */
  protected handleDenied(outcome: DeniedOutcome, context: ExecutionContext): boolean {
    const response = outcome.response;
    if (context.getType() === 'http') {
      // so Nest's own filter still sends retry-after / www-authenticate if FgaExceptionFilter is bypassed
      setResponseHeaders(this.adapterHost, context.switchToHttp().getResponse<unknown>(), response.headers, {
        skip: ['content-type'],
      });
    }
    throw new FgaException(response, { error: outcome.error });
  }

  /** Synchronous when core knows the outcome at once (see `authorizeNow`); a promise otherwise. */
  private authorizeRoute(
    request: AuthzRequest<NestHttpRequest>,
    requirement: Requirement,
    context: ExecutionContext,
  ): boolean | Promise<boolean> {
    const outcome = this.fga.authorizeNow(request, requirement);
    if (typeof (outcome as { then?: unknown }).then === 'function') {
      return (outcome as Promise<GuardOutcome>).then((settled) => this.settle(settled, context));
    }
    return this.settle(outcome as GuardOutcome, context);
  }

  private settle(outcome: GuardOutcome, context: ExecutionContext): boolean {
    return outcome.ok ? true : this.handleDenied(outcome, context);
  }

  private bind(context: ExecutionContext): AuthzRequest<NestHttpRequest> {
    const native = this.getRequest(context);
    bindRuntime(native, this.fga);
    return toAuthzRequest(native);
  }

  private rejection(request: AuthzRequest, error: PermissionDeniedError | ConfigurationError): DeniedOutcome {
    const response: FgaResponse = this.fga.responseFor(error, request) ?? {
      status: error.status,
      headers: { 'content-type': 'application/problem+json' },
      body: {
        type: 'about:blank',
        title: 'Forbidden',
        status: error.status,
        detail: error.message,
        code: error.code,
      },
    };
    return { ok: false, context: this.fga.context(request), response, error };
  }
}
