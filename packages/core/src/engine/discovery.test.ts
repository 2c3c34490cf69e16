// Discovery (SPEC §2.7, D3–D5, D9, D16–D18): listResources, listMemberships, effectivePermissions,
// findMembership, unknown ids and permissions, and revision waits.
import { describe, expect, it } from 'vitest';
import { buildExampleModel } from './test-model.js';

describe('discovery', () => {
  it('listResources returns descendants of the parent of the permission type, with full inheritance (D3)', async () => {
    const m = await buildExampleModel();
    const root = { type: 'organization', externalId: m.orgId };
    await m.admin.assignRole({
      membershipId: m.alice.id,
      roleSlug: 'workspace-member',
      resource: { id: m.engineering.id },
    });
    await m.admin.assignRole({
      membershipId: m.alice.id,
      roleSlug: 'project-viewer',
      resource: { id: m.sensitive.id },
    });
    const later = await m.resource('project', 'later', m.engineering.id);
    const list = async (parent: typeof root | { id: string }, permission = 'project:view') =>
      (
        await m.fga.listResources({ membershipId: m.alice.id, permission, parent, page: { order: 'asc' } })
      ).data.map((r) => r.externalId);
    expect(await list(root)).toEqual(['web', 'sensitive', 'later']);
    expect(await list({ id: m.engineering.id })).toEqual(['web', 'later']);
    expect(await list({ id: m.other.id })).toEqual(['sensitive']);
    expect(await list({ id: m.web.id })).toEqual([]); // no project below a project
    expect(await list(root, 'app:deploy')).toEqual([]);
    expect(await list(root, 'no:such')).toEqual([]);
    // org-typed permission: every descendant type qualifies
    await m.admin.addEnvironmentRolePermission('org-member', 'app:view');
    expect(await list({ id: m.engineering.id }, 'org:read')).toEqual(['web', 'frontend', later.externalId]);
  });

  it('listMemberships: direct by default, indirect = everyone check allows, active only (D5)', async () => {
    const m = await buildExampleModel();
    await m.admin.assignRole({
      membershipId: m.alice.id,
      roleSlug: 'workspace-admin',
      resource: { id: m.engineering.id },
    });
    await m.admin.assignRole({
      membershipId: m.bob.id,
      roleSlug: 'project-editor',
      resource: { id: m.web.id },
    });
    const carol = await m.member('carol@acme.test');
    await m.admin.addEnvironmentRolePermission('org-member', 'project:view');
    const ids = async (assignment?: 'direct' | 'indirect', permission = 'project:edit') =>
      (
        await m.fga.listMemberships({
          resource: { id: m.web.id },
          permission,
          ...(assignment ? { assignment } : {}),
          page: { order: 'asc' },
        })
      ).data.map((x) => x.id);
    expect(await ids()).toEqual([m.bob.id]);
    expect(await ids('indirect')).toEqual([m.alice.id, m.bob.id]);
    expect(await ids('indirect', 'project:view')).toEqual([m.alice.id, m.bob.id, carol.id]);
    await m.admin.deactivateOrganizationMembership(m.bob.id);
    expect(await ids('indirect')).toEqual([m.alice.id]);
  });

  it('effectivePermissions is the union over applicable roles in permission creation order (D4)', async () => {
    const m = await buildExampleModel();
    await m.admin.assignRole({
      membershipId: m.alice.id,
      roleSlug: 'workspace-member',
      resource: { id: m.engineering.id },
    });
    await m.admin.assignRole({
      membershipId: m.alice.id,
      roleSlug: 'app-deployer',
      resource: { id: m.frontend.id },
    });
    expect(
      await m.fga.effectivePermissions({
        membershipId: m.alice.id,
        resource: { type: 'app', externalId: 'frontend' },
      }),
    ).toEqual(['org:read', 'workspace:view', 'project:view', 'app:view', 'app:deploy']);
    expect(
      await m.fga.effectivePermissions({ membershipId: m.alice.id, resource: { id: m.engineering.id } }),
    ).toEqual(['org:read', 'workspace:view', 'project:view']);
  });

  it('organization-typed roles assigned on the organization resource act org-wide (D6)', async () => {
    const m = await buildExampleModel();
    await m.admin.createEnvironmentRole({ slug: 'org-auditor', name: 'Auditor' });
    await m.admin.setEnvironmentRolePermissions('org-auditor', ['app:view']);
    await m.admin.assignRole({
      membershipId: m.bob.id,
      roleSlug: 'org-auditor',
      resource: { type: 'organization', externalId: m.orgId },
    });
    expect(
      m.fga.checkSync({ membershipId: m.bob.id, permission: 'app:view', resource: { id: m.frontend.id } })
        .allowed,
    ).toBe(true);
  });

  it('unknown membership or resource, or a resource of another organization, is not found (D9, D16)', async () => {
    const m = await buildExampleModel();
    const { data: other } = await m.admin.createOrganization({ name: 'Other' });
    const { data: foreign } = await m.admin.createResource({
      organizationId: other.id,
      resourceTypeSlug: 'workspace',
      externalId: 'engineering',
      name: 'x',
    });
    const check = (membershipId: string, resource: { id: string } | { type: string; externalId: string }) =>
      m.fga.check({ membershipId, permission: 'workspace:view', resource });
    await expect(check('om_missing', { id: m.engineering.id })).rejects.toMatchObject({
      code: 'entity_not_found',
      entity: 'organization_membership',
    });
    await expect(check(m.alice.id, { id: 'authz_resource_missing' })).rejects.toMatchObject({
      entity: 'resource',
    });
    await expect(check(m.alice.id, { id: foreign.id })).rejects.toMatchObject({ entity: 'resource' });
    await expect(check(m.alice.id, { type: 'workspace', externalId: 'nope' })).rejects.toMatchObject({
      entity: 'resource',
    });
    expect(await check(m.alice.id, { type: 'workspace', externalId: 'engineering' })).toMatchObject({
      allowed: false,
      reason: 'no_matching_role',
    });
  });

  it('unknown permission slugs are a denial with a reason, and hasPermission reports them (D17)', async () => {
    const m = await buildExampleModel();
    const decision = await m.fga.check({
      membershipId: m.alice.id,
      permission: '__proto__',
      resource: { id: m.web.id },
    });
    expect(decision).toMatchObject({ allowed: false, reason: 'unknown_permission', source: 'engine' });
    expect(m.fga.hasPermission('__proto__')).toBe(false);
    expect(m.fga.hasPermission('app:deploy')).toBe(true);
    expect(m.fga.hasResourceType('app')).toBe(true);
    expect(m.fga.hasResourceType('constructor')).toBe(false);
  });

  it('explains denials with every role checked', async () => {
    const m = await buildExampleModel();
    await m.admin.assignRole({
      membershipId: m.bob.id,
      roleSlug: 'project-viewer',
      resource: { id: m.web.id },
    });
    const e = await m.fga.explain({
      membershipId: m.bob.id,
      permission: 'app:deploy',
      resource: { id: m.frontend.id },
    });
    expect(e.decision.allowed).toBe(false);
    expect(e.summary).toBe(
      'denied: no role applicable at app "frontend" includes "app:deploy" (checked: organization role "org-member"; role "project-viewer" assigned on project "web")',
    );
    expect(e.roles.map((r) => [r.via, r.roleSlug, r.grants])).toEqual([
      ['organization_role', 'org-member', false],
      ['role_assignment', 'project-viewer', false],
    ]);
  });

  it('findMembership finds any status, or null', async () => {
    const m = await buildExampleModel();
    await m.admin.deactivateOrganizationMembership(m.bob.id);
    expect(await m.fga.findMembership({ userId: m.bob.userId, organizationId: m.orgId })).toMatchObject({
      status: 'inactive',
    });
    expect(await m.fga.findMembership({ userId: m.bob.userId, organizationId: 'org_nope' })).toBeNull();
  });

  it('writes return increasing revisions; atLeast a future revision times out or aborts (D18)', async () => {
    const m = await buildExampleModel({ consistencyTimeoutMs: 20 });
    const { revision } = await m.admin.createPermission({ slug: 'x:y', name: 'x' });
    expect(m.fga.revision).toBe(revision);
    const q = { membershipId: m.alice.id, permission: 'x:y', resource: { id: m.web.id } };
    await expect(m.fga.check(q, { consistency: { atLeast: revision } })).resolves.toMatchObject({ revision });
    await expect(m.fga.check(q, { consistency: { atLeast: revision + 5 } })).rejects.toMatchObject({
      code: 'authorization_timeout',
    });
    const controller = new AbortController();
    const pending = m.fga.check(q, { consistency: { atLeast: revision + 5 }, signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'authorization_timeout' });
    const waiting = m.fga.check(q, { consistency: { atLeast: revision + 1 } });
    await m.admin.createPermission({ slug: 'x:z', name: 'x' });
    await expect(waiting).resolves.toMatchObject({ revision: revision + 1 });
  });
});
