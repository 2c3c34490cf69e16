// @Membership(): the request's FgaContext (identity, membership, check/can, the loaded resource)
// as a handler parameter; the same object the guard used, so its decisions are memoized.
import type { FgaContext } from '@fgakit/core/http';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { runtimeOf } from './request-runtime.js';
import { type NestHttpRequest, toAuthzRequest } from './to-authz-request.js';

const membershipParam = createParamDecorator(function fgaMembership(
  _data: unknown,
  context: ExecutionContext,
): FgaContext {
  const request = context.switchToHttp().getRequest<NestHttpRequest>();
  const runtime = runtimeOf(request);
  if (runtime === undefined) {
    throw new Error(
      '@Membership() needs PermissionGuard to run on this route: keep FgaModule.forRoot({ guard: "global" }) ' +
        '(the default) or add @UseGuards(PermissionGuard) to the controller.',
    );
  }
  return runtime.context(toAuthzRequest(request));
});

/**
 * Inject the request's `FgaContext`: `identity`, `membershipId`, the resource the guard checked
 * and the loader's row (`loaded`), plus `check`, `can`, `assert`, `listResources` and
 * `effectivePermissions`, all memoized per request.
 *
 * @example
 * ```ts
 * @Get(':projectId/permissions')
 * @RequirePermission('project', 'project:view', { conceal: true })
 * permissions(@Membership() fga: FgaContext, @Param('projectId') id: string) {
 *   return fga.effectivePermissions({ type: 'project', externalId: id });
 * }
 * ```
 */
export function Membership(): ParameterDecorator {
  return membershipParam();
}
