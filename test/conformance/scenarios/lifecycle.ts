// SPEC §2.6: every row of the lifecycle and cascade table that applies without groups.
import { assign, membership, org, orgRef, orgRole, person, resource, setStatus } from '../dsl.js';
import type { Scenario } from '../types.js';
import { acmeBase } from './fixtures.js';

const createAssignment: Scenario = {
  id: '2.6-create-assignment-immediate',
  title: 'A new role assignment is effective for the very next check and for discovery',
  spec: '§2.6 row 1, §8 D18',
  setup: acmeBase(),
  expect: [
    { check: ['@alice', 'project:edit', '@web'], allowed: false },
    {
      op: 'assignRole',
      input: { membershipId: '@alice', roleSlug: 'workspace-admin', resource: { id: '@engineering' } },
    },
    { check: ['@alice', 'project:edit', '@web'], allowed: true, reason: 'role_assignment' },
    { check: ['@alice', 'app:deploy', '@frontend'], allowed: true, atLeastLastWrite: true },
    {
      listResources: { membership: '@alice', permission: 'project:edit', parent: '@engineering' },
      ids: ['@web', '@api'],
    },
    {
      listMemberships: { resource: '@web', permission: 'project:edit', assignment: 'indirect' },
      ids: ['@alice'],
    },
  ],
};

const deleteAssignmentById: Scenario = {
  id: '2.6-delete-assignment-by-id',
  title: 'Removing an assignment by id revokes everything inherited through it; child assignments stay',
  spec: '§2.6 row 2',
  setup: [
    ...acmeBase(),
    assign('@alice', 'workspace-admin', '@engineering', 'ws-admin'),
    assign('@alice', 'project-editor', '@web', 'web-editor'),
  ],
  expect: [
    { check: ['@alice', 'project:edit', '@api'], allowed: true },
    {
      op: 'removeRoleAssignment',
      input: { membershipId: '@bob', roleAssignmentId: '@ws-admin' },
      rejects: 'entity_not_found',
      note: 'the id belongs to another membership',
    },
    { check: ['@alice', 'project:edit', '@api'], allowed: true },
    { op: 'removeRoleAssignment', input: { membershipId: '@alice', roleAssignmentId: '@ws-admin' } },
    { check: ['@alice', 'project:edit', '@api'], allowed: false },
    { check: ['@alice', 'workspace:view', '@engineering'], allowed: false },
    { check: ['@alice', 'app:deploy', '@frontend'], allowed: false },
    {
      check: ['@alice', 'project:edit', '@web'],
      allowed: true,
      note: 'direct assignment on the child is untouched',
    },
    { check: ['@alice', 'app:view', '@frontend'], allowed: true },
    { op: 'listRoleAssignments', input: { membershipId: '@alice' }, returnsIds: ['@web-editor'] },
    {
      op: 'removeRoleAssignment',
      input: { membershipId: '@alice', roleAssignmentId: '@ws-admin' },
      rejects: 'entity_not_found',
    },
  ],
};

const deleteAssignmentByRole: Scenario = {
  id: '2.6-delete-assignment-by-role-and-resource',
  title: 'Removing an assignment by role + resource (external id) revokes it and what it inherited',
  spec: '§2.6 row 2',
  setup: [
    ...acmeBase(),
    assign('@alice', 'workspace-admin', '@engineering'),
    assign('@alice', 'app-deployer', '@frontend', 'fe-deployer'),
  ],
  expect: [
    { check: ['@alice', 'project:edit', '@web'], allowed: true },
    {
      op: 'removeRole',
      input: {
        membershipId: '@alice',
        roleSlug: 'workspace-admin',
        resource: { type: 'workspace', externalId: 'engineering' },
      },
    },
    { check: ['@alice', 'project:edit', '@web'], allowed: false },
    { check: ['@alice', 'app:deploy', '@ops'], allowed: false },
    {
      check: ['@alice', 'app:deploy', '@frontend'],
      allowed: true,
      note: 'direct assignment on the child is untouched',
    },
    { op: 'listRoleAssignments', input: { membershipId: '@alice' }, returnsIds: ['@fe-deployer'] },
    {
      op: 'removeRole',
      input: { membershipId: '@alice', roleSlug: 'workspace-admin', resource: { id: '@engineering' } },
      rejects: 'entity_not_found',
      note: 'nothing left to remove',
    },
    {
      op: 'removeRole',
      input: { membershipId: '@bob', roleSlug: 'app-deployer', resource: { id: '@frontend' } },
      rejects: 'entity_not_found',
      note: 'another membership’s assignment is not removable by bob',
    },
    { check: ['@alice', 'app:deploy', '@frontend'], allowed: true },
  ],
};

