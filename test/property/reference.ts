// A naive reference evaluator written straight from SPEC §2.2, D1, D3, D4 and D5: plain maps and a
// recursive parent walk, no indexes, nothing shared with the engine. Keys are logical names
// ('org', 'r3', 'm1', 'a7'), never engine ids.
import type { DecisionReason } from '@fgakit/core';
import type { Status } from './world.js';

export const ORG = 'org';
const ORGANIZATION = 'organization';

export interface RefResource {
  readonly type: string;
  parent: string | null;
  readonly externalId: string;
}
export interface RefMembership {
  status: Status;
  roles: string[];
}
export interface RefRole {
  readonly type: string;
  permissions: string[];
}
export interface RefAssignment {
  readonly m: string;
  readonly role: string;
  readonly resource: string;
}

export class ReferenceModel {
  /** Resource type → its parent types (organization has none). */
  readonly types = new Map<string, readonly string[]>([[ORGANIZATION, []]]);
  /** Current permissions in creation order. */
  permissions: { readonly slug: string; readonly type: string }[] = [];
  /** Every slug ever created (deleted ones included), to check unknown-permission answers. */
  readonly everPermissions = new Set<string>();
  readonly roles = new Map<string, RefRole>();
  /** In creation order; `org` is the organization resource. */
  readonly resources = new Map<string, RefResource>([
    [ORG, { type: ORGANIZATION, parent: null, externalId: '' }],
  ]);
  /** In creation order. */
  readonly memberships = new Map<string, RefMembership>();
  readonly assignments = new Map<string, RefAssignment>();

  /** Whether type `t` is `ancestor` or lies below it in the type DAG. */
  isSameOrDescendantType(t: string, ancestor: string): boolean {
    if (t === ancestor) return true;
    return (this.types.get(t) ?? []).some((parent) => this.isSameOrDescendantType(parent, ancestor));
  }

  /** SPEC §1.5: a role of type T may hold permissions of T or of any descendant type of T. */
  inScope(permissionType: string, roleType: string): boolean {
    return this.isSameOrDescendantType(permissionType, roleType);
  }

  permissionType(slug: string): string | undefined {
    return this.permissions.find((p) => p.slug === slug)?.type;
  }

  /** `r`, its parent, its parent's parent … up to and including the organization resource. */
  pathUp(r: string): string[] {
    const node = this.resources.get(r);
    if (!node) throw new Error(`reference: unknown resource ${r}`);
    return node.parent === null ? [r] : [r, ...this.pathUp(node.parent)];
  }

  /** Whether `r` lies strictly below `ancestor`. */
  isStrictDescendant(r: string, ancestor: string): boolean {
    return r !== ancestor && this.pathUp(r).includes(ancestor);
  }

  /** Every resource strictly below `r`, in creation order. */
  descendants(r: string): string[] {
    return [...this.resources.keys()].filter((key) => this.isStrictDescendant(key, r));
  }

  /** SPEC §2.2 roles_at(m, r), split by where each role comes from. */
  rolesAt(m: string, r: string): { organization: string[]; assigned: string[] } {
    const membership = this.memberships.get(m);
    const path = this.pathUp(r);
    const assigned = [...this.assignments.values()]
      .filter((a) => a.m === m && path.includes(a.resource))
      .map((a) => a.role);
    return { organization: membership?.roles ?? [], assigned };
  }

  private holds(role: string, permission: string): boolean {
    return this.roles.get(role)?.permissions.includes(permission) ?? false;
  }

  /** SPEC §2.2 authorized(m, p, r), with D1 (active only) and D17 (unknown → false). */
  check(m: string, p: string, r: string): boolean {
    const membership = this.memberships.get(m);
    if (membership?.status !== 'active') return false;
    if (this.permissionType(p) === undefined) return false;
    const { organization, assigned } = this.rolesAt(m, r);
    return [...organization, ...assigned].some((role) => this.holds(role, p));
  }

  /** Every reason a correct engine may give for `check(m, p, r)`. */
  acceptableReasons(m: string, p: string, r: string): DecisionReason[] {
    const membership = this.memberships.get(m);
    const known = this.permissionType(p) !== undefined;
    if (membership?.status !== 'active') {
      return known ? ['membership_inactive'] : ['membership_inactive', 'unknown_permission'];
    }
    if (!known) return ['unknown_permission'];
    const { organization, assigned } = this.rolesAt(m, r);
    const reasons: DecisionReason[] = [];
    if (organization.some((role) => this.holds(role, p))) reasons.push('organization_role');
    if (assigned.some((role) => this.holds(role, p))) reasons.push('role_assignment');
    return reasons.length > 0 ? reasons : ['no_matching_role'];
  }

  /** SPEC D3: descendants of `parent` allowed by check, restricted to p's type unless organization. */
  listResources(m: string, p: string, parent: string): string[] {
    const type = this.permissionType(p);
    return this.descendants(parent).filter(
      (r) => (type === ORGANIZATION || this.resources.get(r)?.type === type) && this.check(m, p, r),
    );
  }

  /** SPEC D5, in membership creation order. */
  listMemberships(r: string, p: string, assignment: 'direct' | 'indirect'): string[] {
    return [...this.memberships.entries()]
      .filter(([m, membership]) => {
        if (membership.status !== 'active') return false;
        if (assignment === 'indirect') return this.check(m, p, r);
        return [...this.assignments.values()].some(
          (a) => a.m === m && a.resource === r && this.holds(a.role, p),
        );
      })
      .map(([m]) => m);
  }

  /** SPEC D4: every permission check allows, in permission creation order. */
  effectivePermissions(m: string, r: string): string[] {
    return this.permissions.map((p) => p.slug).filter((p) => this.check(m, p, r));
  }

  hasChildren(r: string): boolean {
    return [...this.resources.values()].some((node) => node.parent === r);
  }

  findAssignment(m: string, role: string, resource: string): string | undefined {
    for (const [key, a] of this.assignments) {
      if (a.m === m && a.role === role && a.resource === resource) return key;
    }
    return undefined;
  }

  deleteResourceTree(r: string): void {
    const doomed = new Set([r, ...this.descendants(r)]);
    for (const key of doomed) this.resources.delete(key);
    for (const [key, a] of this.assignments) if (doomed.has(a.resource)) this.assignments.delete(key);
  }

  deleteMembership(m: string): void {
    this.memberships.delete(m);
    for (const [key, a] of this.assignments) if (a.m === m) this.assignments.delete(key);
  }

  deletePermission(slug: string): void {
    this.permissions = this.permissions.filter((p) => p.slug !== slug);
    for (const role of this.roles.values()) role.permissions = role.permissions.filter((p) => p !== slug);
  }
}
