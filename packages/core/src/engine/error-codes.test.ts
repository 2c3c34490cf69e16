// One row per validation/conflict code the engine raises: the operation that triggers it, the
// code and error class a user sees, and proof that the rejected write changed nothing.
import { describe, expect, it } from 'vitest';
import { ConflictError, type FgaErrorCode, NotFoundError, ValidationError } from '../errors.js';
import { buildExampleModel } from './test-model.js';

type Model = Awaited<ReturnType<typeof buildExampleModel>>;
type Row = [
  code: FgaErrorCode,
  kind: typeof ValidationError | typeof ConflictError | typeof NotFoundError,
  trigger: (m: Model) => Promise<unknown>,
];

const rows: Row[] = [
  [
    'invalid_request_parameters',
    ValidationError,
    (m) =>
      m.admin.createResource({
        organizationId: m.orgId,
        resourceTypeSlug: 'workspace',
        externalId: 'x',
        name: 'n'.repeat(49),
      }),
  ],
  [
    'invalid_role',
    ValidationError,
    async (m) => {
      const { data: u } = await m.admin.createUser({ email: 'c@x.io' });
      return m.admin.createOrganizationMembership({
        userId: u.id,
        organizationId: m.orgId,
        roleSlug: 'nope',
      });
    },
  ],
  [
    'multiple_roles_not_enabled',
    ValidationError,
    async (m) => {
      await m.admin.updateSettings({ multipleRoles: false });
      return m.admin.updateOrganizationMembership(m.alice.id, { roleSlugs: ['org-member', 'member'] });
    },
  ],
  [
    'sub_resource_scoped_role_not_allowed',
    ValidationError,
    (m) => m.admin.updateOrganizationMembership(m.alice.id, { roleSlug: 'workspace-admin' }),
  ],
  [
    'role_resource_type_mismatch',
    ValidationError,
    (m) =>
      m.admin.assignRole({
        membershipId: m.alice.id,
        roleSlug: 'project-editor',
        resource: { id: m.engineering.id },
      }),
  ],
  [
    'invalid_parent_resource_type',
    ValidationError,
    (m) =>
      m.admin.createResource({
        organizationId: m.orgId,
        resourceTypeSlug: 'app',
        externalId: 'x',
        name: 'x',
        parent: { id: m.engineering.id },
      }),
  ],
  [
    'resource_hierarchy_cycle',
    ValidationError,
    (m) => m.admin.updateResource({ id: m.engineering.id }, { parent: { id: m.web.id } }),
  ],
  [
    'resource_hierarchy_cycle',
    ValidationError,
    (m) => m.admin.updateResourceType('workspace', { parentTypeSlugs: ['app'] }),
  ],
  [
    'resource_hierarchy_too_deep',
    ValidationError,
    async (m) => {
      await m.admin.updateSettings({ maxTypeDepth: 3 });
      return m.admin.createResourceType({ slug: 'deep', name: 'Deep', parentTypeSlugs: ['app'] });
    },
  ],
  [
    'permission_not_found',
    ValidationError,
    (m) => m.admin.setEnvironmentRolePermissions('workspace-admin', ['workspace:view', 'nope']),
  ],
  [
    'permission_out_of_scope',
    ValidationError,
    (m) => m.admin.addEnvironmentRolePermission('project-viewer', 'workspace:view'),
  ],
  ['invalid_cursor', ValidationError, (m) => m.admin.listPermissions({ after: 'perm_nope' })],
  [
    'organization_resource_immutable',
    ValidationError,
    (m) => m.admin.deleteResource({ organizationId: m.orgId, type: 'organization', externalId: m.orgId }),
  ],
  [
    'organization_resource_immutable',
    ValidationError,
    (m) =>
      m.admin.updateResource(
        { organizationId: m.orgId, type: 'organization', externalId: m.orgId },
        { name: 'x' },
      ),
  ],
  [
    'system_permission_immutable',
    ValidationError,
    async (m) => {
      await m.admin.createPermission({ slug: 'sys:x', name: 'x', system: true });
      return m.admin.deletePermission('sys:x');
    },
  ],
  [
    'cannot_deactivate_pending_organization_membership',
    ValidationError,
    async (m) => {
      const { data: u } = await m.admin.createUser({ email: 'p@x.io' });
      const { data } = await m.admin.createOrganizationMembership({
        userId: u.id,
        organizationId: m.orgId,
        status: 'pending',
      });
      return m.admin.deactivateOrganizationMembership(data.id);
    },
  ],
  [
    'cannot_reactivate_pending_organization_membership',
    ValidationError,
    async (m) => {
      const { data: u } = await m.admin.createUser({ email: 'p@x.io' });
      const { data } = await m.admin.createOrganizationMembership({
        userId: u.id,
        organizationId: m.orgId,
        status: 'pending',
      });
      return m.admin.reactivateOrganizationMembership(data.id);
    },
  ],
  [
    'cannot_reactivate_pending_organization_membership',
    ValidationError,
    async (m) => {
      // SPEC §3.9 M2: creating a membership for a pair whose membership is pending.
      const { data: u } = await m.admin.createUser({ email: 'q@x.io' });
      await m.admin.createOrganizationMembership({
        userId: u.id,
        organizationId: m.orgId,
        status: 'pending',
      });
      return m.admin.createOrganizationMembership({ userId: u.id, organizationId: m.orgId });
    },
  ],
  [
    'missing_organization_id_or_resource_type_slug',
    ValidationError,
    (m) => m.admin.listResources({ resourceExternalId: 'web' }),
  ],
  ['missing_user_id_or_organization_id', ValidationError, (m) => m.admin.listOrganizationMemberships({})],
  [
    'authorization_resource_external_id_conflict',
    ConflictError,
    (m) =>
      m.admin.createResource({
        organizationId: m.orgId,
        resourceTypeSlug: 'workspace',
        externalId: 'engineering',
        name: 'again',
      }),
  ],
  ['resource_has_dependents', ConflictError, (m) => m.admin.deleteResource({ id: m.engineering.id })],
  [
    'role_slug_conflict',
    ConflictError,
    (m) => m.admin.createEnvironmentRole({ slug: 'org-member', name: 'again' }),
  ],
  [
    'organization_role_slug_conflict',
    ConflictError,
    async (m) => {
      await m.admin.createOrganizationRole(m.orgId, { slug: 'org-billing', name: 'Billing' });
      return m.admin.createOrganizationRole(m.orgId, { slug: 'org-billing', name: 'Billing' });
    },
  ],
  [
    'permission_slug_conflict',
    ConflictError,
    (m) => m.admin.createPermission({ slug: 'app:deploy', name: 'again' }),
  ],
  ['role_has_assignments', ConflictError, (m) => m.admin.deleteEnvironmentRole('org-member')],
  [
    'role_assignment_already_exists',
    ConflictError,
    async (m) => {
      await m.admin.assignRole({
        membershipId: m.bob.id,
        roleSlug: 'project-editor',
        resource: { id: m.web.id },
      });
      return m.admin.assignRole({
        membershipId: m.bob.id,
        roleSlug: 'project-editor',
        resource: { id: m.web.id },
      });
    },
  ],
  [
    'authorization_resource_type_slug_conflict',
    ConflictError,
    (m) => m.admin.createResourceType({ slug: 'project', name: 'again' }),
  ],
  [
    'resource_type_has_roles',
    ConflictError,
    async (m) => {
      await m.admin.createResourceType({ slug: 'leaf', name: 'Leaf' });
      await m.admin.createEnvironmentRole({ slug: 'leaf-admin', name: 'x', resourceTypeSlug: 'leaf' });
      return m.admin.deleteResourceType('leaf');
    },
  ],
  [
    'resource_type_has_permissions',
    ConflictError,
    async (m) => {
      await m.admin.createResourceType({ slug: 'leaf', name: 'Leaf' });
      await m.admin.createPermission({ slug: 'leaf:view', name: 'x', resourceTypeSlug: 'leaf' });
      return m.admin.deleteResourceType('leaf');
    },
  ],
  [
    'resource_type_has_resources',
    ConflictError,
    async (m) => {
      await m.admin.createResourceType({ slug: 'leaf', name: 'Leaf' });
      await m.resource('leaf', 'l1');
      return m.admin.deleteResourceType('leaf');
    },
  ],
  ['resource_type_has_child_types', ConflictError, (m) => m.admin.deleteResourceType('project')],
  [
    'resource_type_in_use',
    ConflictError,
    (m) => m.admin.updateResourceType('project', { parentTypeSlugs: ['organization'] }),
  ],
  [
    'external_id_already_used',
    ConflictError,
    async (m) => {
      await m.admin.createUser({ email: 'e1@x.io', externalId: 'ext-1' });
      return m.admin.createUser({ email: 'e2@x.io', externalId: 'ext-1' });
    },
  ],
  [
    'external_id_already_used',
    ConflictError,
    async (m) => {
      await m.admin.createOrganization({ name: 'A', externalId: 'acme' });
      return m.admin.createOrganization({ name: 'B', externalId: 'acme' });
    },
  ],
  ['email_not_available', ConflictError, (m) => m.admin.createUser({ email: 'ALICE@acme.test' })],
  [
    'organization_membership_already_exists',
    ConflictError,
    (m) => m.admin.createOrganizationMembership({ userId: m.alice.userId, organizationId: m.orgId }),
  ],
  ['default_role_in_use', ConflictError, (m) => m.admin.deleteEnvironmentRole('member')],
  [
    'entity_not_found',
    NotFoundError,
    (m) => m.admin.assignRole({ membershipId: m.alice.id, roleSlug: 'nope', resource: { id: m.web.id } }),
  ],
];

