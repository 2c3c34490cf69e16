// @fgakit/nestjs: FgaModule, PermissionGuard and the decorators. Explicit named exports only.

export {
  FGA_GUARD_MODE,
  FGA_MODULE_OPTIONS,
  FGA_PUBLIC_METADATA,
  FGA_REQUIREMENTS_METADATA,
  FGA_RUNTIME,
} from './fga.constants.js';
export { FgaException } from './fga.exception.js';
export { FgaExplorer, type RouteAccess } from './fga.explorer.js';
export { FgaModule } from './fga.module.js';
export type {
  FgaGuardMode,
  FgaModuleAsyncOptions,
  FgaModuleExtras,
  FgaModuleOptions,
} from './fga.module-definition.js';
export { FgaErrorInterceptor } from './fga-error.interceptor.js';
export { FgaExceptionFilter } from './fga-exception.filter.js';
export { Membership } from './membership.decorator.js';
export { type DeniedOutcome, PermissionGuard } from './permission.guard.js';
export { Public } from './public.decorator.js';
export {
  type FgaResourceLoader,
  type FgaRouteDecorator,
  getRequirementSpecs,
  type NestPermissionOptions,
  organizationPermission,
  permission,
  RequireAllOf,
  RequireAnyOf,
  RequireOrganizationPermission,
  RequirePermission,
} from './require-permission.decorator.js';
export { type NestHttpRequest, toAuthzRequest } from './to-authz-request.js';
