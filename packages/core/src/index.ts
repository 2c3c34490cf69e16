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

// engine (store, LocalAuthorizer, LocalAdmin): added by the engine module

// model file: added by the config module

// identity and decision cache: added by the identity module
