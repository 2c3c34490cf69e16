// applyModel against a recording Admin: the order of writes and how each seed object is created,
// independent of any engine.
import { describe, expect, it } from 'vitest';
import type { Admin } from '../admin.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { applyModel } from './apply-model.js';
import { validateModel } from './validate-model.js';

/** An Admin where every lookup misses and every write is recorded; unexpected calls throw. */
function recordingAdmin(): { admin: Admin; calls: string[] } {
  const calls: string[] = [];
  let next = 0;
  const id = (prefix: string): string => `${prefix}_${++next}`;
  const write = <T>(data: T) => Promise.resolve({ data, revision: next });
  const miss =
    (entity: 'resource_type' | 'permission' | 'role' | 'organization' | 'resource') => (key: unknown) =>
      Promise.reject(new NotFoundError(entity, JSON.stringify(key)));
  const impl: Record<string, (...args: never[]) => unknown> = {
    updateSettings: (input: unknown) => {
      calls.push(`updateSettings ${JSON.stringify(input)}`);
      return write(input);
    },
    getResourceType: miss('resource_type'),
    createResourceType: (input: { slug: string; parentTypeSlugs: string[] }) => {
      calls.push(`createResourceType ${input.slug} <${input.parentTypeSlugs.join(',')}>`);
      return write(input);
    },
    getPermission: miss('permission'),
    createPermission: (input: { slug: string }) => {
      calls.push(`createPermission ${input.slug}`);
      return write(input);
    },
    getEnvironmentRole: miss('role'),
    createEnvironmentRole: (input: { slug: string; resourceTypeSlug: string }) => {
      calls.push(`createEnvironmentRole ${input.slug} @${input.resourceTypeSlug}`);
      return write(input);
    },
    setEnvironmentRolePermissions: (slug: string, permissions: string[]) => {
      calls.push(`setEnvironmentRolePermissions ${slug} [${permissions.join(',')}]`);
      return write({ slug });
    },
    getOrganizationByExternalId: miss('organization'),
    createOrganization: (input: { name: string; externalId: string }) => {
      calls.push(`createOrganization ${input.externalId}`);
      return write({ id: id('org'), ...input });
    },
    getOrganizationRole: miss('role'),
    createOrganizationRole: (orgId: string, input: { slug: string }) => {
      calls.push(`createOrganizationRole ${orgId} ${input.slug}`);
      return write(input);
    },
    setOrganizationRolePermissions: (orgId: string, slug: string, permissions: string[]) => {
      calls.push(`setOrganizationRolePermissions ${orgId} ${slug} [${permissions.join(',')}]`);
      return write({ slug });
    },
    getResource: miss('resource'),
    createResource: (input: { resourceTypeSlug: string; externalId: string; parent: unknown }) => {
      calls.push(
        `createResource ${input.resourceTypeSlug}:${input.externalId} parent=${JSON.stringify(input.parent)}`,
      );
      return write({ id: id('res'), ...input });
    },
    listUsers: () => Promise.resolve({ data: [], listMetadata: { before: null, after: null } }),
    createUser: (input: { email: string }) => {
      calls.push(`createUser ${input.email}`);
      return write({ id: id('user'), ...input });
    },
    listOrganizationMemberships: () =>
      Promise.resolve({ data: [], listMetadata: { before: null, after: null } }),
    createOrganizationMembership: (input: Record<string, unknown>) => {
      calls.push(`createOrganizationMembership ${JSON.stringify(input)}`);
      return write({ id: id('om'), status: input.status ?? 'active', ...input });
    },
    deactivateOrganizationMembership: (membershipId: string) => {
      calls.push(`deactivateOrganizationMembership ${membershipId}`);
      return write({ id: membershipId, status: 'inactive' });
    },
    getOrganizationMembership: (membershipId: string) => Promise.resolve({ id: membershipId }),
    assignRole: (input: Record<string, unknown>) => {
      calls.push(`assignRole ${JSON.stringify(input)}`);
      return write(input);
    },
    revision: () => Promise.resolve(next),
  };
  const admin = new Proxy(impl, {
    get(target, prop) {
      const fn = target[String(prop)];
      if (fn === undefined) return () => Promise.reject(new Error(`unexpected Admin call: ${String(prop)}`));
      return fn;
    },
  }) as unknown as Admin;
  return { admin, calls };
}

