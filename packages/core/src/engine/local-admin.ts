// The Admin interface over the embedded engine: each write validates against the index, commits
// one all-or-nothing batch to the store, applies it, and answers with the new revision.
import type {
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
} from '../admin.js';
import type { ModelContext, Plan } from '../model/context.js';
import * as membership from '../model/membership.js';
import * as organization from '../model/organization.js';
import * as permission from '../model/permission.js';
import * as resource from '../model/resource.js';
import * as resourceType from '../model/resource-type.js';
import * as role from '../model/role.js';
import * as roleAssignment from '../model/role-assignment.js';
import * as settings from '../model/settings.js';
import type {
  Deleted,
  EnvironmentSettings,
  Organization,
  OrganizationMembership,
  OrganizationResourceRef,
  Page,
  PageOptions,
  Permission,
  Resource,
  ResourceType,
  Revision,
  Role,
  RoleAssignment,
  User,
  Write,
} from '../model/types.js';
import * as user from '../model/user.js';
import type { Store } from '../store/store.js';
import {
  toMembership,
  toOrganization,
  toPermission,
  toResource,
  toResourceType,
  toRole,
  toSettings,
  toUser,
} from './to-public.js';

const ENVIRONMENT = { organizationId: null } as const;
const noop = (): void => {};

/**
 * Every admin operation of SPEC §3 on the embedded engine; reach it as `fga.admin`.
 *
 * @example Building a model
 * ```ts
 * const fga = new LocalAuthorizer();
 * await fga.admin.createResourceType({ slug: 'workspace', name: 'Workspace' });
 * await fga.admin.createPermission({ slug: 'workspace:view', name: 'View', resourceTypeSlug: 'workspace' });
 * const { data: org, revision } = await fga.admin.createOrganization({ name: 'Acme' });
 * ```
 */
export class LocalAdmin implements Admin {
  readonly #ctx: ModelContext;
  readonly #store: Store;
  #tail: Promise<void> = Promise.resolve();
  #pending = 0;

  /** @internal Created by `LocalAuthorizer`. */
  constructor(ctx: ModelContext, store: Store) {
    this.#ctx = ctx;
    this.#store = store;
  }

