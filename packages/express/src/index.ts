// @fgakit/express: Express 4 and 5 middleware over @fgakit/core/http. Explicit named exports only.
export {
  createFga,
  type ExpressIdentity,
  type FgaExpress,
  type FgaExpressOptions,
} from './fga-middleware.js';
export {
  createGuard,
  type ExpressPermissionOptions,
  type ExpressResourceLoader,
  type FgaGuard,
  type RequirementLike,
  sendFgaResponse,
} from './require-permission.js';
export { exposeFgaContext, toAuthzRequest } from './to-authz-request.js';
