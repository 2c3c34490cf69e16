// Organization membership rules (SPEC §1.4, D1, D13): status lifecycle, organization-scoped roles
// only, default role, the multiple-roles setting, and deletion with the membership's assignments.
import type {
  CreateOrganizationMembershipInput,
  ListOrganizationMembershipsOptions,
  UpdateOrganizationMembershipInput,
} from '../admin.js';
import type { MembershipNode, OrgNode } from '../engine/nodes.js';
import { toMembership } from '../engine/to-public.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import type { MembershipRecord } from '../store/records.js';
import { paginate, readPageOptions } from '../util/paginate.js';
import { membershipDeletion } from './cascade.js';
import type { ModelContext, Plan } from './context.js';
import { ID_PREFIX } from './ids.js';
import { requireOrganization } from './organization.js';
import { requireStringList, requireText } from './rules.js';
import { type MembershipStatus, ORGANIZATION_TYPE, type OrganizationMembership, type Page } from './types.js';
import { requireUser } from './user.js';

const STATUSES: ReadonlySet<string> = new Set<MembershipStatus>(['active', 'inactive', 'pending']);

/** The membership with this id, or `NotFoundError`. */
export function requireMembershipNode(ctx: ModelContext, id: string): MembershipNode {
  const membership = ctx.index.memberships.get(id);
  if (membership === undefined) throw new NotFoundError('organization_membership', String(id));
  return membership;
}

/**
 * The role ids a create/update asks for: `roleSlug` xor `roleSlugs`, each an organization-scoped
 * role known in the organization; `undefined` input → the default role (`whenNone` 'default').
 */
function resolveMembershipRoles(
  ctx: ModelContext,
  org: OrgNode,
  input: UpdateOrganizationMembershipInput,
  whenNone: 'default' | 'keep',
): string[] | undefined {
  const { index } = ctx;
  if (input.roleSlug !== undefined && input.roleSlugs !== undefined) {
    throw new ValidationError(
      'invalid_request_parameters',
      'roleSlug and roleSlugs are mutually exclusive; pass one of them.',
      { field: 'roleSlugs' },
    );
  }
  let slugs: string[];
  let field: string;
  if (input.roleSlug !== undefined) {
    slugs = [requireText(input.roleSlug, 'roleSlug', 256)];
    field = 'roleSlug';
  } else if (input.roleSlugs !== undefined) {
    slugs = requireStringList(input.roleSlugs, 'roleSlugs');
    field = 'roleSlugs';
    if (slugs.length === 0) {
      throw new ValidationError(
        'invalid_request_parameters',
        'roleSlugs must name at least one role; omit it to get the default role.',
        { field },
      );
    }
  } else if (whenNone === 'keep') {
    return undefined;
  } else {
    const fallback = index.resolveRole(org, index.settings.defaultRoleSlug);
    if (fallback === undefined) {
      throw new ValidationError(
        'invalid_role',
        `The default role '${index.settings.defaultRoleSlug}' does not exist; create it or pass roleSlug.`,
        { field: 'roleSlug' },
      );
    }
    return [fallback.rec.id];
  }
  if (!index.settings.multipleRoles && slugs.length > 1) {
    throw new ValidationError(
      'multiple_roles_not_enabled',
      `roleSlugs has ${slugs.length} roles but multiple roles are disabled; pass one role or enable multipleRoles.`,
      { field },
    );
  }
  return slugs.map((slug, i) => {
    const at = field === 'roleSlug' ? field : `roleSlugs[${i}]`;
    const role = index.resolveRole(org, slug);
    if (role === undefined) {
      throw new ValidationError(
        'invalid_role',
        `Role '${slug}' does not exist in organization ${org.rec.id}.`,
        {
          field: at,
        },
      );
    }
    if (role.rec.resourceTypeSlug !== ORGANIZATION_TYPE) {
      throw new ValidationError(
        'sub_resource_scoped_role_not_allowed',
        `Role '${slug}' is scoped to '${role.rec.resourceTypeSlug}'; memberships take organization roles only — assign it on a resource instead.`,
        { field: at },
      );
    }
    return role.rec.id;
  });
}