  /**
   * Runs writes one at a time so each validates against the state the previous one left.
   * With no write in flight the plan runs synchronously, so with `MemoryStore` the index is
   * updated before the returned promise even exists.
   */
  #write<T>(makePlan: () => Plan<T>): Promise<Write<T>> {
    const run =
      this.#pending === 0 ? this.#execute(makePlan) : this.#tail.then(() => this.#execute(makePlan));
    this.#pending += 1;
    const settle = (): void => {
      this.#pending -= 1;
    };
    this.#tail = run.then(settle, settle);
    return run;
  }

  async #execute<T>(makePlan: () => Plan<T>): Promise<Write<T>> {
    const { index } = this.#ctx;
    const plan = makePlan();
    if (plan.changes.length === 0) return { data: plan.read(), revision: index.revision };
    const revision = await this.#store.commit(plan.changes, { expectedRevision: index.revision });
    // MemoryStore already applied it through the subscription; other stores may deliver later.
    index.applyBatch({ revision, changes: plan.changes });
    return { data: plan.read(), revision };
  }

  async #delete(makePlan: () => Plan<void>): Promise<Deleted> {
    const { revision } = await this.#write(makePlan);
    return { revision };
  }

  /** {@inheritDoc Admin.revision} */
  async revision(): Promise<Revision> {
    await this.#tail.then(noop);
    return this.#ctx.index.revision;
  }

  /** {@inheritDoc Admin.getSettings} */
  async getSettings(): Promise<EnvironmentSettings> {
    return toSettings(this.#ctx.index.settings);
  }

  /** {@inheritDoc Admin.updateSettings} */
  updateSettings(input: Partial<EnvironmentSettings>): Promise<Write<EnvironmentSettings>> {
    return this.#write(() => settings.planUpdateSettings(this.#ctx, input));
  }

  // ---- organizations ----

  /** {@inheritDoc Admin.createOrganization} */
  createOrganization(input: CreateOrganizationInput): Promise<Write<Organization>> {
    return this.#write(() => organization.planCreateOrganization(this.#ctx, input));
  }
  /** {@inheritDoc Admin.getOrganization} */
  async getOrganization(id: string): Promise<Organization> {
    return toOrganization(organization.requireOrganization(this.#ctx, id));
  }
  /** {@inheritDoc Admin.getOrganizationByExternalId} */
  async getOrganizationByExternalId(externalId: string): Promise<Organization> {
    return organization.getOrganizationByExternalId(this.#ctx, externalId);
  }
  /** {@inheritDoc Admin.listOrganizations} */
  async listOrganizations(options?: PageOptions): Promise<Page<Organization>> {
    return organization.listOrganizations(this.#ctx, options);
  }
  /** {@inheritDoc Admin.updateOrganization} */
  updateOrganization(id: string, input: UpdateOrganizationInput): Promise<Write<Organization>> {
    return this.#write(() => organization.planUpdateOrganization(this.#ctx, id, input));
  }
  /** {@inheritDoc Admin.deleteOrganization} */
  deleteOrganization(id: string): Promise<Deleted> {
    return this.#delete(() => organization.planDeleteOrganization(this.#ctx, id));
  }

  // ---- users ----

  /** {@inheritDoc Admin.createUser} */
  createUser(input: CreateUserInput): Promise<Write<User>> {
    return this.#write(() => user.planCreateUser(this.#ctx, input));
  }
  /** {@inheritDoc Admin.getUser} */
  async getUser(id: string): Promise<User> {
    return toUser(user.requireUser(this.#ctx, id));
  }
  /** {@inheritDoc Admin.getUserByExternalId} */
  async getUserByExternalId(externalId: string): Promise<User> {
    return user.getUserByExternalId(this.#ctx, externalId);
  }
  /** {@inheritDoc Admin.listUsers} */
  async listUsers(options?: ListUsersOptions): Promise<Page<User>> {
    return user.listUsers(this.#ctx, options);
  }
  /** {@inheritDoc Admin.updateUser} */
  updateUser(id: string, input: UpdateUserInput): Promise<Write<User>> {
    return this.#write(() => user.planUpdateUser(this.#ctx, id, input));
  }
  /** {@inheritDoc Admin.deleteUser} */
  deleteUser(id: string): Promise<Deleted> {
    return this.#delete(() => user.planDeleteUser(this.#ctx, id));
  }

  // ---- organization memberships ----

  /** {@inheritDoc Admin.createOrganizationMembership} */
  createOrganizationMembership(
    input: CreateOrganizationMembershipInput,
  ): Promise<Write<OrganizationMembership>> {
    return this.#write(() => membership.planCreateMembership(this.#ctx, input));
  }
  /** {@inheritDoc Admin.getOrganizationMembership} */
  async getOrganizationMembership(id: string): Promise<OrganizationMembership> {
    return toMembership(membership.requireMembershipNode(this.#ctx, id));
  }
  /** {@inheritDoc Admin.listOrganizationMemberships} */
  async listOrganizationMemberships(
    options: ListOrganizationMembershipsOptions,
  ): Promise<Page<OrganizationMembership>> {
    return membership.listMemberships(this.#ctx, options);
  }
  /** {@inheritDoc Admin.updateOrganizationMembership} */
  updateOrganizationMembership(
    id: string,
    input: UpdateOrganizationMembershipInput,
  ): Promise<Write<OrganizationMembership>> {
    return this.#write(() => membership.planUpdateMembership(this.#ctx, id, input));
  }
  /** {@inheritDoc Admin.deactivateOrganizationMembership} */
  deactivateOrganizationMembership(id: string): Promise<Write<OrganizationMembership>> {
    return this.#write(() => membership.planSetMembershipStatus(this.#ctx, id, 'inactive'));
  }
  /** {@inheritDoc Admin.reactivateOrganizationMembership} */
  reactivateOrganizationMembership(id: string): Promise<Write<OrganizationMembership>> {
    return this.#write(() => membership.planSetMembershipStatus(this.#ctx, id, 'active'));
  }
  /** {@inheritDoc Admin.deleteOrganizationMembership} */
  deleteOrganizationMembership(id: string): Promise<Deleted> {
    return this.#delete(() => membership.planDeleteMembership(this.#ctx, id));
  }

  // ---- environment roles ----

  /** {@inheritDoc Admin.createEnvironmentRole} */
  createEnvironmentRole(input: CreateRoleInput): Promise<Write<Role>> {
    return this.#write(() => role.planCreateEnvironmentRole(this.#ctx, input));
  }
  /** {@inheritDoc Admin.listEnvironmentRoles} */
  async listEnvironmentRoles(): Promise<Role[]> {
    return role.listRoles(this.#ctx, ENVIRONMENT);
  }
  /** {@inheritDoc Admin.getEnvironmentRole} */
  async getEnvironmentRole(slug: string): Promise<Role> {
    return toRole(role.requireRole(this.#ctx, ENVIRONMENT, slug));
  }
  /** {@inheritDoc Admin.updateEnvironmentRole} */
  updateEnvironmentRole(slug: string, input: UpdateRoleInput): Promise<Write<Role>> {
    return this.#write(() => role.planUpdateRole(this.#ctx, ENVIRONMENT, slug, input));
  }
  /** {@inheritDoc Admin.deleteEnvironmentRole} */
  deleteEnvironmentRole(slug: string): Promise<Deleted> {
    return this.#delete(() => role.planDeleteRole(this.#ctx, ENVIRONMENT, slug));
  }
  /** {@inheritDoc Admin.setEnvironmentRolePermissions} */
  setEnvironmentRolePermissions(slug: string, permissions: readonly string[]): Promise<Write<Role>> {
    return this.#write(() => role.planSetRolePermissions(this.#ctx, ENVIRONMENT, slug, permissions));
  }
  /** {@inheritDoc Admin.addEnvironmentRolePermission} */
  addEnvironmentRolePermission(slug: string, permissionSlug: string): Promise<Write<Role>> {
    return this.#write(() => role.planAddRolePermission(this.#ctx, ENVIRONMENT, slug, permissionSlug));
  }
  /** {@inheritDoc Admin.removeEnvironmentRolePermission} */
  removeEnvironmentRolePermission(slug: string, permissionSlug: string): Promise<Write<Role>> {
    return this.#write(() => role.planRemoveRolePermission(this.#ctx, ENVIRONMENT, slug, permissionSlug));
  }

  // ---- organization (custom) roles ----

  /** {@inheritDoc Admin.createOrganizationRole} */
  createOrganizationRole(organizationId: string, input: CreateOrganizationRoleInput): Promise<Write<Role>> {
    return this.#write(() => role.planCreateOrganizationRole(this.#ctx, organizationId, input));
  }
  /** {@inheritDoc Admin.listOrganizationRoles} */
  async listOrganizationRoles(organizationId: string): Promise<Role[]> {
    return role.listRoles(this.#ctx, { organizationId });
  }
  /** {@inheritDoc Admin.getOrganizationRole} */
  async getOrganizationRole(organizationId: string, slug: string): Promise<Role> {
    return toRole(role.requireRole(this.#ctx, { organizationId }, slug));
  }
  /** {@inheritDoc Admin.updateOrganizationRole} */
  updateOrganizationRole(organizationId: string, slug: string, input: UpdateRoleInput): Promise<Write<Role>> {
    return this.#write(() => role.planUpdateRole(this.#ctx, { organizationId }, slug, input));
  }
  /** {@inheritDoc Admin.deleteOrganizationRole} */
  deleteOrganizationRole(organizationId: string, slug: string): Promise<Deleted> {
    return this.#delete(() => role.planDeleteRole(this.#ctx, { organizationId }, slug));
  }
  /** {@inheritDoc Admin.setOrganizationRolePermissions} */
  setOrganizationRolePermissions(
    organizationId: string,
    slug: string,
    permissions: readonly string[],
  ): Promise<Write<Role>> {
    return this.#write(() => role.planSetRolePermissions(this.#ctx, { organizationId }, slug, permissions));
  }
  /** {@inheritDoc Admin.addOrganizationRolePermission} */
  addOrganizationRolePermission(
    organizationId: string,
    slug: string,
    permissionSlug: string,
  ): Promise<Write<Role>> {
    return this.#write(() => role.planAddRolePermission(this.#ctx, { organizationId }, slug, permissionSlug));
  }
  /** {@inheritDoc Admin.removeOrganizationRolePermission} */
  removeOrganizationRolePermission(
    organizationId: string,
    slug: string,
    permissionSlug: string,
  ): Promise<Write<Role>> {
    return this.#write(() =>
      role.planRemoveRolePermission(this.#ctx, { organizationId }, slug, permissionSlug),
    );
  }

  // ---- permissions ----

  /** {@inheritDoc Admin.createPermission} */
  createPermission(input: CreatePermissionInput): Promise<Write<Permission>> {
    return this.#write(() => permission.planCreatePermission(this.#ctx, input));
  }
  /** {@inheritDoc Admin.getPermission} */
  async getPermission(slug: string): Promise<Permission> {
    return toPermission(permission.requirePermission(this.#ctx, slug));
  }
  /** {@inheritDoc Admin.listPermissions} */
  async listPermissions(options?: PageOptions): Promise<Page<Permission>> {
    return permission.listPermissions(this.#ctx, options);
  }
  /** {@inheritDoc Admin.updatePermission} */
  updatePermission(slug: string, input: UpdatePermissionInput): Promise<Write<Permission>> {
    return this.#write(() => permission.planUpdatePermission(this.#ctx, slug, input));
  }
  /** {@inheritDoc Admin.deletePermission} */
  deletePermission(slug: string): Promise<Deleted> {
    return this.#delete(() => permission.planDeletePermission(this.#ctx, slug));
  }

  // ---- resource types ----

  /** {@inheritDoc Admin.createResourceType} */
  createResourceType(input: CreateResourceTypeInput): Promise<Write<ResourceType>> {
    return this.#write(() => resourceType.planCreateResourceType(this.#ctx, input));
  }
  /** {@inheritDoc Admin.getResourceType} */
  async getResourceType(slug: string): Promise<ResourceType> {
    return toResourceType(resourceType.requireTypeNode(this.#ctx, slug));
  }
  /** {@inheritDoc Admin.listResourceTypes} */
  async listResourceTypes(): Promise<ResourceType[]> {
    return resourceType.listResourceTypes(this.#ctx);
  }
  /** {@inheritDoc Admin.updateResourceType} */
  updateResourceType(slug: string, input: UpdateResourceTypeInput): Promise<Write<ResourceType>> {
    return this.#write(() => resourceType.planUpdateResourceType(this.#ctx, slug, input));
  }
  /** {@inheritDoc Admin.deleteResourceType} */
  deleteResourceType(slug: string): Promise<Deleted> {
    return this.#delete(() => resourceType.planDeleteResourceType(this.#ctx, slug));
  }

  // ---- resources ----

  /** {@inheritDoc Admin.createResource} */
  createResource(input: CreateResourceInput): Promise<Write<Resource>> {
    return this.#write(() => resource.planCreateResource(this.#ctx, input));
  }
  /** {@inheritDoc Admin.getResource} */
  async getResource(ref: OrganizationResourceRef): Promise<Resource> {
    return toResource(resource.requireResource(this.#ctx, ref));
  }
  /** {@inheritDoc Admin.listResources} */
  async listResources(options?: ListResourcesOptions): Promise<Page<Resource>> {
    return resource.listResources(this.#ctx, options);
  }
  /** {@inheritDoc Admin.updateResource} */
  updateResource(ref: OrganizationResourceRef, input: UpdateResourceInput): Promise<Write<Resource>> {
    return this.#write(() => resource.planUpdateResource(this.#ctx, ref, input));
  }
  /** {@inheritDoc Admin.deleteResource} */
  deleteResource(ref: OrganizationResourceRef, options?: DeleteResourceOptions): Promise<Deleted> {
    return this.#delete(() => resource.planDeleteResource(this.#ctx, ref, options?.cascadeDelete === true));
  }

  // ---- role assignments ----

  /** {@inheritDoc Admin.assignRole} */
  assignRole(input: AssignRoleInput): Promise<Write<RoleAssignment>> {
    return this.#write(() => roleAssignment.planAssignRole(this.#ctx, input));
  }
  /** {@inheritDoc Admin.removeRole} */
  removeRole(input: RemoveRoleInput): Promise<Deleted> {
    return this.#delete(() => roleAssignment.planRemoveRole(this.#ctx, input));
  }
  /** {@inheritDoc Admin.removeRoleAssignment} */
  removeRoleAssignment(input: {
    readonly membershipId: string;
    readonly roleAssignmentId: string;
  }): Promise<Deleted> {
    return this.#delete(() => roleAssignment.planRemoveRoleAssignment(this.#ctx, input));
  }
  /** {@inheritDoc Admin.listRoleAssignments} */
  async listRoleAssignments(options: ListRoleAssignmentsOptions): Promise<Page<RoleAssignment>> {
    return roleAssignment.listRoleAssignments(this.#ctx, options);
  }
  /** {@inheritDoc Admin.listRoleAssignmentsForResource} */
  async listRoleAssignmentsForResource(
    options: ListRoleAssignmentsForResourceOptions,
  ): Promise<Page<RoleAssignment>> {
    return roleAssignment.listRoleAssignmentsForResource(this.#ctx, options);
  }
}
