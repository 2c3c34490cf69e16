// Builds an Explanation (why a check answers as it does): the path from the resource to the
// organization resource, every applicable role and where it applies, and a one-line summary.
import type { CheckQuery, Decision, ExplainedRole, Explanation, ResourceSummary } from '../authorizer.js';
import { roleHas } from './evaluate.js';
import type { MembershipNode, PermissionNode, ResourceNode } from './nodes.js';

function summarize(node: ResourceNode): ResourceSummary {
  return { id: node.rec.id, type: node.rec.type, externalId: node.rec.externalId, name: node.rec.name };
}

function label(role: ExplainedRole): string {
  return role.via === 'organization_role'
    ? `organization role "${role.roleSlug}"`
    : `role "${role.roleSlug}" assigned on ${role.resource.type} "${role.resource.externalId}"`;
}

/** The explanation of `decision` for `query`, evaluated on the same index state. */
export function explainDecision(
  query: CheckQuery,
  decision: Decision,
  membership: MembershipNode,
  permission: PermissionNode | undefined,
  resource: ResourceNode,
): Explanation {
  const path: ResourceSummary[] = [];
  for (let node: ResourceNode | null = resource; node !== null; node = node.parent)
    path.push(summarize(node));
  const orgResource = membership.org.root;
  const orgSummary: ResourceSummary =
    orgResource === null
      ? { id: '', type: 'organization', externalId: membership.org.rec.id, name: membership.org.rec.name }
      : summarize(orgResource);
  const roles: ExplainedRole[] = membership.roles.map((role) => ({
    roleSlug: role.rec.slug,
    via: 'organization_role',
    resource: orgSummary,
    roleAssignmentId: null,
    grants: permission !== undefined && roleHas(role, permission),
  }));
  const assigned = membership.assigned;
  if (assigned !== null) {
    for (let node: ResourceNode | null = resource; node !== null; node = node.parent) {
      const here: ExplainedRole[] = [];
      for (let a = assigned.get(node) ?? null; a !== null; a = a.nextSame) {
        here.push({
          roleSlug: a.role.rec.slug,
          via: 'role_assignment',
          resource: summarize(node),
          roleAssignmentId: a.rec.id,
          grants: permission !== undefined && roleHas(a.role, permission),
        });
      }
      // The chain is newest first; show assignments on one resource in creation order.
      roles.push(...here.reverse());
    }
  }
  return {
    query,
    decision,
    membership: {
      id: membership.rec.id,
      status: membership.rec.status,
      organizationId: membership.org.rec.id,
    },
    permission: {
      slug: query.permission,
      known: permission !== undefined,
      resourceTypeSlug: permission?.rec.resourceTypeSlug ?? null,
    },
    path,
    roles,
    summary: summaryLine(query, decision, membership, resource, roles),
  };
}

function summaryLine(
  query: CheckQuery,
  decision: Decision,
  membership: MembershipNode,
  resource: ResourceNode,
  roles: readonly ExplainedRole[],
): string {
  const slug = JSON.stringify(query.permission);
  if (decision.reason === 'unknown_permission') {
    return `denied: permission ${slug} is not defined (create it, or fix the slug)`;
  }
  const granting = roles.find((role) => role.grants);
  if (decision.reason === 'membership_inactive') {
    const note = granting === undefined ? '' : ` (${label(granting)} would include ${slug})`;
    return `denied: membership "${membership.rec.id}" is ${membership.rec.status}; only active memberships are authorized${note}`;
  }
  if (decision.allowed && granting !== undefined) return `allowed: ${label(granting)} includes ${slug}`;
  const checked = roles.length === 0 ? 'no roles' : roles.map(label).join('; ');
  return `denied: no role applicable at ${resource.rec.type} ${JSON.stringify(resource.rec.externalId)} includes ${slug} (checked: ${checked})`;
}
