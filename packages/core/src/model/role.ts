// Role rules (SPEC §1.5, D10): slug grammars and uniqueness for environment and custom roles,
// immutable resource type, the permission-scope rule, and no deletion while anything uses a role.
import type { CreateOrganizationRoleInput, CreateRoleInput, UpdateRoleInput } from '../admin.js';
import type { OrgNode, RoleNode, TypeNode } from '../engine/nodes.js';
import { toRole } from '../engine/to-public.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import type { RoleRecord } from '../store/records.js';
import { shortSuffixOfId } from '../util/ulid.js';
import type { ModelContext, Plan } from './context.js';
import { ID_PREFIX } from './ids.js';
import { requireOrganization } from './organization.js';
import {
  generateCustomRoleSlug,
  MAX_DESCRIPTION,
  MAX_NAME,
  optionalText,
  requireCustomRoleSlug,
  requireRoleSlug,
  requireStringList,
  requireText,
} from './rules.js';
import { ORGANIZATION_TYPE, type Role } from './types.js';

/** Which roles an operation addresses: the environment's, or one organization's (custom + environment). */
export type RoleScope = { readonly organizationId: null } | { readonly organizationId: string };

/** The resource type named by `slug` (default `organization`), or `NotFoundError`. */
export function requireType(ctx: ModelContext, slug: string | undefined): TypeNode {
  const type = ctx.index.types.get(slug ?? ORGANIZATION_TYPE);
  if (type === undefined) throw new NotFoundError('resource_type', String(slug));
  return type;
}

/** The role a scope's slug names: an environment role, or the organization's custom role first. */
export function requireRole(ctx: ModelContext, scope: RoleScope, slug: string): RoleNode {
  const role =
    scope.organizationId === null
      ? ctx.index.envRoles.get(slug)
      : ctx.index.resolveRole(requireOrganization(ctx, scope.organizationId), slug);
  if (role === undefined) throw new NotFoundError('role', String(slug));
  return role;
}

/** Like {@link requireRole}, but only the roles this scope may change (custom roles for an organization). */
function requireOwnRole(ctx: ModelContext, scope: RoleScope, slug: string): RoleNode {
  if (scope.organizationId === null) return requireRole(ctx, scope, slug);
  const role = requireOrganization(ctx, scope.organizationId).customRoles.get(slug);
  if (role === undefined) throw new NotFoundError('role', String(slug));
  return role;
}

/** Validates a permission set for a role of `type`: each slug exists and is in scope. */
function resolvePermissions(
  ctx: ModelContext,
  type: TypeNode,
  slugs: readonly string[],
  field: string,
): string[] {
  return slugs.map((slug, i) => {
    const permission = ctx.index.permissions.get(slug);
    const at = `${field}[${i}]`;
    if (permission === undefined) {
      throw new ValidationError(
        'permission_not_found',
        `Permission '${slug}' does not exist; create it first.`,
        {
          field: at,
        },
      );
    }
    if (!type.descendants.has(permission.type)) {
      throw new ValidationError(
        'permission_out_of_scope',
        `Permission '${slug}' is scoped to '${permission.type.rec.slug}', which is not '${type.rec.slug}' or below it; a role may hold permissions of its own type or its descendant types only.`,
        { field: at },
      );
    }
    return permission.rec.slug;
  });
}

/** Creates an environment role (appended to the priority order). */
export function planCreateEnvironmentRole(ctx: ModelContext, input: CreateRoleInput): Plan<Role> {
  const slug = requireRoleSlug(input.slug, 'slug');
  const name = requireText(input.name, 'name', MAX_NAME);
  const description = optionalText(input.description, 'description', MAX_DESCRIPTION) ?? null;
  const type = requireType(ctx, input.resourceTypeSlug);
  if (ctx.index.envRoles.has(slug) || ctx.index.customRoleSlugs.has(slug)) {
    throw new ConflictError(
      'role_slug_conflict',
      `A role with slug '${slug}' already exists; choose another slug.`,
      {
        details: { field: 'slug' },
      },
    );
  }
  return createRole(ctx, { slug, name, description, organizationId: null, resourceTypeSlug: type.rec.slug });
}

/** Creates a custom role; its slug starts with `org-` or is generated from the name. */
export function planCreateOrganizationRole(
  ctx: ModelContext,
  organizationId: string,
  input: CreateOrganizationRoleInput,
): Plan<Role> {
  const org = requireOrganization(ctx, organizationId);
  const given = input.slug === undefined ? undefined : requireCustomRoleSlug(input.slug, 'slug');
  const name = requireText(input.name, 'name', MAX_NAME);
  const description = optionalText(input.description, 'description', MAX_DESCRIPTION) ?? null;
  const type = requireType(ctx, input.resourceTypeSlug);
  const id = ctx.ids.next(ID_PREFIX.role);
  const slug = given ?? generateCustomRoleSlug(name, shortSuffixOfId(id));
  assertCustomSlugFree(ctx, org, slug);
  return createRole(
    ctx,
    { slug, name, description, organizationId: org.rec.id, resourceTypeSlug: type.rec.slug },
    id,
  );
}