const setRolePermissions: Scenario = {
  id: '2.6-role-permissions-set',
  title:
    'Replacing a role’s permission set applies immediately to every holder (environment and custom roles)',
  spec: '§2.6 row 3',
  setup: [
    ...acmeBase(),
    ...orgRole('@acme', 'org-ws-lead', 'workspace', ['workspace:view']),
    assign('@alice', 'workspace-admin', '@engineering'),
    assign('@bob', 'workspace-admin', '@marketing'),
    ...person('carol', '@acme', 'guest'),
    assign('@carol', 'org-ws-lead', '@marketing'),
  ],
  expect: [
    { check: ['@alice', 'project:edit', '@web'], allowed: true },
    { check: ['@bob', 'project:edit', '@site'], allowed: true },
    {
      op: 'setEnvironmentRolePermissions',
      args: ['workspace-admin', ['workspace:view']],
      returns: { data: { slug: 'workspace-admin', permissions: ['workspace:view'] } },
    },
    { check: ['@alice', 'project:edit', '@web'], allowed: false },
    { check: ['@bob', 'project:edit', '@site'], allowed: false },
    { check: ['@alice', 'workspace:view', '@engineering'], allowed: true },
    { check: ['@carol', 'project:edit', '@site'], allowed: false },
    {
      op: 'setOrganizationRolePermissions',
      args: ['@acme', 'org-ws-lead', ['workspace:view', 'project:edit']],
      returns: { data: { permissions: ['workspace:view', 'project:edit'] } },
    },
    { check: ['@carol', 'project:edit', '@site'], allowed: true },
    { op: 'setEnvironmentRolePermissions', args: ['workspace-admin', []] },
    { check: ['@alice', 'workspace:view', '@engineering'], allowed: false, note: '[] clears the set' },
  ],
};

const addRolePermission: Scenario = {
  id: '2.6-role-permissions-add',
  title: 'Adding a permission to a role applies immediately to every holder; adding it again is a no-op',
  spec: '§2.6 row 3, §3.6 E6',
  setup: [
    ...acmeBase(),
    ...orgRole('@acme', 'org-app-viewer', 'app', ['app:view']),
    assign('@alice', 'project-editor', '@web'),
    assign('@bob', 'org-app-viewer', '@frontend'),
  ],
  expect: [
    { check: ['@alice', 'app:deploy', '@frontend'], allowed: false },
    { op: 'addEnvironmentRolePermission', args: ['project-editor', 'app:deploy'] },
    { check: ['@alice', 'app:deploy', '@frontend'], allowed: true },
    {
      op: 'addEnvironmentRolePermission',
      args: ['project-editor', 'app:deploy'],
      returns: { data: { permissions: ['project:view', 'project:edit', 'app:view', 'app:deploy'] } },
      note: 'already present: no-op',
    },
    { check: ['@bob', 'app:deploy', '@frontend'], allowed: false },
    { op: 'addOrganizationRolePermission', args: ['@acme', 'org-app-viewer', 'app:deploy'] },
    { check: ['@bob', 'app:deploy', '@frontend'], allowed: true },
  ],
};

const removeRolePermission: Scenario = {
  id: '2.6-role-permissions-remove',
  title: 'Removing a permission from a role applies immediately to every holder',
  spec: '§2.6 row 3, §3.7 O8',
  setup: [
    ...acmeBase(),
    ...orgRole('@acme', 'org-app-operator', 'app', ['app:view', 'app:deploy']),
    assign('@alice', 'project-editor', '@web'),
    assign('@bob', 'project-editor', '@api'),
    assign('@bob', 'org-app-operator', '@ops'),
  ],
  expect: [
    {
      op: 'removeEnvironmentRolePermission',
      args: ['project-editor', 'project:edit'],
      returns: { data: { permissions: ['project:view', 'app:view'] } },
    },
    { check: ['@alice', 'project:edit', '@web'], allowed: false },
    { check: ['@bob', 'project:edit', '@api'], allowed: false },
    { check: ['@alice', 'project:view', '@web'], allowed: true },
    { check: ['@bob', 'app:deploy', '@ops'], allowed: true },
    {
      op: 'removeOrganizationRolePermission',
      args: ['@acme', 'org-app-operator', 'app:deploy'],
      returns: { data: { permissions: ['app:view'] } },
    },
    { check: ['@bob', 'app:deploy', '@ops'], allowed: false },
    { check: ['@bob', 'app:view', '@ops'], allowed: true },
  ],
};

