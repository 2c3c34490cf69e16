// Deletion cascades of SPEC §2.6 expressed as changes, dependents first, so one batch removes a
// membership with its assignments, a resource subtree, or a whole organization.
import type { MembershipNode, OrgNode, ResourceNode } from '../engine/nodes.js';
import type { Change } from '../store/records.js';

/** Deletes a membership and every role assignment it holds. */
export function membershipDeletion(membership: MembershipNode, out: Change[]): void {
  if (membership.assigned !== null) {
    for (const head of membership.assigned.values()) {
      for (let a: typeof head | null = head; a !== null; a = a.nextSame) {
        out.push({ op: 'delete', kind: 'role_assignment', id: a.rec.id });
      }
    }
  }
  out.push({ op: 'delete', kind: 'membership', id: membership.rec.id });
}

/** `node` and its descendants, every child before its parent. */
export function subtreeLeavesFirst(node: ResourceNode): ResourceNode[] {
  const preorder: ResourceNode[] = [];
  const stack = [node];
  while (stack.length > 0) {
    const current = stack.pop() as ResourceNode;
    preorder.push(current);
    for (let child = current.firstChild; child !== null; child = child.nextSibling) stack.push(child);
  }
  return preorder.reverse();
}

/** Deletes a resource subtree and every role assignment on it. */
export function subtreeDeletion(node: ResourceNode, out: Change[]): void {
  for (const resource of subtreeLeavesFirst(node)) {
    for (let a = resource.assignHead; a !== null; a = a.nextOnResource) {
      out.push({ op: 'delete', kind: 'role_assignment', id: a.rec.id });
    }
  }
  for (const resource of subtreeLeavesFirst(node))
    out.push({ op: 'delete', kind: 'resource', id: resource.rec.id });
}

/** Deletes an organization with its memberships, assignments, resources and custom roles. */
export function organizationDeletion(org: OrgNode, out: Change[]): void {
  for (const membership of org.memberships) membershipDeletion(membership, out);
  if (org.root !== null) {
    for (const resource of subtreeLeavesFirst(org.root)) {
      out.push({ op: 'delete', kind: 'resource', id: resource.rec.id });
    }
  }
  for (const role of org.customRoles.values()) out.push({ op: 'delete', kind: 'role', id: role.rec.id });
  out.push({ op: 'delete', kind: 'organization', id: org.rec.id });
}