function assertCustomSlugFree(ctx: ModelContext, org: OrgNode, slug: string): void {
  if (org.customRoles.has(slug) || ctx.index.envRoles.has(slug)) {
    throw new ConflictError(
      'organization_role_slug_conflict',
      `A role with slug '${slug}' already exists in organization ${org.rec.id}; choose another slug.`,
      { details: { field: 'slug' } },
    );
  }
}

function createRole(
  ctx: ModelContext,
  fields: Pick<RoleRecord, 'slug' | 'name' | 'description' | 'organizationId' | 'resourceTypeSlug'>,
  id: string = ctx.ids.next(ID_PREFIX.role),
): Plan<Role> {
  const record: RoleRecord = { kind: 'role', id, ...fields, permissions: [], updatedAt: 0 };
  return {
    changes: [{ op: 'put', record }],
    read: () => toRole(ctx.index.rolesById.get(id) as RoleNode),
  };
}

/** Updates a role's name or description. */
export function planUpdateRole(
  ctx: ModelContext,
  scope: RoleScope,
  slug: string,
  input: UpdateRoleInput,
): Plan<Role> {
  const role = requireOwnRole(ctx, scope, slug);
  const name = input.name === undefined ? role.rec.name : requireText(input.name, 'name', MAX_NAME);
  const description = optionalText(input.description, 'description', MAX_DESCRIPTION);
  return putRole(ctx, role, {
    name,
    description: description === undefined ? role.rec.description : description,
  });
}

/** Replaces a role's permission set (order kept, duplicates dropped). */
export function planSetRolePermissions(
  ctx: ModelContext,
  scope: RoleScope,
  slug: string,
  permissions: readonly string[],
): Plan<Role> {
  const role = requireOwnRole(ctx, scope, slug);
  const slugs = resolvePermissions(
    ctx,
    role.type,
    requireStringList(permissions, 'permissions'),
    'permissions',
  );
  return putRole(ctx, role, { permissions: slugs });
}

/** Adds one permission; a no-op when the role already holds it. */
export function planAddRolePermission(
  ctx: ModelContext,
  scope: RoleScope,
  slug: string,
  permissionSlug: string,
): Plan<Role> {
  const role = requireOwnRole(ctx, scope, slug);
  const [resolved] = resolvePermissions(ctx, role.type, [permissionSlug], 'permissionSlug');
  if (role.rec.permissions.includes(resolved as string)) return { changes: [], read: () => toRole(role) };
  return putRole(ctx, role, { permissions: [...role.rec.permissions, resolved as string] });
}

/** Removes one permission; `NotFoundError` for an unknown permission, a no-op when not held. */
export function planRemoveRolePermission(
  ctx: ModelContext,
  scope: RoleScope,
  slug: string,
  permissionSlug: string,
): Plan<Role> {
  const role = requireOwnRole(ctx, scope, slug);
  if (!ctx.index.permissions.has(permissionSlug))
    throw new NotFoundError('permission', String(permissionSlug));
  if (!role.rec.permissions.includes(permissionSlug)) return { changes: [], read: () => toRole(role) };
  return putRole(ctx, role, { permissions: role.rec.permissions.filter((p) => p !== permissionSlug) });
}

function putRole(ctx: ModelContext, role: RoleNode, patch: Partial<RoleRecord>): Plan<Role> {
  const record: RoleRecord = { ...role.rec, ...patch, updatedAt: ctx.now() };
  return {
    changes: [{ op: 'put', record }],
    read: () => toRole(ctx.index.rolesById.get(role.rec.id) as RoleNode),
  };
}

/** Deletes a role no assignment or membership uses (D10); never the default role. */
export function planDeleteRole(ctx: ModelContext, scope: RoleScope, slug: string): Plan<void> {
  const role = requireOwnRole(ctx, scope, slug);
  if (role.org === null && role.rec.slug === ctx.index.settings.defaultRoleSlug) {
    throw new ConflictError(
      'default_role_in_use',
      `Role '${slug}' is the default role; make another role the default first.`,
    );
  }
  if (role.assignmentCount > 0 || role.membershipCount > 0) {
    throw new ConflictError(
      'role_has_assignments',
      `Role '${slug}' is used by ${role.membershipCount} membership(s) and ${role.assignmentCount} role assignment(s); remove them first.`,
    );
  }
  return { changes: [{ op: 'delete', kind: 'role', id: role.rec.id }], read: () => undefined };
}

/** Roles in priority order (= creation order): the environment's, or an organization's with them. */
export function listRoles(ctx: ModelContext, scope: RoleScope): Role[] {
  const roles = [...ctx.index.envRoles.values()];
  if (scope.organizationId !== null)
    roles.push(...requireOrganization(ctx, scope.organizationId).customRoles.values());
  roles.sort((a, b) => (a.rec.id < b.rec.id ? -1 : a.rec.id > b.rec.id ? 1 : 0));
  return roles.map(toRole);
}