describe('every error code, with the store unchanged after the rejected write', () => {
  it.each(rows.map((row, i) => [`${row[0]} #${i}`, ...row] as const))(
    '%s',
    async (_name, code, kind, trigger) => {
      const m = await buildExampleModel();
      // Set-up writes inside the trigger may commit; the revision before the last (rejected) call must hold.
      let before = -1;
      const spy = m.fga.admin;
      const failing = trigger({
        ...m,
        admin: new Proxy(spy, {
          get(target, key, receiver) {
            const value = Reflect.get(target, key, receiver);
            if (typeof value !== 'function') return value;
            return (...args: unknown[]) => {
              before = m.fga.revision;
              return (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
            };
          },
        }),
      } as Model);
      const error = await failing.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(kind);
      expect((error as ValidationError).code).toBe(code);
      expect((error as Error).message.length).toBeGreaterThan(10);
      expect(m.fga.revision).toBe(before);
    },
  );

  it('leaves listings identical after a rejected cascade-free delete', async () => {
    const m = await buildExampleModel();
    const list = async () =>
      JSON.stringify(await m.admin.listResources({ organizationId: m.orgId, limit: 100 }));
    const before = [m.fga.revision, await list()];
    await expect(m.admin.deleteResource({ id: m.engineering.id })).rejects.toMatchObject({
      code: 'resource_has_dependents',
    });
    await expect(m.admin.createPermission({ slug: 'Bad Slug', name: 'x' })).rejects.toMatchObject({
      code: 'invalid_request_parameters',
    });
    expect([m.fga.revision, await list()]).toEqual(before);
  });
});