const deleteResourceConflict: Scenario = {
  id: '2.6-delete-resource-conflict',
  title: 'Deleting a resource with children or role assignments is refused with 409 resource_has_dependents',
  spec: '§2.6 row 4, §1.8',
  setup: [...acmeBase(), assign('@bob', 'project-editor', '@api')],
  expect: [
    {
      op: 'deleteResource',
      input: { id: '@web' },
      rejects: 'resource_has_dependents',
      note: 'has a child app',
    },
    {
      op: 'deleteResource',
      args: [{ id: '@api' }, { cascadeDelete: false }],
      rejects: 'resource_has_dependents',
      note: 'has an assignment',
    },
    {
      op: 'deleteResource',
      input: { organizationId: '@acme', type: 'workspace', externalId: 'engineering' },
      rejects: 'resource_has_dependents',
    },
    { check: ['@bob', 'project:edit', '@api'], allowed: true, note: 'nothing was deleted' },
    { op: 'getResource', input: { id: '@frontend' }, returns: { externalId: 'frontend' } },
    { op: 'deleteResource', input: { id: '@site' }, note: 'a leaf without assignments goes' },
    { op: 'getResource', input: { id: '@site' }, rejects: 'entity_not_found' },
  ],
};

const deleteResourceCascade: Scenario = {
  id: '2.6-delete-resource-cascade',
  title: 'cascadeDelete removes every descendant and every role assignment on the subtree',
  spec: '§2.6 row 4, §1.8',
  setup: [
    ...acmeBase(),
    assign('@alice', 'project-editor', '@web'),
    assign('@bob', 'app-deployer', '@frontend'),
    assign('@bob', 'workspace-admin', '@marketing', 'bob-marketing'),
  ],
  expect: [
    { op: 'deleteResource', args: [{ id: '@engineering' }, { cascadeDelete: true }] },
    { op: 'getResource', input: { id: '@engineering' }, rejects: 'entity_not_found' },
    { op: 'getResource', input: { id: '@web' }, rejects: 'entity_not_found' },
    { op: 'getResource', input: { id: '@frontend' }, rejects: 'entity_not_found' },
    { op: 'getResource', input: { id: '@api' }, rejects: 'entity_not_found' },
    { op: 'getResource', input: { id: '@ops' }, rejects: 'entity_not_found' },
    { checkRejects: ['@alice', 'project:edit', '@web'], code: 'entity_not_found' },
    { op: 'listRoleAssignments', input: { membershipId: '@alice' }, returnsIds: [] },
    { op: 'listRoleAssignments', input: { membershipId: '@bob' }, returnsIds: ['@bob-marketing'] },
    { check: ['@bob', 'project:edit', '@site'], allowed: true, note: 'the rest of the tree is untouched' },
    {
      op: 'createResource',
      as: 'web2',
      input: {
        organizationId: '@acme',
        resourceTypeSlug: 'project',
        externalId: 'web',
        name: 'web again',
        parent: { id: '@marketing' },
      },
      note: 'the external id is free again',
    },
    {
      check: ['@alice', 'project:edit', { type: 'project', externalId: 'web' }],
      allowed: false,
      note: 'old assignments are not revived',
    },
  ],
};

