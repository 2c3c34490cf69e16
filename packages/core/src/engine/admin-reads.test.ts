// Admin reads and updates a user notices: shapes, ordering, filters, and user-chosen keys.
import { describe, expect, it } from 'vitest';
import { isIdWithPrefix } from '../util/ulid.js';
import { buildExampleModel } from './test-model.js';

describe('admin reads and updates', () => {
  it('creates every object with the id prefix of SPEC §1.1 and ISO timestamps', async () => {
    const m = await buildExampleModel();
    const { data: assignment } = await m.admin.assignRole({
      membershipId: m.bob.id,
      roleSlug: 'project-editor',
      resource: { id: m.web.id },
    });
    const org = await m.admin.getOrganization(m.orgId);
    const checks: [string, string][] = [
      [org.id, 'org_'],
      [m.alice.userId, 'user_'],
      [m.alice.id, 'om_'],
      [(await m.admin.getEnvironmentRole('member')).id, 'role_'],
      [(await m.admin.getPermission('app:deploy')).id, 'perm_'],
      [m.web.id, 'authz_resource_'],
      [(await m.admin.getResourceType('app')).id, 'authz_resource_type_'],
      [assignment.id, 'role_assignment_'],
    ];
    for (const [id, prefix] of checks) expect(isIdWithPrefix(id, prefix), id).toBe(true);
    expect(org.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(assignment).toMatchObject({
      roleSlug: 'project-editor',
      resource: { externalId: 'web', resourceTypeSlug: 'project' },
      source: { type: 'direct', groupRoleAssignmentId: null },
    });
  });

  it('treats __proto__ and constructor as ordinary keys and slugs', async () => {
    const m = await buildExampleModel();
    const metadata = JSON.parse('{"__proto__":"x","constructor":"y"}') as Record<string, string>;
    const { data: user } = await m.admin.createUser({
      email: 'proto@x.io',
      metadata,
      externalId: '__proto__',
    });
    expect(Object.getOwnPropertyNames(user.metadata)).toEqual(['__proto__', 'constructor']);
    expect((await m.admin.getUserByExternalId('__proto__')).id).toBe(user.id);
    await m.admin.createResourceType({ slug: '__proto__', name: 'Proto' });
    await m.admin.createPermission({ slug: '__proto__:view', name: 'x', resourceTypeSlug: '__proto__' });
    const { data } = await m.admin.createResource({
      organizationId: m.orgId,
      resourceTypeSlug: '__proto__',
      externalId: 'constructor',
      name: 'x',
    });
    expect(
      (await m.admin.getResource({ organizationId: m.orgId, type: '__proto__', externalId: 'constructor' }))
        .id,
    ).toBe(data.id);
  });

  it('lists the organization resource only when asked for its type, and top-level parents as null (D6)', async () => {
    const m = await buildExampleModel();
    const all = await m.admin.listResources({ organizationId: m.orgId, order: 'asc' });
    expect(all.data.map((r) => [r.externalId, r.parentResourceId])).toEqual([
      ['engineering', null],
      ['web', m.engineering.id],
      ['frontend', m.web.id],
      ['other', null],
      ['sensitive', m.other.id],
    ]);
    const orgs = await m.admin.listResources({ organizationId: m.orgId, resourceTypeSlug: 'organization' });
    expect(orgs.data).toMatchObject([
      { externalId: m.orgId, parentResourceId: null, resourceTypeSlug: 'organization' },
    ]);
    const children = await m.admin.listResources({ parent: { id: m.engineering.id } });
    expect(children.data.map((r) => r.externalId)).toEqual(['web']);
  });

  it('lists organization roles in priority (creation) order with environment roles', async () => {
    const m = await buildExampleModel();
    await m.admin.createOrganizationRole(m.orgId, { slug: 'org-billing', name: 'Billing' });
    await m.admin.createEnvironmentRole({ slug: 'late', name: 'Late' });
    const slugs = (await m.admin.listOrganizationRoles(m.orgId)).map((r) => `${r.slug}:${r.type}`);
    expect(slugs.slice(0, 2)).toEqual(['member:EnvironmentRole', 'org-member:EnvironmentRole']);
    expect(slugs.slice(-2)).toEqual(['org-billing:OrganizationRole', 'late:EnvironmentRole']);
    expect((await m.admin.getOrganizationRole(m.orgId, 'org-billing')).organizationId).toBe(m.orgId);
    expect((await m.admin.listEnvironmentRoles()).map((r) => r.slug)).not.toContain('org-billing');
  });

  it('filters memberships by status (active by default) and updates users and organizations', async () => {
    const m = await buildExampleModel();
    await m.admin.deactivateOrganizationMembership(m.bob.id);
    const ids = async (statuses?: ('active' | 'inactive' | 'pending')[]) =>
      (
        await m.admin.listOrganizationMemberships({
          organizationId: m.orgId,
          order: 'asc',
          ...(statuses ? { statuses } : {}),
        })
      ).data.map((x) => x.id);
    expect(await ids()).toEqual([m.alice.id]);
    expect(await ids(['active', 'inactive'])).toEqual([m.alice.id, m.bob.id]);
    const { data: user } = await m.admin.updateUser(m.alice.userId, {
      firstName: 'Alice',
      externalId: 'a-1',
    });
    expect(user).toMatchObject({ firstName: 'Alice', externalId: 'a-1', email: 'alice@acme.test' });
    const { data: org } = await m.admin.updateOrganization(m.orgId, { name: 'Acme Inc', externalId: 'acme' });
    expect((await m.admin.getOrganizationByExternalId('acme')).name).toBe(org.name);
    expect((await m.admin.listUsers({ organizationId: m.orgId })).data).toHaveLength(2);
    expect((await m.admin.listUsers({ email: 'BOB@acme.test' })).data.map((u) => u.id)).toEqual([
      m.bob.userId,
    ]);
  });

  it('honours ifExists: return for duplicate assignments (D7) and lists per membership and resource', async () => {
    const m = await buildExampleModel();
    const input = { membershipId: m.bob.id, roleSlug: 'project-editor', resource: { id: m.web.id } } as const;
    const first = await m.admin.assignRole(input);
    const again = await m.admin.assignRole({ ...input, ifExists: 'return' });
    expect(again).toEqual(first);
    expect(
      (await m.admin.listRoleAssignments({ membershipId: m.bob.id, resourceExternalId: 'web' })).data,
    ).toHaveLength(1);
    expect(
      (
        await m.admin.listRoleAssignmentsForResource({
          resource: { id: m.web.id },
          roleSlug: 'project-viewer',
        })
      ).data,
    ).toEqual([]);
  });
});
