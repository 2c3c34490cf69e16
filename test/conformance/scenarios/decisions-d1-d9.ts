// SPEC §8 decisions D1–D9, each as its own scenario(s), tested through the TypeScript API.
import { assign, org, orgRef, person, resource, role, setStatus, type } from '../dsl.js';
import type { Scenario } from '../types.js';
import { acmeBase } from './fixtures.js';

const d1Denied: Scenario = {
  id: 'D1-inactive-and-pending-denied',
  title: 'Inactive and pending memberships are never authorized, whatever roles they hold',
  spec: '§8 D1, §2.5',
  setup: [
    ...acmeBase(),
    ...person('carol', '@acme', 'org-viewer', 'pending'),
    { op: 'updateOrganizationMembership', args: ['@bob', { roleSlug: 'org-viewer' }] },
    assign('@bob', 'workspace-admin', '@engineering'),
    assign('@carol', 'project-editor', '@web'),
    setStatus('@bob', 'inactive'),
  ],
  expect: [
    { check: ['@bob', 'project:view', '@web'], allowed: false, reason: 'membership_inactive' },
    { check: ['@bob', 'workspace:edit', '@engineering'], allowed: false, reason: 'membership_inactive' },
    { check: ['@carol', 'project:view', '@web'], allowed: false, reason: 'membership_inactive' },
    { check: ['@carol', 'project:edit', '@web'], allowed: false, reason: 'membership_inactive' },
    { explain: ['@carol', 'project:edit', '@web'], allowed: false, reason: 'membership_inactive' },
    {
      op: 'getOrganizationMembership',
      input: '@carol',
      returns: { status: 'pending', roles: ['org-viewer'] },
    },
    { findMembership: { user: '@bob-user', organization: '@acme' }, id: '@bob', status: 'inactive' },
    { findMembership: { user: '@carol-user', organization: '@acme' }, id: '@carol', status: 'pending' },
  ],
};

const d1Discovery: Scenario = {
  id: 'D1-excluded-from-discovery',
  title: 'Inactive and pending memberships are excluded from every discovery result',
  spec: '§8 D1',
  setup: [
    ...acmeBase(),
    ...person('carol', '@acme', 'guest', 'pending'),
    ...person('dave', '@acme', 'org-viewer'),
    assign('@alice', 'project-editor', '@web'),
    assign('@bob', 'project-editor', '@web'),
    assign('@carol', 'project-editor', '@web'),
    setStatus('@bob', 'inactive'),
  ],
  expect: [
    { listMemberships: { resource: '@web', permission: 'project:edit' }, ids: ['@alice'] },
    {
      listMemberships: { resource: '@web', permission: 'project:view', assignment: 'indirect' },
      ids: ['@alice', '@dave'],
    },
    { listResources: { membership: '@bob', permission: 'project:edit', parent: '@engineering' }, ids: [] },
    { listResources: { membership: '@carol', permission: 'project:edit', parent: orgRef('@acme') }, ids: [] },
    { effectivePermissions: { membership: '@bob', resource: '@web' }, permissions: [] },
    { effectivePermissions: { membership: '@carol', resource: '@web' }, permissions: [] },
    setStatus('@bob', 'active'),
    {
      listMemberships: { resource: '@web', permission: 'project:edit', page: { order: 'asc' } },
      orderedIds: ['@alice', '@bob'],
      note: 'reactivated: back in discovery',
    },
    {
      op: 'listOrganizationMemberships',
      input: { organizationId: '@acme', order: 'asc' },
      returnsIds: ['@alice', '@bob', '@dave'],
      note: 'default statuses: active only',
    },
    {
      op: 'listOrganizationMemberships',
      input: { organizationId: '@acme', order: 'asc', statuses: ['active', 'inactive', 'pending'] },
      returnsIds: ['@alice', '@bob', '@carol', '@dave'],
    },
  ],
};

