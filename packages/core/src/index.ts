// @fgakit/core: the model, the embedded engine, membership resolution and the errors.
// Explicit named exports only; each section is owned by one module.

export type {
  Admin,
  AssignRoleInput,
  CreateOrganizationInput,
  CreateOrganizationMembershipInput,
  CreateOrganizationRoleInput,
  CreatePermissionInput,
  CreateResourceInput,
  CreateResourceTypeInput,
  CreateRoleInput,
  CreateUserInput,
  DeleteResourceOptions,
  ListOrganizationMembershipsOptions,
  ListResourcesOptions,
  ListRoleAssignmentsForResourceOptions,
  ListRoleAssignmentsOptions,
  ListUsersOptions,
  RemoveRoleInput,
  UpdateOrganizationInput,
  UpdateOrganizationMembershipInput,
  UpdatePermissionInput,
  UpdateResourceInput,
  UpdateResourceTypeInput,
  UpdateRoleInput,
  UpdateUserInput,
} from './admin.js';
// authorizer and admin contracts
export type {
  Authorizer,
  AuthorizerCallOptions,
  CheckQuery,
  Consistency,
  Decision,
  DecisionReason,
  DecisionSource,
  EffectivePermissionsQuery,
  ExplainedRole,
  Explanation,
  FindMembershipQuery,
  ListMembershipsQuery,
  ListResourcesQuery,
  ResourceSummary,
} from './authorizer.js';
// identity and decision cache: added by the identity module
export type { CachedAuthorizer, DecisionCacheOptions, DecisionCacheStats } from './cache/decision-cache.js';
export { cached } from './cache/decision-cache.js';
export type { MembershipCache } from './cache/membership-cache.js';
export { createMembershipCache } from './cache/membership-cache.js';
// model file (config module)
export type {
  ApplyModelOptions,
  CreateLocalAuthorizerOptions,
  LocalAuthorizerWithSeed,
  ModelDocument,
  ModelFormat,
  ModelMembership,
  ModelOrganization,
  ModelPermission,
  ModelResource,
  ModelResourceRef,
  ModelResourceType,
  ModelRole,
  ModelRoleAssignment,
  ModelSettings,
  ModelUser,
  ParseModelOptions,
  SeededModel,
  ValidateModelOptions,
} from './config/index.js';
export {
  applyModel,
  createLocalAuthorizer,
  loadModelFile,
  parseModel,
  validateModel,
} from './config/index.js';
// engine (store, LocalAuthorizer, LocalAdmin)
export { LocalAdmin } from './engine/local-admin.js';
export type {
  LocalAuthorizerBaseOptions,
  LocalAuthorizerOptions,
  OpenLocalAuthorizerOptions,
} from './engine/local-authorizer.js';
export { LocalAuthorizer } from './engine/local-authorizer.js';
export type {
  AuthenticationErrorCode,
  AuthorizationUnavailableErrorCode,
  ConfigurationErrorCode,
  ConflictErrorCode,
  EntityKind,
  FgaErrorCode,
  FgaErrorOptions,
  NotFoundErrorCode,
  PermissionDeniedErrorCode,
  ValidationErrorCode,
  ValidationIssue,
} from './errors.js';
// errors
export {
  AuthenticationError,
  AuthorizationUnavailableError,
  ConfigurationError,
  ConflictError,
  FgaError,
  isFgaError,
  NotFoundError,
  PermissionDeniedError,
  statusForCode,
  ValidationError,
} from './errors.js';
export { mapAuthKitClaims } from './identity/claims.js';
export type { MembershipResolver } from './identity/resolve-membership.js';
export { createMembershipResolver } from './identity/resolve-membership.js';
export { bearerToken, cookieToken, customIdentity, resolveIdentity } from './identity/resolvers.js';
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
} from './identity/types.js';
export { authKitJwksUrl, createTokenVerifier } from './identity/verify-token.js';
export { ID_PREFIX } from './model/ids.js';
export type {
  Deleted,
  EnvironmentSettings,
  ListOrder,
  MembershipStatus,
  Organization,
  OrganizationMembership,
  OrganizationResourceRef,
  Page,
  PageOptions,
  Permission,
  Resource,
  ResourceRef,
  ResourceType,
  Revision,
  Role,
  RoleAssignment,
  RoleAssignmentSource,
  RoleType,
  Timestamp,
  User,
  Write,
} from './model/types.js';
// model
export { ORGANIZATION_TYPE } from './model/types.js';
export { MemoryStore } from './store/memory-store.js';
export type {
  Change,
  MembershipRecord,
  MetadataEntries,
  OrganizationRecord,
  PermissionRecord,
  RecordKind,
  ResourceRecord,
  ResourceTypeRecord,
  RoleAssignmentRecord,
  RoleRecord,
  SettingsRecord,
  StoreRecord,
  UserRecord,
} from './store/records.js';
export { SETTINGS_ID } from './store/records.js';
export type { CommitOptions, CommittedBatch, Store, StoreListener, StoreSnapshot } from './store/store.js';
export type { PageRequest } from './util/paginate.js';
export { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT, paginate, readPageOptions } from './util/paginate.js';
export { isIdWithPrefix, timeOfId, UlidGenerator } from './util/ulid.js';
