// Discovery over the index (SPEC §2.7, D3–D5): work proportional to the answer, using the
// membership's assignments, the per-resource assignment lists and the role → holders map.
import { ORGANIZATION_TYPE } from '../model/types.js';
import { evaluate, Outcome, roleHas } from './evaluate.js';
import type { ModelIndex } from './model-index.js';
import type {
  AssignmentNode,
  MembershipNode,
  PermissionNode,
  ResourceNode,
  RoleNode,
  TypeNode,
} from './nodes.js';

const bySeq = (a: ResourceNode, b: ResourceNode): number => a.seq - b.seq;
/** Positions fit in 21 bits (≤ 2M items); seq × 2^21 + position stays below 2^53 for seq < 2^32. */
const POSITION_BITS = 2 ** 21;
const MAX_PACKED_SEQ = 2 ** 32;

/**
 * Sorts by creation order. Large answers are sorted as packed numeric keys in a Float64Array
 * (native numeric sort, no comparator calls): the first listResources page of a 10k answer
 * spent most of its time in the comparator.
 */
function sortBySeq(nodes: ResourceNode[]): ResourceNode[] {
  const n = nodes.length;
  if (n < 64 || n >= POSITION_BITS) return nodes.sort(bySeq);
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const seq = (nodes[i] as ResourceNode).seq;
    if (seq >= MAX_PACKED_SEQ) return nodes.sort(bySeq); // key would lose precision
    keys[i] = seq * POSITION_BITS + i;
  }
  keys.sort();
  const out = new Array<ResourceNode>(n);
  for (let i = 0; i < n; i++) out[i] = nodes[(keys[i] as number) % POSITION_BITS] as ResourceNode;
  return out;
}
const byMembershipId = (a: MembershipNode, b: MembershipNode): number =>
  a.rec.id < b.rec.id ? -1 : a.rec.id > b.rec.id ? 1 : 0;

/**
 * Every strict descendant of `parent` on which `membership` has `permission`, restricted to the
 * permission's resource type unless that is `organization` (D3); in creation order.
 */
export function accessibleDescendants(
  membership: MembershipNode,
  permission: PermissionNode | undefined,
  parent: ResourceNode,
): ResourceNode[] {
  if (permission === undefined || !membership.active) return [];
  const target = permission.type.rec.slug === ORGANIZATION_TYPE ? null : permission.type;
  const out: ResourceNode[] = [];
  const atParent = evaluate(membership, permission, parent);
  if (atParent === Outcome.OrganizationRole || atParent === Outcome.RoleAssignment) {
    collectDescendants(parent, target, out);
  } else if (membership.assigned !== null) {
    // Not granted at the parent: only subtrees under a granting assignment qualify.
    const roots = new Set<ResourceNode>();
    for (const [node, head] of membership.assigned) {
      if (node === parent || !chainGrants(head, permission) || !isStrictDescendant(node, parent)) continue;
      roots.add(node);
    }
    for (const root of roots) {
      if (hasRootAbove(root, parent, roots)) continue; // already collected through that root
      if (target === null || root.type === target) out.push(root);
      collectDescendants(root, target, out);
    }
  }
  return sortBySeq(out);
}

function chainGrants(head: AssignmentNode | null, p: PermissionNode): boolean {
  for (let a = head; a !== null; a = a.nextSame) if (roleHas(a.role, p)) return true;
  return false;
}

function isStrictDescendant(node: ResourceNode, ancestor: ResourceNode): boolean {
  for (let a = node.parent; a !== null; a = a.parent) if (a === ancestor) return true;
  return false;
}

function hasRootAbove(root: ResourceNode, parent: ResourceNode, roots: ReadonlySet<ResourceNode>): boolean {
  for (let a = root.parent; a !== null && a !== parent; a = a.parent) if (roots.has(a)) return true;
  return false;
}

/** Appends the strict descendants of `node` of type `target` (all when null), pruning subtrees that cannot contain it. */
function collectDescendants(node: ResourceNode, target: TypeNode | null, out: ResourceNode[]): void {
  const stack: ResourceNode[] = [];
  for (let child = node.firstChild; child !== null; child = child.nextSibling) stack.push(child);
  while (stack.length > 0) {
    const current = stack.pop() as ResourceNode;
    if (target === null || current.type === target) out.push(current);
    if (target !== null && (current.type === target || !current.type.descendants.has(target))) continue;
    for (let child = current.firstChild; child !== null; child = child.nextSibling) stack.push(child);
  }
}

/**
 * Active memberships that may `permission` on `resource` (D5): `direct` = a role assigned on
 * exactly `resource` holds it; `indirect` = every membership `check` allows. Ordered by creation.
 */
export function membershipsWithPermission(
  resource: ResourceNode,
  permission: PermissionNode | undefined,
  assignment: 'direct' | 'indirect',
): MembershipNode[] {
  if (permission === undefined) return [];
  const found = new Set<MembershipNode>();
  if (assignment === 'indirect') {
    for (const role of permission.roles) {
      const holders = resource.org.membersByRole.get(role);
      if (holders !== undefined) for (const m of holders) if (m.active) found.add(m);
    }
  }
  for (let node: ResourceNode | null = resource; node !== null; node = node.parent) {
    for (let a = node.assignHead; a !== null; a = a.nextOnResource) {
      if (a.membership.active && roleHas(a.role, permission)) found.add(a.membership);
    }
    if (assignment === 'direct') break;
  }
  return [...found].sort(byMembershipId);
}

/** Every permission slug the membership has on the resource, in permission creation order (D4). */
export function effectivePermissionSlugs(
  index: ModelIndex,
  membership: MembershipNode,
  resource: ResourceNode,
): string[] {
  if (!membership.active) return [];
  const roles = applicableRoles(membership, resource);
  const out: string[] = [];
  for (const permission of index.permissions.values()) {
    for (const role of roles) {
      if (roleHas(role, permission)) {
        out.push(permission.rec.slug);
        break;
      }
    }
  }
  return out;
}

/** Distinct roles applicable at `resource`: org-scoped ones, then assignments up the path. */
function applicableRoles(membership: MembershipNode, resource: ResourceNode): RoleNode[] {
  const roles = new Set<RoleNode>(membership.roles);
  const assigned = membership.assigned;
  if (assigned !== null) {
    for (let node: ResourceNode | null = resource; node !== null; node = node.parent) {
      for (let a = assigned.get(node) ?? null; a !== null; a = a.nextSame) roles.add(a.role);
    }
  }
  return [...roles];
}
