// Test fixture (not exported from the package): the org → workspace → project → app model of
// SPEC §2.3 with its roles, built through the admin API like a user would.
import { LocalAuthorizer, type LocalAuthorizerOptions } from './local-authorizer.js';

/** A fresh authorizer holding the SPEC §2.3 model and an organization with one member per example. */
export async function buildExampleModel(options: LocalAuthorizerOptions = {}) {
  const fga = new LocalAuthorizer(options);
  const { admin } = fga;
  await admin.createResourceType({ slug: 'workspace', name: 'Workspace' });
  await admin.createResourceType({ slug: 'project', name: 'Project', parentTypeSlugs: ['workspace'] });
  await admin.createResourceType({ slug: 'app', name: 'App', parentTypeSlugs: ['project'] });
  const permissions: [string, string][] = [
    ['org:read', 'organization'],
    ['workspace:view', 'workspace'],
    ['workspace:edit', 'workspace'],
    ['project:view', 'project'],
    ['project:edit', 'project'],
    ['project:create', 'project'],
    ['project:delete', 'project'],
    ['app:view', 'app'],
    ['app:deploy', 'app'],
  ];
  for (const [slug, type] of permissions) {
    await admin.createPermission({ slug, name: slug, resourceTypeSlug: type });
  }
  const roles: [string, string, string[]][] = [
    ['org-member', 'organization', ['org:read']],
    [
      'workspace-admin',
      'workspace',
      [
        'workspace:view',
        'workspace:edit',
        'project:view',
        'project:edit',
        'project:create',
        'project:delete',
        'app:deploy',
      ],
    ],
    ['workspace-member', 'workspace', ['workspace:view', 'project:view']],
    ['project-editor', 'project', ['project:view', 'project:edit']],
    ['project-viewer', 'project', ['project:view']],
    ['app-deployer', 'app', ['app:view', 'app:deploy']],
  ];
  for (const [slug, type, perms] of roles) {
    await admin.createEnvironmentRole({ slug, name: slug, resourceTypeSlug: type });
    await admin.setEnvironmentRolePermissions(slug, perms);
  }
  const { data: org } = await admin.createOrganization({ name: 'Acme' });
  const orgId = org.id;
  const resource = async (type: string, externalId: string, parent?: string) =>
    (
      await admin.createResource({
        organizationId: orgId,
        resourceTypeSlug: type,
        externalId,
        name: externalId,
        ...(parent === undefined ? {} : { parent: { id: parent } }),
      })
    ).data;
  const engineering = await resource('workspace', 'engineering');
  const web = await resource('project', 'web', engineering.id);
  const frontend = await resource('app', 'frontend', web.id);
  const other = await resource('workspace', 'other');
  const sensitive = await resource('project', 'sensitive', other.id);
  const member = async (email: string, roleSlug = 'org-member') => {
    const { data: user } = await admin.createUser({ email });
    return (await admin.createOrganizationMembership({ userId: user.id, organizationId: orgId, roleSlug }))
      .data;
  };
  const alice = await member('alice@acme.test');
  const bob = await member('bob@acme.test');
  return { fga, admin, orgId, engineering, web, frontend, other, sensitive, alice, bob, resource, member };
}