const reparent: Scenario = {
  id: '2.6-reparent-switches-inheritance',
  title: 'Re-parenting switches inherited permissions of the whole subtree to the new ancestors immediately',
  spec: '§2.6 row 5, §1.8',
  setup: [
    ...acmeBase(),
    assign('@alice', 'workspace-admin', '@engineering'),
    assign('@bob', 'workspace-admin', '@marketing'),
  ],
  expect: [
    { check: ['@alice', 'app:deploy', '@frontend'], allowed: true },
    { check: ['@bob', 'app:deploy', '@frontend'], allowed: false },
    { op: 'updateResource', args: [{ id: '@web' }, { parent: { id: '@marketing' } }] },
    { op: 'getResource', input: { id: '@web' }, returns: { parentResourceId: '@marketing' } },
    { check: ['@alice', 'project:edit', '@web'], allowed: false },
    { check: ['@alice', 'app:deploy', '@frontend'], allowed: false },
    { check: ['@bob', 'project:edit', '@web'], allowed: true },
    { check: ['@bob', 'app:deploy', '@frontend'], allowed: true },
    {
      listResources: { membership: '@bob', permission: 'app:view', parent: '@marketing' },
      ids: ['@frontend'],
    },
    {
      listResources: { membership: '@alice', permission: 'project:view', parent: '@engineering' },
      ids: ['@api'],
    },
    {
      explain: ['@bob', 'app:deploy', '@frontend'],
      allowed: true,
      path: ['@frontend', '@web', '@marketing', '@acme'],
      granting: [{ role: 'workspace-admin', via: 'role_assignment', resource: '@marketing' }],
    },
    {
      op: 'updateResource',
      args: [
        { organizationId: '@acme', type: 'project', externalId: 'web' },
        { parent: { type: 'workspace', externalId: 'engineering' } },
      ],
      note: 'and back, addressed by external ids',
    },
    { check: ['@alice', 'app:deploy', '@frontend'], allowed: true },
    { check: ['@bob', 'app:deploy', '@frontend'], allowed: false },
  ],
};

const deletedResourceNotFound: Scenario = {
  id: '2.6-deleted-resource-not-found',
  title: 'Every call naming a deleted resource answers not found',
  spec: '§2.6 row 6, §8 D16',
  setup: [
    ...acmeBase(),
    assign('@alice', 'workspace-admin', '@marketing'),
    { op: 'deleteResource', input: { id: '@site' } },
  ],
  expect: [
    { checkRejects: ['@alice', 'project:view', '@site'], code: 'entity_not_found' },
    {
      checkRejects: ['@alice', 'project:view', { type: 'project', externalId: 'site' }],
      code: 'entity_not_found',
    },
    { op: 'getResource', input: { id: '@site' }, rejects: 'entity_not_found' },
    {
      op: 'getResource',
      input: { organizationId: '@acme', type: 'project', externalId: 'site' },
      rejects: 'entity_not_found',
    },
    { op: 'updateResource', args: [{ id: '@site' }, { name: 'renamed' }], rejects: 'entity_not_found' },
    { op: 'deleteResource', input: { id: '@site' }, rejects: 'entity_not_found' },
    {
      op: 'assignRole',
      input: { membershipId: '@alice', roleSlug: 'project-editor', resource: { id: '@site' } },
      rejects: 'entity_not_found',
    },
    {
      listResources: { membership: '@alice', permission: 'project:view', parent: '@site' },
      rejects: 'entity_not_found',
    },
    { effectivePermissions: { membership: '@alice', resource: '@site' }, rejects: 'entity_not_found' },
    { listMemberships: { resource: '@site', permission: 'project:view' }, rejects: 'entity_not_found' },
    {
      op: 'listRoleAssignmentsForResource',
      input: { resource: { id: '@site' } },
      rejects: 'entity_not_found',
    },
    {
      op: 'createResource',
      input: {
        organizationId: '@acme',
        resourceTypeSlug: 'app',
        externalId: 'x',
        name: 'x',
        parent: { id: '@site' },
      },
      rejects: 'entity_not_found',
    },
  ],
};

const deleteMembership: Scenario = {
  id: '2.6-delete-membership-cascade',
  title: 'Deleting a membership removes all its role assignments',
  spec: '§2.6 row 7',
  setup: [
    ...acmeBase(),
    assign('@alice', 'project-editor', '@web'),
    assign('@bob', 'project-editor', '@web', 'bob-web'),
  ],
  expect: [
    { op: 'deleteOrganizationMembership', input: '@alice' },
    { op: 'getOrganizationMembership', input: '@alice', rejects: 'entity_not_found' },
    { checkRejects: ['@alice', 'project:edit', '@web'], code: 'entity_not_found' },
    { op: 'listRoleAssignmentsForResource', input: { resource: { id: '@web' } }, returnsIds: ['@bob-web'] },
    { listMemberships: { resource: '@web', permission: 'project:edit' }, ids: ['@bob'] },
    {
      listMemberships: { resource: '@web', permission: 'project:edit', assignment: 'indirect' },
      ids: ['@bob'],
    },
    { findMembership: { user: '@alice-user', organization: '@acme' }, id: null },
    { op: 'getUser', input: '@alice-user', returns: { email: 'alice@example.com' }, note: 'the user stays' },
    {
      op: 'createOrganizationMembership',
      as: 'alice2',
      input: { userId: '@alice-user', organizationId: '@acme', roleSlug: 'guest' },
    },
    { check: ['@alice2', 'project:edit', '@web'], allowed: false, note: 'a new membership starts empty' },
  ],
};