const d1Transitions: Scenario = {
  id: 'D1-membership-status-transitions',
  title: 'Pending cannot be (de|re)activated; creating a membership for an inactive pair reactivates it',
  spec: '§8 D1, §1.4',
  setup: [...acmeBase(), ...person('carol', '@acme', 'guest', 'pending'), setStatus('@bob', 'inactive')],
  expect: [
    {
      op: 'deactivateOrganizationMembership',
      input: '@carol',
      rejects: 'cannot_deactivate_pending_organization_membership',
    },
    {
      op: 'reactivateOrganizationMembership',
      input: '@carol',
      rejects: 'cannot_reactivate_pending_organization_membership',
    },
    {
      op: 'createOrganizationMembership',
      input: { userId: '@carol-user', organizationId: '@acme', roleSlug: 'org-viewer' },
      rejects: 'cannot_reactivate_pending_organization_membership',
      note: 'creating over a pending membership',
    },
    {
      op: 'createOrganizationMembership',
      input: { userId: '@bob-user', organizationId: '@acme', roleSlug: 'org-viewer' },
      returns: { data: { id: '@bob', status: 'active', role: 'org-viewer', roles: ['org-viewer'] } },
      note: 'same membership, reactivated with the requested roles',
    },
    { check: ['@bob', 'project:view', '@web'], allowed: true, reason: 'organization_role' },
    { findMembership: { user: '@bob-user', organization: '@acme' }, id: '@bob', status: 'active' },
  ],
};

const d2: Scenario = {
  id: 'D2-type-agnostic-check',
  title: 'Permission type need not equal resource type: any applicable role holding p authorizes',
  spec: '§8 D2, §2.2',
  setup: [
    ...acmeBase(),
    type('widget'),
    {
      op: 'createPermission',
      input: { slug: 'workspace:create', name: 'create ws', resourceTypeSlug: 'workspace' },
    },
    ...role('ws-creator', 'organization', ['workspace:create']),
    assign('@alice', 'workspace-admin', '@engineering'),
    assign('@bob', 'project-editor', '@web'),
    ...person('carol', '@acme', 'ws-creator'),
  ],
  expect: [
    {
      check: ['@alice', 'project:create', '@engineering'],
      allowed: true,
      reason: 'role_assignment',
      note: 'create-gate: project permission on the parent workspace',
    },
    {
      check: ['@alice', 'workspace:edit', '@web'],
      allowed: true,
      note: 'workspace permission on a descendant project',
    },
    { check: ['@alice', 'workspace:edit', '@frontend'], allowed: true },
    { check: ['@carol', 'workspace:create', orgRef('@acme')], allowed: true, reason: 'organization_role' },
    { check: ['@alice', 'workspace:create', orgRef('@acme')], allowed: false },
    {
      check: ['@bob', 'app:view', '@web'],
      allowed: true,
      note: 'app permission on the project the role is on',
    },
    { check: ['@bob', 'project:edit', '@engineering'], allowed: false, note: 'inheritance flows down only' },
  ],
};

const d3Depth: Scenario = {
  id: 'D3-list-resources-any-depth',
  title: 'listResources returns descendants at any depth, never the parent itself',
  spec: '§8 D3',
  setup: [...acmeBase(), assign('@alice', 'workspace-admin', '@engineering')],
  expect: [
    {
      listResources: { membership: '@alice', permission: 'app:view', parent: '@engineering' },
      ids: ['@frontend', '@ops'],
      note: 'grandchild frontend and child ops',
    },
    {
      listResources: { membership: '@alice', permission: 'workspace:view', parent: '@engineering' },
      ids: [],
    },
    { listResources: { membership: '@alice', permission: 'app:deploy', parent: '@web' }, ids: ['@frontend'] },
    { listResources: { membership: '@alice', permission: 'app:view', parent: '@frontend' }, ids: [] },
  ],
};

