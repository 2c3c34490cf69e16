// The admin side of the model (SPEC §3): every create/get/list/update/delete the embedded engine
// supports. Every write resolves to the written object and the new store revision (SPEC D18);
// a rejected write throws a typed error and leaves the store unchanged.
import type {
  Deleted,
  EnvironmentSettings,
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
  User,
  Write,
} from './model/types.js';

export interface CreateOrganizationInput {
  readonly name: string;
  readonly externalId?: string | null;
  readonly metadata?: Readonly<Record<string, string>>;
}
export interface UpdateOrganizationInput {
  readonly name?: string;
  readonly externalId?: string | null;
  readonly metadata?: Readonly<Record<string, string>>;
}

export interface CreateUserInput {
  readonly email: string;
  readonly emailVerified?: boolean;
  readonly firstName?: string | null;
  readonly lastName?: string | null;
  readonly externalId?: string | null;
  readonly metadata?: Readonly<Record<string, string>>;
}
export interface UpdateUserInput {
  readonly email?: string;
  readonly emailVerified?: boolean;
  readonly firstName?: string | null;
  readonly lastName?: string | null;
  readonly externalId?: string | null;
  readonly metadata?: Readonly<Record<string, string>>;
}
export interface ListUsersOptions extends PageOptions {
  readonly email?: string;
  readonly organizationId?: string;
}

/** `roleSlug` and `roleSlugs` are mutually exclusive; neither → the default role. */
export interface CreateOrganizationMembershipInput {
  readonly userId: string;
  readonly organizationId: string;
  readonly roleSlug?: string;
  readonly roleSlugs?: readonly string[];
  /** fgakit extension for seeding and invitations: `pending` instead of the default `active`. */
  readonly status?: 'active' | 'pending';
}
export interface UpdateOrganizationMembershipInput {
  readonly roleSlug?: string;
  readonly roleSlugs?: readonly string[];
}
/** At least one of `organizationId` and `userId` is required. `statuses` defaults to `['active']`. */
export interface ListOrganizationMembershipsOptions extends PageOptions {
  readonly organizationId?: string;
  readonly userId?: string;
  readonly statuses?: readonly MembershipStatus[];
}

export interface CreateRoleInput {
  readonly slug: string;
  readonly name: string;
  readonly description?: string | null;
  /** Defaults to `organization`. Immutable. */
  readonly resourceTypeSlug?: string;
}
/** Custom role: `slug` optional (must start with `org-`; generated from the name when omitted). */
export interface CreateOrganizationRoleInput {
  readonly slug?: string;
  readonly name: string;
  readonly description?: string | null;
  readonly resourceTypeSlug?: string;
}
export interface UpdateRoleInput {
  readonly name?: string;
  readonly description?: string | null;
}

export interface CreatePermissionInput {
  readonly slug: string;
  readonly name: string;
  readonly description?: string | null;
  /** Defaults to `organization`. Immutable. */
  readonly resourceTypeSlug?: string;
  readonly system?: boolean;
}
export interface UpdatePermissionInput {
  readonly name?: string;
  readonly description?: string | null;
}

export interface CreateResourceTypeInput {
  readonly slug: string;
  readonly name: string;
  readonly description?: string | null;
  /** Defaults to `['organization']`. */
  readonly parentTypeSlugs?: readonly string[];
}
export interface UpdateResourceTypeInput {
  readonly name?: string;
  readonly description?: string | null;
  readonly parentTypeSlugs?: readonly string[];
}

export interface CreateResourceInput {
  readonly organizationId: string;
  readonly resourceTypeSlug: string;
  readonly externalId: string;
  readonly name: string;
  readonly description?: string | null;
  /** Parent inside the same organization; omitted or `null` → the organization resource. */
  readonly parent?: ResourceRef | null;
}
export interface UpdateResourceInput {
  readonly name?: string;
  readonly description?: string | null;
  /** Re-parent (cycle-checked, SPEC D11); `null` → directly under the organization resource. */
  readonly parent?: ResourceRef | null;
}
export interface ListResourcesOptions extends PageOptions {
  readonly organizationId?: string;
  readonly resourceTypeSlug?: string;
  readonly resourceExternalId?: string;
  readonly parent?: ResourceRef;
}
export interface DeleteResourceOptions {
  /** Also delete every descendant and every role assignment on the subtree. */
  readonly cascadeDelete?: boolean;
}

export interface AssignRoleInput {
  readonly membershipId: string;
  readonly roleSlug: string;
  readonly resource: ResourceRef;
  /** `error` (default): a duplicate is a 409 `role_assignment_already_exists`; `return`: answer the existing one (SPEC D7). */
  readonly ifExists?: 'error' | 'return';
}
export interface RemoveRoleInput {
  readonly membershipId: string;
  readonly roleSlug: string;
  readonly resource: ResourceRef;
}
export interface ListRoleAssignmentsOptions extends PageOptions {
  readonly membershipId: string;
  readonly resourceId?: string;
  readonly resourceExternalId?: string;
  readonly resourceTypeSlug?: string;
}
export interface ListRoleAssignmentsForResourceOptions extends PageOptions {
  readonly resource: OrganizationResourceRef;
  readonly roleSlug?: string;
}

/**
 * Every admin operation of SPEC §3 that the embedded engine supports.
 * Reads of unknown objects reject with `NotFoundError`; invalid input with `ValidationError`;
 * conflicts with `ConflictError`.
 */
export interface Admin {
  /** The current store revision. */
  revision(): Promise<Revision>;
  getSettings(): Promise<EnvironmentSettings>;
  updateSettings(input: Partial<EnvironmentSettings>): Promise<Write<EnvironmentSettings>>;

