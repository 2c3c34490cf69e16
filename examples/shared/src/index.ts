// @fgakit/example-shared: what the Express, Koa and NestJS demo apps share.
export { demoBanner } from './banner.js';
export {
  ACME_MODEL_PATH,
  createDemo,
  DEMO_AUDIENCE,
  DEMO_ISSUER,
  type Demo,
  type DemoOptions,
} from './demo.js';
export { createDevTokenHandler, DEV_TOKEN_TTL_SECONDS } from './dev-token.js';
export { createDocumentStore, type DemoDocument, documentLoader } from './documents.js';
export { createHandlers, type DemoHandlers, type ResourceView } from './handlers.js';
export { answer, type DemoResult, json, problem } from './result.js';
