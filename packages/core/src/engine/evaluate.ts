// The decision procedure of SPEC §2.2 over the index: org roles, then the resource and its
// ancestors (≤ 6 hops), probing (membership, resource) → assignments. No allocation on the way.
import type { Decision, DecisionReason } from '../authorizer.js';
import { NotFoundError } from '../errors.js';
import type { ResourceRef } from '../model/types.js';
import type { ModelIndex } from './model-index.js';
import type {
  AssignmentNode,
  MembershipNode,
  OrgNode,
  PermissionNode,
  ResourceNode,
  RoleNode,
} from './nodes.js';

/** The membership with this id; `NotFoundError` otherwise (D16). */
export function requireMembership(index: ModelIndex, membershipId: string): MembershipNode {
  const membership = index.memberships.get(membershipId);
  if (membership === undefined) throw new NotFoundError('organization_membership', String(membershipId));
  return membership;
}

/**
 * The resource a reference names inside one organization; `NotFoundError` when it does not exist
 * there, including when it exists in another organization (D9).
 */
export function requireResourceIn(
  index: ModelIndex,
  org: OrgNode | undefined,
  ref: ResourceRef,
): ResourceNode {
  if ('id' in ref) {
    const node = index.resources.get(ref.id);
    // Organizations compare by node identity: no string comparison on the hot path.
    if (node === undefined || node.org !== org) throw new NotFoundError('resource', String(ref.id));
    return node;
  }
  const node = org === undefined ? undefined : index.resourceByExternalId(org, ref.type, ref.externalId);
  if (node === undefined) throw new NotFoundError('resource', `${ref.type}/${ref.externalId}`);
  return node;
}

/** Whether a role's permission set holds a permission. */
export function roleHas(role: RoleNode, permission: PermissionNode): boolean {
  return ((role.bits[permission.word] ?? 0) & permission.mask) !== 0;
}

/** Outcome of {@link evaluate}: which decision, without allocating one. */
export const Outcome = {
  OrganizationRole: 0,
  RoleAssignment: 1,
  NoMatchingRole: 2,
  UnknownPermission: 3,
  MembershipInactive: 4,
} as const;
/** One of the {@link Outcome} values. */
export type Outcome = (typeof Outcome)[keyof typeof Outcome];

const REASONS: readonly DecisionReason[] = [
  'organization_role',
  'role_assignment',
  'no_matching_role',
  'unknown_permission',
  'membership_inactive',
];

/** Decides a (membership, permission, resource) triple. */
export function evaluate(
  membership: MembershipNode,
  permission: PermissionNode | undefined,
  resource: ResourceNode,
): Outcome {
  if (permission === undefined) return Outcome.UnknownPermission;
  if (!membership.active) return Outcome.MembershipInactive;
  const word = permission.word;
  const mask = permission.mask;
  const roles = membership.roles;
  for (let i = 0; i < roles.length; i++) {
    if (((roles[i] as RoleNode).bits[word] ?? 0) & mask) return Outcome.OrganizationRole;
  }
  const assigned = membership.assigned;
  if (assigned === null) return Outcome.NoMatchingRole;
  for (let node: ResourceNode | null = resource; node !== null; node = node.parent) {
    for (let a: AssignmentNode | null | undefined = assigned.get(node); a != null; a = a.nextSame) {
      if ((a.role.bits[word] ?? 0) & mask) return Outcome.RoleAssignment;
    }
  }
  return Outcome.NoMatchingRole;
}

/**
 * Pre-built, frozen decisions for one revision, so a check returns a shared object instead of
 * allocating one. Rebuilt lazily when the revision moves.
 */
export class DecisionTable {
  #revision = -1;
  #decisions: readonly Decision[] = [];

  /** The decision for an outcome at a revision. */
  get(outcome: Outcome, revision: number): Decision {
    if (revision !== this.#revision) {
      this.#revision = revision;
      this.#decisions = REASONS.map((reason, index) =>
        Object.freeze({
          allowed: index <= Outcome.RoleAssignment,
          reason,
          revision,
          source: 'engine' as const,
        }),
      );
    }
    return this.#decisions[outcome] as Decision;
  }
}