const d3Type: Scenario = {
  id: 'D3-list-resources-type-restriction',
  title: 'listResources keeps only the permission’s resource type, unless that type is organization',
  spec: '§8 D3',
  setup: [
    ...acmeBase(),
    { op: 'createPermission', input: { slug: 'org:audit', name: 'audit', resourceTypeSlug: 'organization' } },
    ...role('org-auditor', 'organization', ['org:audit']),
    assign('@alice', 'workspace-admin', '@engineering'),
    { op: 'updateOrganizationMembership', args: ['@bob', { roleSlug: 'org-auditor' }] },
  ],
  expect: [
    { check: ['@alice', 'project:view', '@frontend'], allowed: true, note: 'check allows it on the app…' },
    {
      listResources: { membership: '@alice', permission: 'project:view', parent: '@engineering' },
      ids: ['@web', '@api'],
      note: '…but only projects are listed for a project permission',
    },
    {
      listResources: { membership: '@bob', permission: 'org:audit', parent: '@engineering' },
      ids: ['@web', '@frontend', '@api', '@ops'],
      note: 'organization-typed permission: every type',
    },
    {
      listResources: { membership: '@bob', permission: 'org:audit', parent: orgRef('@acme') },
      ids: ['@engineering', '@web', '@frontend', '@api', '@ops', '@marketing', '@site'],
    },
  ],
};

const d3Inheritance: Scenario = {
  id: 'D3-list-resources-full-inheritance',
  title: 'listResources counts roles above the parent and organization roles',
  spec: '§8 D3',
  setup: [
    ...acmeBase(),
    assign('@alice', 'workspace-admin', '@engineering'),
    { op: 'updateOrganizationMembership', args: ['@bob', { roleSlug: 'org-viewer' }] },
    ...person('carol', '@acme', 'guest'),
    assign('@carol', 'app-deployer', '@frontend'),
  ],
  expect: [
    {
      listResources: { membership: '@alice', permission: 'app:deploy', parent: '@web' },
      ids: ['@frontend'],
      note: 'role on the grandparent of the listed app',
    },
    { listResources: { membership: '@bob', permission: 'app:view', parent: '@web' }, ids: ['@frontend'] },
    {
      listResources: { membership: '@bob', permission: 'project:view', parent: orgRef('@acme') },
      ids: ['@web', '@api', '@site'],
    },
    {
      listResources: { membership: '@carol', permission: 'app:deploy', parent: orgRef('@acme') },
      ids: ['@frontend'],
      note: 'an assignment below the parent counts too',
    },
    { listResources: { membership: '@carol', permission: 'app:deploy', parent: '@marketing' }, ids: [] },
  ],
};

const d3OrgParent: Scenario = {
  id: 'D3-organization-resource-as-parent',
  title: 'The organization resource (organization + external id = org id) is a valid parent',
  spec: '§8 D3, D6',
  setup: [...acmeBase(), assign('@alice', 'workspace-admin', '@engineering')],
  expect: [
    {
      listResources: {
        membership: '@alice',
        permission: 'project:edit',
        parent: { type: 'organization', externalId: '@acme' },
      },
      ids: ['@web', '@api'],
    },
    {
      listResources: { membership: '@alice', permission: 'workspace:edit', parent: orgRef('@acme') },
      ids: ['@engineering'],
    },
  ],
};

const d4: Scenario = {
  id: 'D4-effective-permissions',
  title:
    'effectivePermissions: union of applicable roles, not filtered by type, in permission creation order',
  spec: '§8 D4',
  setup: [
    ...acmeBase(),
    { op: 'updateOrganizationMembership', args: ['@alice', { roleSlug: 'org-viewer' }] },
    assign('@alice', 'project-editor', '@web'),
    assign('@alice', 'app-deployer', '@frontend'),
    ...role('deploy-first', 'app', ['app:deploy', 'app:view']),
    assign('@bob', 'deploy-first', '@ops'),
  ],
  expect: [
    {
      effectivePermissions: { membership: '@alice', resource: '@frontend' },
      permissions: ['workspace:view', 'project:view', 'project:edit', 'app:view', 'app:deploy'],
    },
    {
      effectivePermissions: { membership: '@alice', resource: '@web' },
      permissions: ['workspace:view', 'project:view', 'project:edit', 'app:view'],
    },
    {
      effectivePermissions: { membership: '@alice', resource: orgRef('@acme') },
      permissions: ['workspace:view', 'project:view', 'app:view'],
    },
    {
      effectivePermissions: { membership: '@alice', resource: { type: 'project', externalId: 'site' } },
      permissions: ['workspace:view', 'project:view', 'app:view'],
    },
    {
      effectivePermissions: { membership: '@bob', resource: '@ops' },
      permissions: ['app:view', 'app:deploy'],
      note: 'creation order, not the role’s order',
    },
    { effectivePermissions: { membership: '@bob', resource: '@frontend' }, permissions: [] },
  ],
};

