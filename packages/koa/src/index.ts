// @fgakit/koa: Koa 2 middleware for fgakit. Explicit named exports only; core does the deciding.

export type { FgaKoa } from './fga-middleware.js';
export { createFga } from './fga-middleware.js';
export type {
  FgaGuard,
  KoaPermissionOptions,
  KoaResourceLoader,
  RequirementLike,
} from './require-permission.js';
export { createGuard } from './require-permission.js';
export type { AnyKoaContext } from './to-authz-request.js';
export { defineFgaState, sendFgaResponse, toAuthzRequest } from './to-authz-request.js';
export type { FgaKoaOptions, FgaMiddleware, FgaState, KoaIdentity } from './types.js';
