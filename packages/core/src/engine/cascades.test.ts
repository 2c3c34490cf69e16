// SPEC §2.6: every lifecycle operation and its effect on the very next check.
import { describe, expect, it } from 'vitest';
import { buildExampleModel } from './test-model.js';

type Model = Awaited<ReturnType<typeof buildExampleModel>>;
const can = (m: Model, membershipId: string, permission: string, id: string) =>
  m.fga.checkSync({ membershipId, permission, resource: { id } }).allowed;

describe('lifecycle and cascades (SPEC §2.6)', () => {
  it('deleting an assignment revokes inherited access but keeps direct assignments below', async () => {
    const m = await buildExampleModel();
    const { data: ws } = await m.admin.assignRole({
      membershipId: m.alice.id,
      roleSlug: 'workspace-admin',
      resource: { id: m.engineering.id },
    });
    await m.admin.assignRole({
      membershipId: m.alice.id,
      roleSlug: 'app-deployer',
      resource: { id: m.frontend.id },
    });
    await m.admin.removeRoleAssignment({ membershipId: m.alice.id, roleAssignmentId: ws.id });
    expect(can(m, m.alice.id, 'project:edit', m.web.id)).toBe(false);
    expect(can(m, m.alice.id, 'app:deploy', m.frontend.id)).toBe(true);
    await m.admin.removeRole({
      membershipId: m.alice.id,
      roleSlug: 'app-deployer',
      resource: { type: 'app', externalId: 'frontend' },
    });
    expect(can(m, m.alice.id, 'app:deploy', m.frontend.id)).toBe(false);
  });

  it('role permission edits apply immediately to every holder', async () => {
    const m = await buildExampleModel();
    await m.admin.assignRole({
      membershipId: m.bob.id,
      roleSlug: 'project-viewer',
      resource: { id: m.web.id },
    });
    expect(can(m, m.bob.id, 'project:edit', m.web.id)).toBe(false);
    await m.admin.addEnvironmentRolePermission('project-viewer', 'project:edit');
    expect(can(m, m.bob.id, 'project:edit', m.web.id)).toBe(true);
    await m.admin.setEnvironmentRolePermissions('project-viewer', []);
    expect(can(m, m.bob.id, 'project:view', m.web.id)).toBe(false);
  });

  it('deleting a resource: 409 with dependents; cascade removes the subtree and its assignments in one batch', async () => {
    const m = await buildExampleModel();
    await m.admin.assignRole({
      membershipId: m.bob.id,
      roleSlug: 'app-deployer',
      resource: { id: m.frontend.id },
    });
    await expect(m.admin.deleteResource({ id: m.web.id })).rejects.toMatchObject({
      code: 'resource_has_dependents',
    });
    const before = m.fga.revision;
    const { revision } = await m.admin.deleteResource({ id: m.web.id }, { cascadeDelete: true });
    expect(revision).toBe(before + 1);
    await expect(m.admin.getResource({ id: m.frontend.id })).rejects.toMatchObject({
      code: 'entity_not_found',
    });
    expect(() => can(m, m.bob.id, 'app:deploy', m.frontend.id)).toThrow(/not found/);
    expect((await m.admin.listRoleAssignments({ membershipId: m.bob.id })).data).toEqual([]);
  });

  it('re-parenting switches inherited access to the new ancestors', async () => {
    const m = await buildExampleModel();
    await m.admin.assignRole({
      membershipId: m.alice.id,
      roleSlug: 'workspace-admin',
      resource: { id: m.engineering.id },
    });
    expect(can(m, m.alice.id, 'project:edit', m.sensitive.id)).toBe(false);
    const { data } = await m.admin.updateResource(
      { id: m.sensitive.id },
      { parent: { id: m.engineering.id } },
    );
    expect(data.parentResourceId).toBe(m.engineering.id);
    expect(can(m, m.alice.id, 'project:edit', m.sensitive.id)).toBe(true);
    await m.admin.updateResource({ id: m.web.id }, { parent: { type: 'workspace', externalId: 'other' } });
    expect(can(m, m.alice.id, 'app:deploy', m.frontend.id)).toBe(false);
  });

  it('deleting a membership removes its assignments; deleting a user removes memberships', async () => {
    const m = await buildExampleModel();
    const { data: a } = await m.admin.assignRole({
      membershipId: m.bob.id,
      roleSlug: 'project-editor',
      resource: { id: m.web.id },
    });
    await m.admin.deleteOrganizationMembership(m.bob.id);
    expect((await m.admin.listRoleAssignmentsForResource({ resource: { id: m.web.id } })).data).toEqual([]);
    await expect(
      m.admin.removeRoleAssignment({ membershipId: m.bob.id, roleAssignmentId: a.id }),
    ).rejects.toMatchObject({ code: 'entity_not_found' });
    await m.admin.assignRole({
      membershipId: m.alice.id,
      roleSlug: 'project-editor',
      resource: { id: m.web.id },
    });
    await m.admin.deleteUser(m.alice.userId);
    await expect(m.admin.getOrganizationMembership(m.alice.id)).rejects.toBeInstanceOf(Error);
    expect(await m.admin.listOrganizationMemberships({ organizationId: m.orgId })).toMatchObject({
      data: [],
    });
    // The role is free again once nothing uses it.
    await m.admin.deleteEnvironmentRole('project-editor');
  });

  it('deleting an organization removes memberships, custom roles, resources and assignments', async () => {
    const m = await buildExampleModel();
    await m.admin.createOrganizationRole(m.orgId, { slug: 'org-billing', name: 'Billing' });
    await m.admin.assignRole({
      membershipId: m.bob.id,
      roleSlug: 'project-editor',
      resource: { id: m.web.id },
    });
    await m.admin.deleteOrganization(m.orgId);
    await expect(m.admin.getResource({ id: m.web.id })).rejects.toMatchObject({ code: 'entity_not_found' });
    await expect(m.admin.getOrganizationMembership(m.bob.id)).rejects.toMatchObject({
      code: 'entity_not_found',
    });
    expect((await m.admin.listResources({ limit: 100 })).data).toEqual([]);
    expect((await m.admin.listUsers()).data).toHaveLength(2); // users outlive organizations
    await m.admin.deleteEnvironmentRole('project-editor');
  });

  it('refuses deleting a custom role in use, deletes it when free', async () => {
    const m = await buildExampleModel();
    const { data: role } = await m.admin.createOrganizationRole(m.orgId, { name: 'Billing Admin!' });
    expect(role.slug).toMatch(/^billing-admin-[0-9a-z]{6}$/);
    await m.admin.updateOrganizationMembership(m.bob.id, { roleSlugs: [role.slug] });
    await expect(m.admin.deleteOrganizationRole(m.orgId, role.slug)).rejects.toMatchObject({
      code: 'role_has_assignments',
    });
    await m.admin.updateOrganizationMembership(m.bob.id, { roleSlug: 'org-member' });
    await m.admin.deleteOrganizationRole(m.orgId, role.slug);
  });

  it('deleting a permission removes it from every role', async () => {
    const m = await buildExampleModel();
    await m.admin.assignRole({
      membershipId: m.alice.id,
      roleSlug: 'workspace-admin',
      resource: { id: m.engineering.id },
    });
    await m.admin.deletePermission('project:edit');
    expect((await m.admin.getEnvironmentRole('workspace-admin')).permissions).not.toContain('project:edit');
    expect(
      m.fga.checkSync({ membershipId: m.alice.id, permission: 'project:edit', resource: { id: m.web.id } }),
    ).toMatchObject({
      allowed: false,
      reason: 'unknown_permission',
    });
  });

  it('deactivate/reactivate keep roles and assignments; inactive and pending are never authorized', async () => {
    const m = await buildExampleModel();
    await m.admin.assignRole({
      membershipId: m.bob.id,
      roleSlug: 'project-editor',
      resource: { id: m.web.id },
    });
    await m.admin.deactivateOrganizationMembership(m.bob.id);
    expect(
      m.fga.checkSync({ membershipId: m.bob.id, permission: 'project:edit', resource: { id: m.web.id } }),
    ).toMatchObject({
      allowed: false,
      reason: 'membership_inactive',
    });
    expect(
      (await m.fga.listMemberships({ resource: { id: m.web.id }, permission: 'project:edit' })).data,
    ).toEqual([]);
    const { data } = await m.admin.reactivateOrganizationMembership(m.bob.id);
    expect(data).toMatchObject({ status: 'active', roles: ['org-member'] });
    expect(can(m, m.bob.id, 'project:edit', m.web.id)).toBe(true);
  });

  it('creating a membership for an inactive pair reactivates it with the requested roles', async () => {
    const m = await buildExampleModel();
    await m.admin.deactivateOrganizationMembership(m.bob.id);
    const { data } = await m.admin.createOrganizationMembership({
      userId: m.bob.userId,
      organizationId: m.orgId,
      roleSlugs: ['member', 'org-member'],
    });
    expect(data).toMatchObject({
      id: m.bob.id,
      status: 'active',
      role: 'member',
      roles: ['member', 'org-member'],
    });
  });

  it('without a role a membership gets the default role', async () => {
    const m = await buildExampleModel();
    const { data: user } = await m.admin.createUser({ email: 'd@x.io' });
    const { data } = await m.admin.createOrganizationMembership({ userId: user.id, organizationId: m.orgId });
    expect(data).toMatchObject({ role: 'member', roles: ['member'], status: 'active' });
  });
});
