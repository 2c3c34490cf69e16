// @fgakit/core/http: the framework-neutral request contract every adapter calls.
// Explicit named exports only.

export { readCookie } from '../identity/cookies.js';
export { bearerToken, cookieToken, customIdentity, resolveIdentity } from '../identity/resolvers.js';
export type {
  ClaimsIdentity,
  CustomIdentity,
  CustomIdentityFunction,
  Identity,
  IdentityResolver,
  IdentityResult,
  IdentitySource,
  JwsAlgorithm,
  MembershipCacheOptions,
  PublicKeyInput,
  TokenCacheOptions,
  TokenKeySource,
  TokenVerification,
  TokenVerifier,
  TokenVerifierOptions,
} from '../identity/types.js';
export { authKitJwksUrl, createTokenVerifier } from '../identity/verify-token.js';
export type { ProblemResponseOptions } from './problem.js';
export {
  concealedResponse,
  DEFAULT_PROBLEM_TYPE_BASE,
  NOT_FOUND_DETAIL,
  problemResponse,
  responseForError,
  serializeFgaResponse,
  writeFgaResponse,
} from './problem.js';
export { type NodeHeaders, RequestView, readHeader, requestView } from './request-view.js';
export { createFgaRuntime } from './runtime.js';
export type {
  AuthzRequest,
  ConcealOption,
  DeniedEvent,
  ErrorEvent,
  FgaContext,
  FgaContextSummary,
  FgaResponse,
  FgaRuntime,
  FgaRuntimeOptions,
  GuardOutcome,
  LoadedResource,
  OutcomeHook,
  PermissionRequirementOptions,
  ProblemDetails,
  Requirement,
  RequirementSpec,
  ResourceIdSource,
  ResourceLoader,
} from './types.js';