const model = () =>
  validateModel({
    settings: { maxTypeDepth: 3, defaultRoleSlug: 'member' },
    // Listed child first: types are still created parents first.
    resourceTypes: [{ slug: 'project', parents: ['workspace'] }, { slug: 'workspace' }],
    permissions: [
      { slug: 'workspace:view', resourceType: 'workspace' },
      { slug: 'project:edit', resourceType: 'project' },
    ],
    roles: [
      { slug: 'member', permissions: ['workspace:view'] },
      { slug: 'project-editor', resourceType: 'project', permissions: ['project:edit'] },
    ],
    organizations: [
      {
        externalId: 'acme',
        name: 'Acme',
        roles: [{ slug: 'org-owner', permissions: ['workspace:view'] }],
        resources: [
          { type: 'workspace', externalId: 'eng', children: [{ type: 'project', externalId: 'web' }] },
        ],
      },
    ],
    users: [{ email: 'a@acme.test' }, { email: 'b@acme.test' }, { email: 'c@acme.test' }],
    memberships: [
      {
        user: 'a@acme.test',
        organization: 'acme',
        roles: ['member', 'org-owner'],
        assignments: [
          { role: 'project-editor', resource: 'project:web' },
          { role: 'org-owner', resource: 'organization' },
        ],
      },
      { user: 'b@acme.test', organization: 'acme', status: 'inactive' },
      { user: 'c@acme.test', organization: 'acme', roles: ['member'], status: 'pending' },
    ],
  });

describe('applyModel: order of writes', () => {
  it('creates everything through the Admin API in dependency order', async () => {
    const { admin, calls } = recordingAdmin();
    const seed = await applyModel(admin, model());
    expect(calls).toEqual([
      'updateSettings {"maxTypeDepth":3}',
      'createResourceType workspace <organization>',
      'createResourceType project <workspace>',
      'createPermission workspace:view',
      'createPermission project:edit',
      'createEnvironmentRole member @organization',
      'setEnvironmentRolePermissions member [workspace:view]',
      'createEnvironmentRole project-editor @project',
      'setEnvironmentRolePermissions project-editor [project:edit]',
      'updateSettings {"defaultRoleSlug":"member"}',
      'createOrganization acme',
      'createOrganizationRole org_1 org-owner',
      'setOrganizationRolePermissions org_1 org-owner [workspace:view]',
      'createResource workspace:eng parent=null',
      'createResource project:web parent={"id":"res_2"}',
      'createUser a@acme.test',
      'createUser b@acme.test',
      'createUser c@acme.test',
      'createOrganizationMembership {"userId":"user_4","organizationId":"org_1","roleSlugs":["member","org-owner"]}',
      'assignRole {"membershipId":"om_7","roleSlug":"project-editor","resource":{"type":"project","externalId":"web"},"ifExists":"return"}',
      'assignRole {"membershipId":"om_7","roleSlug":"org-owner","resource":{"type":"organization","externalId":"org_1"},"ifExists":"return"}',
      // An inactive membership is created, then deactivated; with no roles it gets the default role.
      'createOrganizationMembership {"userId":"user_5","organizationId":"org_1"}',
      'deactivateOrganizationMembership om_8',
      'createOrganizationMembership {"userId":"user_6","organizationId":"org_1","roleSlug":"member","status":"pending"}',
    ]);
    expect(seed.organization('acme').id).toBe('org_1');
    expect(seed.resource('acme', 'project', 'web').id).toBe('res_3');
    expect(seed.user('b@acme.test').id).toBe('user_5');
    expect(seed.membership('a@acme.test', 'acme').id).toBe('om_7');
  });

  it('validates a model built in code before writing anything', async () => {
    const { admin, calls } = recordingAdmin();
    const broken = { ...model(), roles: [{ ...model().roles[0]!, permissions: ['workspace:veiw'] }] };
    await expect(applyModel(admin, broken)).rejects.toBeInstanceOf(ValidationError);
    await expect(applyModel(admin, broken)).rejects.toThrow(
      'roles[0].permissions[0]: permission "workspace:veiw" is not defined (did you mean "workspace:view"?)',
    );
    expect(calls).toEqual([]);
  });
});