  createOrganization(input: CreateOrganizationInput): Promise<Write<Organization>>;
  getOrganization(id: string): Promise<Organization>;
  getOrganizationByExternalId(externalId: string): Promise<Organization>;
  listOrganizations(options?: PageOptions): Promise<Page<Organization>>;
  updateOrganization(id: string, input: UpdateOrganizationInput): Promise<Write<Organization>>;
  /** Deletes its memberships, custom roles, resources and role assignments too. */
  deleteOrganization(id: string): Promise<Deleted>;

  createUser(input: CreateUserInput): Promise<Write<User>>;
  getUser(id: string): Promise<User>;
  getUserByExternalId(externalId: string): Promise<User>;
  listUsers(options?: ListUsersOptions): Promise<Page<User>>;
  updateUser(id: string, input: UpdateUserInput): Promise<Write<User>>;
  /** Deletes the user's memberships and their role assignments too. */
  deleteUser(id: string): Promise<Deleted>;

  /** Creating one for a pair with an `inactive` membership reactivates it with the given roles. */
  createOrganizationMembership(
    input: CreateOrganizationMembershipInput,
  ): Promise<Write<OrganizationMembership>>;
  getOrganizationMembership(id: string): Promise<OrganizationMembership>;
  listOrganizationMemberships(
    options: ListOrganizationMembershipsOptions,
  ): Promise<Page<OrganizationMembership>>;
  updateOrganizationMembership(
    id: string,
    input: UpdateOrganizationMembershipInput,
  ): Promise<Write<OrganizationMembership>>;
  deactivateOrganizationMembership(id: string): Promise<Write<OrganizationMembership>>;
  reactivateOrganizationMembership(id: string): Promise<Write<OrganizationMembership>>;
  /** Deletes the membership's role assignments too. */
  deleteOrganizationMembership(id: string): Promise<Deleted>;

  createEnvironmentRole(input: CreateRoleInput): Promise<Write<Role>>;
  /** In priority order; not paginated. */
  listEnvironmentRoles(): Promise<Role[]>;
  getEnvironmentRole(slug: string): Promise<Role>;
  updateEnvironmentRole(slug: string, input: UpdateRoleInput): Promise<Write<Role>>;
  /** fgakit extension (SPEC D10): 409 `role_has_assignments` while any assignment or membership uses it. */
  deleteEnvironmentRole(slug: string): Promise<Deleted>;
  setEnvironmentRolePermissions(slug: string, permissions: readonly string[]): Promise<Write<Role>>;
  addEnvironmentRolePermission(slug: string, permissionSlug: string): Promise<Write<Role>>;
  removeEnvironmentRolePermission(slug: string, permissionSlug: string): Promise<Write<Role>>;

  createOrganizationRole(organizationId: string, input: CreateOrganizationRoleInput): Promise<Write<Role>>;
  /** Environment roles and the organization's custom roles, in the organization's priority order. */
  listOrganizationRoles(organizationId: string): Promise<Role[]>;
  /** An environment role or one of the organization's custom roles. */
  getOrganizationRole(organizationId: string, slug: string): Promise<Role>;
  updateOrganizationRole(organizationId: string, slug: string, input: UpdateRoleInput): Promise<Write<Role>>;
  deleteOrganizationRole(organizationId: string, slug: string): Promise<Deleted>;
  setOrganizationRolePermissions(
    organizationId: string,
    slug: string,
    permissions: readonly string[],
  ): Promise<Write<Role>>;
  addOrganizationRolePermission(
    organizationId: string,
    slug: string,
    permissionSlug: string,
  ): Promise<Write<Role>>;
  removeOrganizationRolePermission(
    organizationId: string,
    slug: string,
    permissionSlug: string,
  ): Promise<Write<Role>>;

  createPermission(input: CreatePermissionInput): Promise<Write<Permission>>;
  getPermission(slug: string): Promise<Permission>;
  listPermissions(options?: PageOptions): Promise<Page<Permission>>;
  updatePermission(slug: string, input: UpdatePermissionInput): Promise<Write<Permission>>;
  /** Removes the permission from every role (SPEC D10). */
  deletePermission(slug: string): Promise<Deleted>;

  createResourceType(input: CreateResourceTypeInput): Promise<Write<ResourceType>>;
  getResourceType(slug: string): Promise<ResourceType>;
  /** Every type, `organization` first, then in creation order. */
  listResourceTypes(): Promise<ResourceType[]>;
  updateResourceType(slug: string, input: UpdateResourceTypeInput): Promise<Write<ResourceType>>;
  /** 409 while roles, permissions, instances or child types still use it (SPEC D15). */
  deleteResourceType(slug: string): Promise<Deleted>;

  createResource(input: CreateResourceInput): Promise<Write<Resource>>;
  getResource(ref: OrganizationResourceRef): Promise<Resource>;
  listResources(options?: ListResourcesOptions): Promise<Page<Resource>>;
  updateResource(ref: OrganizationResourceRef, input: UpdateResourceInput): Promise<Write<Resource>>;
  deleteResource(ref: OrganizationResourceRef, options?: DeleteResourceOptions): Promise<Deleted>;

  assignRole(input: AssignRoleInput): Promise<Write<RoleAssignment>>;
  removeRole(input: RemoveRoleInput): Promise<Deleted>;
  removeRoleAssignment(input: {
    readonly membershipId: string;
    readonly roleAssignmentId: string;
  }): Promise<Deleted>;
  listRoleAssignments(options: ListRoleAssignmentsOptions): Promise<Page<RoleAssignment>>;
  listRoleAssignmentsForResource(
    options: ListRoleAssignmentsForResourceOptions,
  ): Promise<Page<RoleAssignment>>;
}
