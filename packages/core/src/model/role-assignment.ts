// Role assignment rules (SPEC §1.9, D6, D7): the role resolves in the membership's organization,
// its type must equal the resource's type, and a duplicate is a 409 or the existing assignment.
import type {
  AssignRoleInput,
  ListRoleAssignmentsForResourceOptions,
  ListRoleAssignmentsOptions,
  RemoveRoleInput,
} from '../admin.js';
import { requireMembership, requireResourceIn } from '../engine/evaluate.js';
import type { AssignmentNode, MembershipNode, ResourceNode, RoleNode } from '../engine/nodes.js';
import { toRoleAssignment } from '../engine/to-public.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import type { RoleAssignmentRecord } from '../store/records.js';
import { type PageRequest, paginate, readPageOptions } from '../util/paginate.js';
import type { ModelContext, Plan } from './context.js';
import { ID_PREFIX } from './ids.js';
import { requireResource } from './resource.js';
import type { Page, RoleAssignment } from './types.js';

const byId = (a: AssignmentNode, b: AssignmentNode): number =>
  a.rec.id < b.rec.id ? -1 : a.rec.id > b.rec.id ? 1 : 0;

function findAssignment(
  membership: MembershipNode,
  role: RoleNode,
  resource: ResourceNode,
): AssignmentNode | null {
  for (let a = membership.assigned?.get(resource) ?? null; a !== null; a = a.nextSame)
    if (a.role === role) return a;
  return null;
}

function requireOrgRole(ctx: ModelContext, membership: MembershipNode, slug: string): RoleNode {
  const role = ctx.index.resolveRole(membership.org, slug);
  if (role === undefined) throw new NotFoundError('role', String(slug));
  return role;
}

/** Assigns a role on a resource of the role's type. */
export function planAssignRole(ctx: ModelContext, input: AssignRoleInput): Plan<RoleAssignment> {
  const membership = requireMembership(ctx.index, input.membershipId);
  const resource = requireResourceIn(ctx.index, membership.org, input.resource);
  const role = requireOrgRole(ctx, membership, input.roleSlug);
  if (role.rec.resourceTypeSlug !== resource.rec.type) {
    throw new ValidationError(
      'role_resource_type_mismatch',
      `Role '${role.rec.slug}' is scoped to '${role.rec.resourceTypeSlug}' and can only be assigned on a '${role.rec.resourceTypeSlug}', not on a '${resource.rec.type}'.`,
      { field: 'roleSlug' },
    );
  }
  const existing = findAssignment(membership, role, resource);
  if (existing !== null) {
    if (input.ifExists === 'return') return { changes: [], read: () => toRoleAssignment(existing) };
    throw new ConflictError(
      'role_assignment_already_exists',
      `Membership ${membership.rec.id} already has role '${role.rec.slug}' on resource ${resource.rec.id} (${existing.rec.id}); pass ifExists: 'return' to reuse it.`,
    );
  }
  const record: RoleAssignmentRecord = {
    kind: 'role_assignment',
    id: ctx.ids.next(ID_PREFIX.roleAssignment),
    membershipId: membership.rec.id,
    roleId: role.rec.id,
    resourceId: resource.rec.id,
  };
  return {
    changes: [{ op: 'put', record }],
    read: () => toRoleAssignment(ctx.index.assignments.get(record.id) as AssignmentNode),
  };
}

/** Removes the assignment of a role on a resource; `NotFoundError` when there is none. */
export function planRemoveRole(ctx: ModelContext, input: RemoveRoleInput): Plan<void> {
  const membership = requireMembership(ctx.index, input.membershipId);
  const resource = requireResourceIn(ctx.index, membership.org, input.resource);
  const role = requireOrgRole(ctx, membership, input.roleSlug);
  const existing = findAssignment(membership, role, resource);
  if (existing === null)
    throw new NotFoundError('role_assignment', `${input.roleSlug} on ${resource.rec.id}`);
  return { changes: [{ op: 'delete', kind: 'role_assignment', id: existing.rec.id }], read: () => undefined };
}

/** Removes an assignment by id; it must belong to the membership. */
export function planRemoveRoleAssignment(
  ctx: ModelContext,
  input: { readonly membershipId: string; readonly roleAssignmentId: string },
): Plan<void> {
  const membership = requireMembership(ctx.index, input.membershipId);
  const existing = ctx.index.assignments.get(input.roleAssignmentId);
  if (existing === undefined || existing.membership !== membership) {
    throw new NotFoundError('role_assignment', String(input.roleAssignmentId));
  }
  return { changes: [{ op: 'delete', kind: 'role_assignment', id: existing.rec.id }], read: () => undefined };
}

function page(ctx: ModelContext, nodes: AssignmentNode[], options: PageRequest): Page<RoleAssignment> {
  nodes.sort(byId);
  const result = paginate(
    nodes,
    (a) => a.rec.id,
    options,
    (cursor) => ctx.index.assignments.has(cursor),
  );
  return { data: result.data.map(toRoleAssignment), listMetadata: result.listMetadata };
}

/** A membership's assignments, optionally on one resource (by id, or external id with or without type). */
export function listRoleAssignments(
  ctx: ModelContext,
  options: ListRoleAssignmentsOptions,
): Page<RoleAssignment> {
  const request = readPageOptions(options);
  const membership = requireMembership(ctx.index, options.membershipId);
  const out: AssignmentNode[] = [];
  for (const head of membership.assigned?.values() ?? []) {
    for (let a: AssignmentNode | null = head; a !== null; a = a.nextSame) {
      const resource = a.resource.rec;
      if (options.resourceId !== undefined && resource.id !== options.resourceId) continue;
      if (options.resourceExternalId !== undefined && resource.externalId !== options.resourceExternalId)
        continue;
      if (options.resourceTypeSlug !== undefined && resource.type !== options.resourceTypeSlug) continue;
      out.push(a);
    }
  }
  return page(ctx, out, request);
}

/** Assignments made on exactly one resource (not inherited), optionally of one role. */
export function listRoleAssignmentsForResource(
  ctx: ModelContext,
  options: ListRoleAssignmentsForResourceOptions,
): Page<RoleAssignment> {
  const request = readPageOptions(options);
  const resource = requireResource(ctx, options.resource);
  const out: AssignmentNode[] = [];
  for (let a = resource.assignHead; a !== null; a = a.nextOnResource) {
    if (options.roleSlug === undefined || a.role.rec.slug === options.roleSlug) out.push(a);
  }
  return page(ctx, out, request);
}