const d5: Scenario = {
  id: 'D5-list-memberships-direct-indirect',
  title: 'listMemberships: direct (default) = role on exactly r holding p; indirect = everyone check allows',
  spec: '§8 D5, §2.7',
  setup: [
    ...acmeBase(),
    assign('@alice', 'project-editor', '@web'),
    assign('@bob', 'workspace-admin', '@engineering'),
    ...person('carol', '@acme', 'org-viewer'),
    ...person('dave', '@acme', 'guest'),
    assign('@dave', 'app-deployer', '@frontend'),
  ],
  expect: [
    { listMemberships: { resource: '@web', permission: 'project:edit' }, ids: ['@alice'] },
    {
      listMemberships: { resource: '@web', permission: 'project:edit', assignment: 'direct' },
      ids: ['@alice'],
    },
    {
      listMemberships: { resource: '@web', permission: 'project:edit', assignment: 'indirect' },
      ids: ['@alice', '@bob'],
    },
    {
      listMemberships: { resource: '@web', permission: 'project:view', assignment: 'indirect' },
      orderedIds: ['@carol', '@bob', '@alice'],
      note: 'ordered by membership creation, newest first by default',
    },
    {
      listMemberships: {
        resource: '@web',
        permission: 'project:view',
        assignment: 'indirect',
        page: { order: 'asc' },
      },
      orderedIds: ['@alice', '@bob', '@carol'],
    },
    { listMemberships: { resource: '@web', permission: 'app:deploy' }, ids: [], note: 'role on r lacks p' },
    { listMemberships: { resource: '@frontend', permission: 'app:deploy' }, ids: ['@dave'] },
    {
      listMemberships: { resource: '@frontend', permission: 'app:deploy', assignment: 'indirect' },
      ids: ['@bob', '@dave'],
    },
    {
      listMemberships: {
        resource: { type: 'project', externalId: 'web' },
        organization: '@acme',
        permission: 'project:edit',
      },
      ids: ['@alice'],
      note: 'by external id with the organization alongside',
    },
    { listMemberships: { resource: '@engineering', permission: 'project:edit' }, ids: ['@bob'] },
  ],
};

const d6: Scenario = {
  id: 'D6-organization-resource',
  title:
    'The organization resource: shape, immutable, listed only for type organization, org roles assignable',
  spec: '§8 D6, §1.8',
  setup: [
    ...acmeBase(),
    {
      op: 'getResource',
      as: 'acme-root',
      input: { organizationId: '@acme', type: 'organization', externalId: '@acme' },
    },
  ],
  expect: [
    {
      op: 'getResource',
      input: { id: '@acme-root' },
      returns: {
        id: '@acme-root',
        resourceTypeSlug: 'organization',
        externalId: '@acme',
        organizationId: '@acme',
        parentResourceId: null,
      },
    },
    {
      op: 'updateResource',
      args: [{ id: '@acme-root' }, { name: 'renamed' }],
      rejects: ['organization_resource_immutable'],
    },
    { op: 'deleteResource', input: { id: '@acme-root' }, rejects: ['organization_resource_immutable'] },
    {
      op: 'deleteResource',
      args: [{ organizationId: '@acme', type: 'organization', externalId: '@acme' }, { cascadeDelete: true }],
      rejects: ['organization_resource_immutable'],
    },
    {
      op: 'listResources',
      input: { organizationId: '@acme', order: 'asc' },
      returnsIds: ['@engineering', '@web', '@frontend', '@api', '@ops', '@marketing', '@site'],
      note: 'not listed unless asked for type organization',
    },
    {
      op: 'listResources',
      input: { organizationId: '@acme', resourceTypeSlug: 'organization' },
      returnsIds: ['@acme-root'],
    },
    {
      op: 'getResource',
      input: { id: '@engineering' },
      returns: { parentResourceId: null },
      note: 'top level',
    },
    { op: 'getResource', input: { id: '@web' }, returns: { parentResourceId: '@engineering' } },
    { check: ['@bob', 'project:view', '@web'], allowed: false },
    {
      op: 'assignRole',
      input: { membershipId: '@bob', roleSlug: 'org-viewer', resource: orgRef('@acme') },
      note: 'an organization-typed role on the organization resource',
    },
    {
      check: ['@bob', 'project:view', '@web'],
      allowed: true,
      reason: ['role_assignment', 'organization_role'],
    },
    {
      check: ['@bob', 'app:view', '@site'],
      allowed: true,
      note: 'type-agnostic (D2): the role holds app:view',
    },
    { check: ['@bob', 'workspace:view', { id: '@acme-root' }], allowed: true },
    {
      op: 'assignRole',
      input: { membershipId: '@bob', roleSlug: 'project-editor', resource: { id: '@acme-root' } },
      rejects: 'role_resource_type_mismatch',
    },
  ],
};