/** Creates a membership; for a user with an inactive one in the organization, reactivates it. */
export function planCreateMembership(
  ctx: ModelContext,
  input: CreateOrganizationMembershipInput,
): Plan<OrganizationMembership> {
  const user = requireUser(ctx, input.userId);
  const org = requireOrganization(ctx, input.organizationId);
  const status = input.status ?? 'active';
  if (status !== 'active' && status !== 'pending') {
    throw new ValidationError('invalid_request_parameters', "status must be 'active' or 'pending'.", {
      field: 'status',
    });
  }
  const roleIds = resolveMembershipRoles(ctx, org, input, 'default') as string[];
  const existing = user.memberships.get(org.rec.id);
  if (existing !== undefined && existing.rec.status === 'pending') {
    // SPEC §3.9 M2: a pending membership (an open invitation) cannot be re-created into an active one.
    throw new ValidationError(
      'cannot_reactivate_pending_organization_membership',
      `User ${user.rec.id} has a pending membership (${existing.rec.id}) in organization ${org.rec.id}; accept or delete the invitation instead.`,
    );
  }
  if (existing !== undefined && existing.rec.status === 'active') {
    throw new ConflictError(
      'organization_membership_already_exists',
      `User ${user.rec.id} already has an active membership (${existing.rec.id}) in organization ${org.rec.id}.`,
    );
  }
  const record: MembershipRecord =
    existing !== undefined
      ? { ...existing.rec, status, roleIds, updatedAt: ctx.now() }
      : {
          kind: 'membership',
          id: ctx.ids.next(ID_PREFIX.membership),
          userId: user.rec.id,
          organizationId: org.rec.id,
          status,
          roleIds,
          updatedAt: 0,
        };
  return {
    changes: [{ op: 'put', record }],
    read: () => toMembership(requireMembershipNode(ctx, record.id)),
  };
}

/** Replaces a membership's organization roles. */
export function planUpdateMembership(
  ctx: ModelContext,
  id: string,
  input: UpdateOrganizationMembershipInput,
): Plan<OrganizationMembership> {
  const membership = requireMembershipNode(ctx, id);
  const roleIds = resolveMembershipRoles(ctx, membership.org, input, 'keep');
  const read = () => toMembership(requireMembershipNode(ctx, id));
  if (roleIds === undefined) return { changes: [], read };
  const record: MembershipRecord = { ...membership.rec, roleIds, updatedAt: ctx.now() };
  return { changes: [{ op: 'put', record }], read };
}

/** Moves a membership to `active`/`inactive`; a no-op when already there; pending → 400. */
export function planSetMembershipStatus(
  ctx: ModelContext,
  id: string,
  target: 'active' | 'inactive',
): Plan<OrganizationMembership> {
  const membership = requireMembershipNode(ctx, id);
  const read = () => toMembership(requireMembershipNode(ctx, id));
  if (membership.rec.status === 'pending') {
    const code =
      target === 'inactive'
        ? 'cannot_deactivate_pending_organization_membership'
        : 'cannot_reactivate_pending_organization_membership';
    throw new ValidationError(
      code,
      `Membership ${id} is pending; it becomes active when the invitation is accepted (or delete it).`,
      { field: 'status' },
    );
  }
  if (membership.rec.status === target) return { changes: [], read };
  // Roles and role assignments are kept across deactivate/reactivate (D1).
  const record: MembershipRecord = { ...membership.rec, status: target, updatedAt: ctx.now() };
  return { changes: [{ op: 'put', record }], read };
}

/** Deletes a membership and its role assignments. */
export function planDeleteMembership(ctx: ModelContext, id: string): Plan<void> {
  const changes: Plan<void>['changes'] = [];
  membershipDeletion(requireMembershipNode(ctx, id), changes);
  return { changes, read: () => undefined };
}

/** Memberships of an organization and/or user, filtered by status (default active). */
export function listMemberships(
  ctx: ModelContext,
  options: ListOrganizationMembershipsOptions,
): Page<OrganizationMembership> {
  const request = readPageOptions(options);
  const { index } = ctx;
  if (options?.organizationId === undefined && options?.userId === undefined) {
    throw new ValidationError(
      'missing_user_id_or_organization_id',
      'Pass organizationId, userId or both to list organization memberships.',
      { field: 'organizationId' },
    );
  }
  const statuses = new Set<string>(options.statuses ?? ['active']);
  for (const status of statuses) {
    if (!STATUSES.has(status)) {
      throw new ValidationError(
        'invalid_request_parameters',
        `statuses may only hold 'active', 'inactive' and 'pending' (got '${status}').`,
        { field: 'statuses' },
      );
    }
  }
  let candidates: Iterable<MembershipNode>;
  if (options.userId !== undefined) {
    const user = index.users.get(options.userId);
    candidates = user === undefined ? [] : user.memberships.values();
  } else {
    const org = index.organizations.get(options.organizationId as string);
    candidates = org === undefined ? [] : org.memberships;
  }
  const matches = [...candidates].filter(
    (m) =>
      statuses.has(m.rec.status) &&
      (options.organizationId === undefined || m.rec.organizationId === options.organizationId),
  );
  matches.sort((a, b) => (a.rec.id < b.rec.id ? -1 : a.rec.id > b.rec.id ? 1 : 0));
  const page = paginate(
    matches,
    (m) => m.rec.id,
    request,
    (cursor) => index.memberships.has(cursor),
  );
  return { data: page.data.map(toMembership), listMetadata: page.listMetadata };
}
