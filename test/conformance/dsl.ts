// Small builders that expand to plain Step data, so scenarios read like the SPEC's examples.
import type { MembershipStatus, ResourceRef } from '@fgakit/core';
import type { Step, Symbolic } from './types.js';

/** An organization registered as `as`. */
export function org(as: string, name = as): Step {
  return { op: 'createOrganization', as, input: { name } };
}

/** A user registered as `${as}-user` and their membership in `organization` registered as `as`. */
export function person(
  as: string,
  organization: Symbolic,
  roles?: string | readonly string[],
  status?: 'active' | 'pending',
): Step[] {
  const roleInput =
    roles === undefined ? {} : typeof roles === 'string' ? { roleSlug: roles } : { roleSlugs: roles };
  return [
    { op: 'createUser', as: `${as}-user`, input: { email: `${as}@example.com`, firstName: as } },
    {
      op: 'createOrganizationMembership',
      as,
      input: {
        userId: `@${as}-user`,
        organizationId: organization,
        ...roleInput,
        ...(status ? { status } : {}),
      },
    },
  ];
}

/** A membership of an existing user (registered as `as`). */
export function membership(
  as: string,
  user: Symbolic,
  organization: Symbolic,
  roles?: string | readonly string[],
): Step {
  const roleInput =
    roles === undefined ? {} : typeof roles === 'string' ? { roleSlug: roles } : { roleSlugs: roles };
  return {
    op: 'createOrganizationMembership',
    as,
    input: { userId: user, organizationId: organization, ...roleInput },
  };
}

/** A resource type under the given parent types (default: the organization). */
export function type(slug: string, parents: readonly string[] = ['organization']): Step {
  return { op: 'createResourceType', input: { slug, name: slug, parentTypeSlugs: parents } };
}

/** Permissions scoped to one resource type. */
export function perms(resourceTypeSlug: string, ...slugs: string[]): Step[] {
  return slugs.map((slug) => ({ op: 'createPermission', input: { slug, name: slug, resourceTypeSlug } }));
}

/** An environment role scoped to `resourceTypeSlug` holding `permissions`. */
export function role(slug: string, resourceTypeSlug: string, permissions: readonly string[]): Step[] {
  return [
    { op: 'createEnvironmentRole', input: { slug, name: slug, resourceTypeSlug } },
    { op: 'setEnvironmentRolePermissions', args: [slug, permissions] },
  ];
}

/** A custom role of `organization` (slug must start with `org-`) holding `permissions`. */
export function orgRole(
  organization: Symbolic,
  slug: string,
  resourceTypeSlug: string,
  permissions: readonly string[],
): Step[] {
  return [
    { op: 'createOrganizationRole', args: [organization, { slug, name: slug, resourceTypeSlug }] },
    { op: 'setOrganizationRolePermissions', args: [organization, slug, permissions] },
  ];
}

/** A resource registered as `as` with external id `as`; parent `'@x'` or omitted (organization). */
export function resource(
  as: string,
  organization: Symbolic,
  resourceTypeSlug: string,
  parent?: Symbolic,
  externalId = as,
): Step {
  return {
    op: 'createResource',
    as,
    input: {
      organizationId: organization,
      resourceTypeSlug,
      externalId,
      name: as,
      ...(parent === undefined ? {} : { parent: { id: parent } }),
    },
  };
}

/** `ref('@web')` → `{ id }`; `orgRef('@acme')` → the organization resource of `acme`. */
export function ref(target: Symbolic): ResourceRef {
  return { id: target };
}
export function orgRef(organization: Symbolic): ResourceRef {
  return { type: 'organization', externalId: organization };
}

/** Assign `roleSlug` to `membershipId` on `target` (a resource `'@x'` or an explicit ref). */
export function assign(
  membershipId: Symbolic,
  roleSlug: string,
  target: Symbolic | ResourceRef,
  as?: string,
): Step {
  const resourceRef = typeof target === 'string' ? ref(target) : target;
  return {
    op: 'assignRole',
    ...(as ? { as } : {}),
    input: { membershipId, roleSlug, resource: resourceRef },
  };
}

/** Move `membershipId` to `status` through the admin API (pending is only reachable at creation). */
export function setStatus(membershipId: Symbolic, status: Exclude<MembershipStatus, 'pending'>): Step {
  return status === 'inactive'
    ? { op: 'deactivateOrganizationMembership', input: membershipId }
    : { op: 'reactivateOrganizationMembership', input: membershipId };
}