const d7: Scenario = {
  id: 'D7-duplicate-role-assignment',
  title:
    'A duplicate assignment is 409 role_assignment_already_exists; ifExists "return" answers the existing one',
  spec: '§8 D7',
  setup: [...acmeBase(), assign('@alice', 'project-editor', '@web', 'first')],
  expect: [
    {
      op: 'assignRole',
      input: { membershipId: '@alice', roleSlug: 'project-editor', resource: { id: '@web' } },
      rejects: 'role_assignment_already_exists',
    },
    {
      op: 'assignRole',
      input: {
        membershipId: '@alice',
        roleSlug: 'project-editor',
        resource: { type: 'project', externalId: 'web' },
      },
      rejects: 'role_assignment_already_exists',
      note: 'same resource by external id',
    },
    {
      op: 'assignRole',
      input: {
        membershipId: '@alice',
        roleSlug: 'project-editor',
        resource: { id: '@web' },
        ifExists: 'return',
      },
      returns: { data: { id: '@first', roleSlug: 'project-editor', organizationMembershipId: '@alice' } },
    },
    { op: 'listRoleAssignments', input: { membershipId: '@alice' }, returnsIds: ['@first'] },
    {
      op: 'assignRole',
      input: { membershipId: '@bob', roleSlug: 'project-editor', resource: { id: '@web' } },
      note: 'another membership is not a duplicate',
    },
  ],
};

const d8TypeMismatch: Scenario = {
  id: 'D8-role-resource-type-mismatch',
  title: 'A role can only be assigned on a resource of exactly its type',
  spec: '§8 D8, §1.5',
  setup: acmeBase(),
  expect: [
    {
      op: 'assignRole',
      input: { membershipId: '@alice', roleSlug: 'project-editor', resource: { id: '@engineering' } },
      rejects: 'role_resource_type_mismatch',
    },
    {
      op: 'assignRole',
      input: { membershipId: '@alice', roleSlug: 'workspace-admin', resource: { id: '@web' } },
      rejects: 'role_resource_type_mismatch',
    },
    {
      op: 'assignRole',
      input: { membershipId: '@alice', roleSlug: 'org-viewer', resource: { id: '@web' } },
      rejects: 'role_resource_type_mismatch',
    },
    { op: 'listRoleAssignments', input: { membershipId: '@alice' }, returnsIds: [] },
  ],
};

const d8Parent: Scenario = {
  id: 'D8-invalid-parent-resource-type',
  title: 'A resource’s parent must be of one of its type’s parent types',
  spec: '§8 D8, D11',
  setup: acmeBase(),
  expect: [
    {
      op: 'createResource',
      input: {
        organizationId: '@acme',
        resourceTypeSlug: 'project',
        externalId: 'p',
        name: 'p',
        parent: { id: '@frontend' },
      },
      rejects: 'invalid_parent_resource_type',
    },
    {
      op: 'createResource',
      input: { organizationId: '@acme', resourceTypeSlug: 'project', externalId: 'p', name: 'p' },
      rejects: 'invalid_parent_resource_type',
      note: 'project cannot sit directly under the organization',
    },
    {
      op: 'createResource',
      input: {
        organizationId: '@acme',
        resourceTypeSlug: 'workspace',
        externalId: 'w',
        name: 'w',
        parent: { id: '@web' },
      },
      rejects: 'invalid_parent_resource_type',
    },
    {
      op: 'updateResource',
      args: [{ id: '@web' }, { parent: null }],
      rejects: 'invalid_parent_resource_type',
    },
    {
      op: 'updateResource',
      args: [{ id: '@frontend' }, { parent: { id: '@marketing' } }],
      note: 'app has two parent types: workspace is fine',
    },
    { op: 'getResource', input: { id: '@frontend' }, returns: { parentResourceId: '@marketing' } },
  ],
};