const deleteUser: Scenario = {
  id: '2.6-delete-user-cascade',
  title: 'Deleting a user removes every membership and therefore every assignment',
  spec: '§2.6 row 8, §1.2',
  setup: [
    ...acmeBase(),
    org('globex'),
    membership('alice-globex', '@alice-user', '@globex', 'org-viewer'),
    assign('@alice', 'project-editor', '@web'),
    assign('@bob', 'project-editor', '@web', 'bob-web'),
  ],
  expect: [
    { op: 'deleteUser', input: '@alice-user' },
    { op: 'getUser', input: '@alice-user', rejects: 'entity_not_found' },
    { op: 'getOrganizationMembership', input: '@alice', rejects: 'entity_not_found' },
    { op: 'getOrganizationMembership', input: '@alice-globex', rejects: 'entity_not_found' },
    { checkRejects: ['@alice', 'project:edit', '@web'], code: 'entity_not_found' },
    { op: 'listRoleAssignmentsForResource', input: { resource: { id: '@web' } }, returnsIds: ['@bob-web'] },
    { listMemberships: { resource: '@web', permission: 'project:edit' }, ids: ['@bob'] },
    { op: 'listOrganizationMemberships', input: { organizationId: '@globex' }, returnsIds: [] },
  ],
};

const deleteOrganization: Scenario = {
  id: '2.6-delete-organization-cascade',
  title: 'Deleting an organization removes its memberships, custom roles, resources and assignments',
  spec: '§2.6 row 9',
  setup: [
    ...acmeBase(),
    ...orgRole('@acme', 'org-special', 'project', ['project:view']),
    assign('@alice', 'org-special', '@web'),
    org('globex'),
    resource('g-ws', '@globex', 'workspace'),
    membership('alice-globex', '@alice-user', '@globex', 'org-viewer'),
  ],
  expect: [
    { op: 'deleteOrganization', input: '@acme' },
    { op: 'getOrganization', input: '@acme', rejects: 'entity_not_found' },
    { op: 'getOrganizationMembership', input: '@alice', rejects: 'entity_not_found' },
    { op: 'getOrganizationMembership', input: '@bob', rejects: 'entity_not_found' },
    { op: 'getResource', input: { id: '@web' }, rejects: 'entity_not_found' },
    { op: 'getResource', input: { id: '@engineering' }, rejects: 'entity_not_found' },
    { checkRejects: ['@alice', 'project:view', '@web'], code: 'entity_not_found' },
    { op: 'getOrganizationRole', args: ['@acme', 'org-special'], rejects: 'entity_not_found' },
    {
      op: 'getUser',
      input: '@alice-user',
      returns: { email: 'alice@example.com' },
      note: 'users are not org-owned',
    },
    {
      check: ['@alice-globex', 'workspace:view', '@g-ws'],
      allowed: true,
      note: 'other organizations untouched',
    },
    { op: 'getEnvironmentRole', input: 'project-editor', returns: { slug: 'project-editor' } },
  ],
};

const deleteCustomRole: Scenario = {
  id: '2.6-delete-custom-role-with-assignments',
  title: 'Deleting a custom role that still has assignments is refused with 409 role_has_assignments',
  spec: '§2.6 row 10, §8 D10',
  setup: [
    ...acmeBase(),
    ...orgRole('@acme', 'org-reviewer', 'project', ['project:view']),
    ...orgRole('@acme', 'org-unused', 'project', ['project:view']),
    assign('@alice', 'org-reviewer', '@web', 'review'),
  ],
  expect: [
    { op: 'deleteOrganizationRole', args: ['@acme', 'org-reviewer'], rejects: 'role_has_assignments' },
    { check: ['@alice', 'project:view', '@web'], allowed: true, note: 'refused delete changed nothing' },
    { op: 'removeRoleAssignment', input: { membershipId: '@alice', roleAssignmentId: '@review' } },
    { op: 'deleteOrganizationRole', args: ['@acme', 'org-reviewer'] },
    { op: 'getOrganizationRole', args: ['@acme', 'org-reviewer'], rejects: 'entity_not_found' },
    {
      op: 'assignRole',
      input: { membershipId: '@alice', roleSlug: 'org-reviewer', resource: { id: '@web' } },
      rejects: 'entity_not_found',
    },
    { op: 'deleteOrganizationRole', args: ['@acme', 'org-unused'] },
  ],
};

