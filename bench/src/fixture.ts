// The small model every guard benchmark server authorizes against (the shape of examples/acme):
// organization → workspace `engineering` → project `web`; alice holds `project-viewer` on `web`.
import { LocalAuthorizer } from '@fgakit/core';
import type { AuthzRequest, CustomIdentityFunction } from '@fgakit/core/http';
import { createTestIssuer, type TestIssuer } from '@fgakit/core/testing';

export interface GuardFixture {
  readonly authorizer: LocalAuthorizer;
  readonly issuer: TestIssuer;
  /** AuthKit-shaped access token for alice: `sub` + `org_id`, no `permissions` (so the engine decides). */
  readonly token: string;
  /** The same token plus AuthKit's `organization_membership_id` JWT-template claim. */
  readonly tokenWithMembership: string;
  readonly userId: string;
  readonly organizationId: string;
  readonly membershipId: string;
  /** The external id of the guarded project. */
  readonly projectId: string;
}

export async function createGuardFixture(): Promise<GuardFixture> {
  const authorizer = new LocalAuthorizer();
  const admin = authorizer.admin;
  await admin.createResourceType({ slug: 'workspace', name: 'Workspace' });
  await admin.createResourceType({ slug: 'project', name: 'Project', parentTypeSlugs: ['workspace'] });
  await admin.createPermission({
    slug: 'workspace:view',
    name: 'View workspace',
    resourceTypeSlug: 'workspace',
  });
  await admin.createPermission({ slug: 'project:view', name: 'View project', resourceTypeSlug: 'project' });
  await admin.createPermission({ slug: 'project:edit', name: 'Edit project', resourceTypeSlug: 'project' });
  await admin.createEnvironmentRole({
    slug: 'project-viewer',
    name: 'Project viewer',
    resourceTypeSlug: 'project',
  });
  await admin.setEnvironmentRolePermissions('project-viewer', ['project:view']);
  await admin.setEnvironmentRolePermissions('member', ['workspace:view']);
  const { data: org } = await admin.createOrganization({ name: 'Acme', externalId: 'acme' });
  const { data: workspace } = await admin.createResource({
    organizationId: org.id,
    resourceTypeSlug: 'workspace',
    externalId: 'engineering',
    name: 'Engineering',
  });
  await admin.createResource({
    organizationId: org.id,
    resourceTypeSlug: 'project',
    externalId: 'web',
    name: 'Web',
    parent: { id: workspace.id },
  });
  const { data: user } = await admin.createUser({ email: 'alice@acme.test' });
  const { data: membership } = await admin.createOrganizationMembership({
    userId: user.id,
    organizationId: org.id,
  });
  await admin.assignRole({
    membershipId: membership.id,
    roleSlug: 'project-viewer',
    resource: { type: 'project', externalId: 'web' },
  });
  const issuer = await createTestIssuer({ expiresInSeconds: 3600 });
  const token = await issuer.sign({ sub: user.id, org_id: org.id, role: 'member' });
  const tokenWithMembership = await issuer.sign({
    sub: user.id,
    org_id: org.id,
    role: 'member',
    organization_membership_id: membership.id,
  });
  return {
    authorizer,
    issuer,
    token,
    tokenWithMembership,
    userId: user.id,
    organizationId: org.id,
    membershipId: membership.id,
    projectId: 'web',
  };
}

/** Header the custom identity resolver reads (an app's own session, already verified upstream). */
export const MEMBERSHIP_HEADER = 'x-membership-id';

/** A custom resolver: the membership id from a trusted header, no token to verify. */
export const headerIdentity: CustomIdentityFunction<AuthzRequest> = (request) => {
  const membershipId = request.header(MEMBERSHIP_HEADER);
  return membershipId === undefined ? null : { membershipId };
};