const d8PermissionNotFound: Scenario = {
  id: 'D8-permission-not-found',
  title: 'Putting an unknown permission into a role is 422 permission_not_found and changes nothing',
  spec: '§8 D8',
  setup: [...acmeBase(), ...role('org-x', 'organization', [])],
  expect: [
    {
      op: 'setEnvironmentRolePermissions',
      args: ['project-editor', ['project:view', 'project:nope']],
      rejects: 'permission_not_found',
    },
    {
      op: 'addEnvironmentRolePermission',
      args: ['project-editor', 'project:nope'],
      rejects: 'permission_not_found',
    },
    {
      op: 'addEnvironmentRolePermission',
      args: ['project-editor', 'Project:view'],
      rejects: ['permission_not_found', 'invalid_request_parameters'],
      note: 'case-sensitive: no normalization to project:view (D12)',
    },
    {
      op: 'getEnvironmentRole',
      input: 'project-editor',
      returns: { permissions: ['project:view', 'project:edit', 'app:view'] },
    },
  ],
};

const d8OutOfScope: Scenario = {
  id: 'D8-permission-out-of-scope',
  title: 'A role of type T may hold permissions of T or its descendant types only',
  spec: '§8 D8, §1.5',
  setup: [...acmeBase(), ...role('app-x', 'app', []), ...role('ws-x', 'workspace', [])],
  expect: [
    {
      op: 'addEnvironmentRolePermission',
      args: ['project-editor', 'workspace:view'],
      rejects: 'permission_out_of_scope',
    },
    {
      op: 'addEnvironmentRolePermission',
      args: ['project-editor', 'org:billing'],
      rejects: 'permission_out_of_scope',
    },
    {
      op: 'setEnvironmentRolePermissions',
      args: ['app-x', ['app:view', 'project:view']],
      rejects: 'permission_out_of_scope',
    },
    { op: 'getEnvironmentRole', input: 'app-x', returns: { permissions: [] } },
    { op: 'addEnvironmentRolePermission', args: ['ws-x', 'app:deploy'], note: 'grandchild type: in scope' },
    {
      op: 'addEnvironmentRolePermission',
      args: ['org-viewer', 'org:billing'],
      note: 'organization roles take any',
    },
    {
      op: 'createOrganizationRole',
      args: ['@acme', { slug: 'org-app-y', name: 'y', resourceTypeSlug: 'app' }],
    },
    {
      op: 'addOrganizationRolePermission',
      args: ['@acme', 'org-app-y', 'project:edit'],
      rejects: 'permission_out_of_scope',
    },
  ],
};

const d8NotFound: Scenario = {
  id: 'D8-unknown-references-not-found',
  title: 'Writes naming unknown objects reject with a typed not-found error',
  spec: '§8 D8',
  setup: acmeBase(),
  expect: [
    {
      op: 'assignRole',
      input: { membershipId: '@alice', roleSlug: 'no-such-role', resource: { id: '@web' } },
      rejects: 'entity_not_found',
    },
    {
      op: 'assignRole',
      input: {
        membershipId: 'om_01UNKNOWN000000000000000000',
        roleSlug: 'project-editor',
        resource: { id: '@web' },
      },
      rejects: 'entity_not_found',
    },
    {
      op: 'assignRole',
      input: {
        membershipId: '@alice',
        roleSlug: 'project-editor',
        resource: { type: 'project', externalId: 'nope' },
      },
      rejects: 'entity_not_found',
    },
    {
      op: 'createResource',
      input: {
        organizationId: 'org_01UNKNOWN00000000000000000',
        resourceTypeSlug: 'workspace',
        externalId: 'w',
        name: 'w',
      },
      rejects: 'entity_not_found',
    },
    {
      op: 'createResource',
      input: { organizationId: '@acme', resourceTypeSlug: 'no-such-type', externalId: 'w', name: 'w' },
      rejects: 'entity_not_found',
    },
    {
      op: 'createResource',
      input: {
        organizationId: '@acme',
        resourceTypeSlug: 'project',
        externalId: 'p',
        name: 'p',
        parent: { type: 'workspace', externalId: 'nope' },
      },
      rejects: 'entity_not_found',
    },
    {
      op: 'createPermission',
      input: { slug: 'x:y', name: 'x', resourceTypeSlug: 'no-such-type' },
      rejects: 'entity_not_found',
    },
    {
      op: 'createEnvironmentRole',
      input: { slug: 'x-role', name: 'x', resourceTypeSlug: 'no-such-type' },
      rejects: 'entity_not_found',
    },
    { op: 'setEnvironmentRolePermissions', args: ['no-such-role', []], rejects: 'entity_not_found' },
    {
      op: 'createOrganizationMembership',
      input: { userId: 'user_01UNKNOWN0000000000000000', organizationId: '@acme' },
      rejects: 'entity_not_found',
    },
  ],
};