const deletePermission: Scenario = {
  id: '2.6-delete-permission-removes-from-roles',
  title: 'Deleting a permission removes it from every role; re-creating the slug does not restore it',
  spec: '§2.6 row 12, §8 D10',
  setup: [
    ...acmeBase(),
    ...orgRole('@acme', 'org-proj', 'project', ['project:view', 'project:edit']),
    assign('@alice', 'project-editor', '@web'),
    assign('@bob', 'org-proj', '@api'),
  ],
  expect: [
    { op: 'deletePermission', input: 'project:edit' },
    { op: 'getPermission', input: 'project:edit', rejects: 'entity_not_found' },
    {
      op: 'getEnvironmentRole',
      input: 'project-editor',
      returns: { permissions: ['project:view', 'app:view'] },
    },
    {
      op: 'getEnvironmentRole',
      input: 'workspace-admin',
      returns: {
        permissions: [
          'workspace:view',
          'workspace:edit',
          'project:view',
          'project:create',
          'app:view',
          'app:deploy',
        ],
      },
    },
    { op: 'getOrganizationRole', args: ['@acme', 'org-proj'], returns: { permissions: ['project:view'] } },
    { check: ['@alice', 'project:edit', '@web'], allowed: false, reason: 'unknown_permission' },
    { check: ['@bob', 'project:edit', '@api'], allowed: false, reason: 'unknown_permission' },
    { check: ['@alice', 'project:view', '@web'], allowed: true },
    { op: 'createPermission', input: { slug: 'project:edit', name: 'again', resourceTypeSlug: 'project' } },
    { check: ['@alice', 'project:edit', '@web'], allowed: false, reason: 'no_matching_role' },
  ],
};

const deactivateReactivate: Scenario = {
  id: '2.6-deactivate-reactivate-keeps-roles',
  title: 'Deactivate/reactivate keeps organization roles and role assignments',
  spec: '§2.6 last row, §1.4, §8 D1',
  setup: [
    ...acmeBase(),
    { op: 'updateOrganizationMembership', args: ['@alice', { roleSlugs: ['guest', 'org-biller'] }] },
    assign('@alice', 'project-editor', '@web', 'a1'),
  ],
  expect: [
    { op: 'deactivateOrganizationMembership', input: '@alice', returns: { data: { status: 'inactive' } } },
    { check: ['@alice', 'project:edit', '@web'], allowed: false, reason: 'membership_inactive' },
    { check: ['@alice', 'org:billing', orgRef('@acme')], allowed: false, reason: 'membership_inactive' },
    {
      op: 'getOrganizationMembership',
      input: '@alice',
      returns: { status: 'inactive', roles: ['guest', 'org-biller'] },
    },
    { op: 'listRoleAssignments', input: { membershipId: '@alice' }, returnsIds: ['@a1'] },
    { op: 'deactivateOrganizationMembership', input: '@alice', note: 'inactive → inactive is a no-op' },
    {
      op: 'reactivateOrganizationMembership',
      input: '@alice',
      returns: { data: { status: 'active', roles: ['guest', 'org-biller'] } },
    },
    { check: ['@alice', 'project:edit', '@web'], allowed: true, reason: 'role_assignment' },
    { check: ['@alice', 'org:billing', orgRef('@acme')], allowed: true, reason: 'organization_role' },
    { op: 'reactivateOrganizationMembership', input: '@alice', note: 'active → active is a no-op' },
    setStatus('@alice', 'active'),
  ],
};

export const lifecycleScenarios: readonly Scenario[] = [
  createAssignment,
  deleteAssignmentById,
  deleteAssignmentByRole,
  setRolePermissions,
  addRolePermission,
  removeRolePermission,
  deleteResourceConflict,
  deleteResourceCascade,
  reparent,
  deletedResourceNotFound,
  deleteMembership,
  deleteUser,
  deleteOrganization,
  deleteCustomRole,
  deletePermission,
  deactivateReactivate,
];