const d9: Scenario = {
  id: 'D9-cross-org-resource',
  title:
    'Every lookup is scoped to the membership’s organization: other organizations’ resources are not found',
  spec: '§8 D9',
  setup: [
    ...acmeBase(),
    assign('@alice', 'workspace-admin', '@engineering'),
    org('globex'),
    resource('g-ws', '@globex', 'workspace'),
    resource('g-web', '@globex', 'project', '@g-ws', 'web'),
    resource('g-only', '@globex', 'project', '@g-ws'),
    ...person('gina', '@globex', 'org-viewer'),
    assign('@gina', 'project-editor', '@g-web'),
  ],
  expect: [
    { checkRejects: ['@alice', 'project:view', '@g-web'], code: 'entity_not_found' },
    { checkRejects: ['@alice', 'project:view', orgRef('@globex')], code: 'entity_not_found' },
    {
      checkRejects: ['@alice', 'project:view', { type: 'project', externalId: 'g-only' }],
      code: 'entity_not_found',
    },
    {
      check: ['@alice', 'project:edit', { type: 'project', externalId: 'web' }],
      allowed: true,
      note: 'the same external id resolves inside alice’s organization',
    },
    {
      check: ['@gina', 'project:edit', { type: 'project', externalId: 'web' }],
      allowed: true,
      note: '…and inside gina’s',
    },
    { checkRejects: ['@gina', 'project:view', '@web'], code: 'entity_not_found' },
    {
      listResources: { membership: '@alice', permission: 'project:view', parent: '@g-ws' },
      rejects: 'entity_not_found',
    },
    { effectivePermissions: { membership: '@alice', resource: '@g-web' }, rejects: 'entity_not_found' },
    {
      op: 'assignRole',
      input: { membershipId: '@alice', roleSlug: 'project-editor', resource: { id: '@g-web' } },
      rejects: 'entity_not_found',
    },
    {
      op: 'createResource',
      input: {
        organizationId: '@acme',
        resourceTypeSlug: 'project',
        externalId: 'x',
        name: 'x',
        parent: { id: '@g-ws' },
      },
      rejects: 'entity_not_found',
      note: 'a parent must be in the same organization (D11)',
    },
    {
      op: 'updateResource',
      args: [{ id: '@web' }, { parent: { id: '@g-ws' } }],
      rejects: 'entity_not_found',
    },
    {
      listMemberships: {
        resource: { type: 'project', externalId: 'web' },
        organization: '@globex',
        permission: 'project:edit',
      },
      ids: ['@gina'],
    },
    {
      listMemberships: {
        resource: { type: 'project', externalId: 'web' },
        organization: '@acme',
        permission: 'project:edit',
        assignment: 'indirect',
      },
      ids: ['@alice'],
    },
  ],
};

export const decisionScenariosD1toD9: readonly Scenario[] = [
  d1Denied,
  d1Discovery,
  d1Transitions,
  d2,
  d3Depth,
  d3Type,
  d3Inheritance,
  d3OrgParent,
  d4,
  d5,
  d6,
  d7,
  d8TypeMismatch,
  d8Parent,
  d8PermissionNotFound,
  d8OutOfScope,
  d8NotFound,
  d9,
];
