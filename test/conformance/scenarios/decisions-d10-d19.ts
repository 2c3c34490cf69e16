// SPEC §8 decisions D10–D19 and the membership-role rules of §1.4, tested through the TypeScript API.

import type { PageOptions } from '@fgakit/core';
import { assign, org, orgRef, orgRole, perms, person, resource, role, type } from '../dsl.js';
import type { Expectation, Scenario, Step } from '../types.js';
import { acmeBase } from './fixtures.js';

const UNKNOWN_MEMBERSHIP = 'om_01UNKNOWN00000000000000000';
const UNKNOWN_RESOURCE = 'authz_resource_01UNKNOWN0000000000000';

const d10Role: Scenario = {
  id: 'D10-delete-environment-role',
  title:
    'An environment role still assigned or held by a membership cannot be deleted (409 role_has_assignments)',
  spec: '§8 D10',
  setup: [
    ...acmeBase(),
    ...role('auditor', 'project', ['project:view']),
    ...role('unused', 'project', []),
    assign('@alice', 'auditor', '@web', 'aud'),
  ],
  expect: [
    { op: 'deleteEnvironmentRole', input: 'auditor', rejects: 'role_has_assignments' },
    {
      op: 'deleteEnvironmentRole',
      input: 'guest',
      rejects: 'role_has_assignments',
      note: 'memberships hold it',
    },
    { check: ['@alice', 'project:view', '@web'], allowed: true },
    { op: 'deleteEnvironmentRole', input: 'unused' },
    { op: 'getEnvironmentRole', input: 'unused', rejects: 'entity_not_found' },
    { op: 'removeRoleAssignment', input: { membershipId: '@alice', roleAssignmentId: '@aud' } },
    { op: 'deleteEnvironmentRole', input: 'auditor' },
    { check: ['@alice', 'project:view', '@web'], allowed: false },
  ],
};

const d10Permission: Scenario = {
  id: 'D10-delete-permission',
  title: 'Deleting a permission removes it from every role; system permissions cannot be deleted',
  spec: '§8 D10, §1.6',
  setup: [
    ...acmeBase(),
    {
      op: 'createPermission',
      input: { slug: 'sys:audit', name: 'sys', resourceTypeSlug: 'organization', system: true },
    },
    assign('@alice', 'app-deployer', '@frontend'),
  ],
  expect: [
    { op: 'deletePermission', input: 'app:deploy' },
    { op: 'getEnvironmentRole', input: 'app-deployer', returns: { permissions: ['app:view'] } },
    { check: ['@alice', 'app:deploy', '@frontend'], allowed: false, reason: 'unknown_permission' },
    { effectivePermissions: { membership: '@alice', resource: '@frontend' }, permissions: ['app:view'] },
    { op: 'deletePermission', input: 'sys:audit', rejects: 'system_permission_immutable' },
    { op: 'getPermission', input: 'sys:audit', returns: { system: true } },
    { op: 'deletePermission', input: 'app:deploy', rejects: 'entity_not_found' },
  ],
};

const d11Reparent: Scenario = {
  id: 'D11-reparent-under-descendant',
  title: 'Re-parenting a resource under itself or a descendant is refused',
  spec: '§8 D11',
  setup: acmeBase(),
  expect: [
    {
      op: 'updateResource',
      args: [{ id: '@engineering' }, { parent: { id: '@web' } }],
      rejects: ['resource_hierarchy_cycle', 'invalid_parent_resource_type'],
    },
    {
      op: 'updateResource',
      args: [{ id: '@engineering' }, { parent: { id: '@frontend' } }],
      rejects: ['resource_hierarchy_cycle', 'invalid_parent_resource_type'],
    },
    {
      op: 'updateResource',
      args: [{ id: '@web' }, { parent: { id: '@web' } }],
      rejects: ['resource_hierarchy_cycle', 'invalid_parent_resource_type'],
    },
    { op: 'getResource', input: { id: '@engineering' }, returns: { parentResourceId: null } },
    { op: 'getResource', input: { id: '@web' }, returns: { parentResourceId: '@engineering' } },
  ],
};

const d11TypeDag: Scenario = {
  id: 'D11-resource-type-dag',
  title: 'Resource types form a DAG under organization; a type may have several parent types',
  spec: '§8 D11, D15, §1.7',
  setup: [type('a'), type('b', ['a']), type('c', ['a', 'b']), org('acme')],
  expect: [
    {
      op: 'updateResourceType',
      args: ['a', { parentTypeSlugs: ['b'] }],
      rejects: 'resource_hierarchy_cycle',
    },
    {
      op: 'updateResourceType',
      args: ['a', { parentTypeSlugs: ['c'] }],
      rejects: 'resource_hierarchy_cycle',
    },
    {
      op: 'createResourceType',
      input: { slug: 'self', name: 'self', parentTypeSlugs: ['self'] },
      rejects: ['resource_hierarchy_cycle', 'entity_not_found'],
    },
    { op: 'getResourceType', input: 'a', returns: { parentTypeSlugs: ['organization'] } },
    resource('a1', '@acme', 'a'),
    resource('b1', '@acme', 'b', '@a1'),
    resource('c1', '@acme', 'c', '@a1'),
    resource('c2', '@acme', 'c', '@b1'),
    {
      op: 'createResource',
      input: {
        organizationId: '@acme',
        resourceTypeSlug: 'b',
        externalId: 'x',
        name: 'x',
        parent: { id: '@c1' },
      },
      rejects: 'invalid_parent_resource_type',
    },
  ],
};

/** Types l1 (under organization) … ln, each under the previous one. */
function typeChain(n: number): Step[] {
  return Array.from({ length: n }, (_, i) => type(`l${i + 1}`, [i === 0 ? 'organization' : `l${i}`]));
}

const d11DepthDefault: Scenario = {
  id: 'D11-type-depth-default-5',
  title: 'At most 5 type levels below organization by default; inheritance spans all of them',
  spec: '§8 D11',
  setup: [
    ...typeChain(5),
    ...perms('l5', 'l5:use'),
    ...role('guest', 'organization', []),
    ...role('l1-admin', 'l1', ['l5:use']),
    org('acme'),
    resource('i1', '@acme', 'l1'),
    resource('i2', '@acme', 'l2', '@i1'),
    resource('i3', '@acme', 'l3', '@i2'),
    resource('i4', '@acme', 'l4', '@i3'),
    resource('i5', '@acme', 'l5', '@i4'),
    ...person('alice', '@acme', 'guest'),
    assign('@alice', 'l1-admin', '@i1'),
  ],
  expect: [
    {
      op: 'createResourceType',
      input: { slug: 'l6', name: 'l6', parentTypeSlugs: ['l5'] },
      rejects: 'resource_hierarchy_too_deep',
    },
    { check: ['@alice', 'l5:use', '@i5'], allowed: true, reason: 'role_assignment' },
    {
      explain: ['@alice', 'l5:use', '@i5'],
      allowed: true,
      path: ['@i5', '@i4', '@i3', '@i2', '@i1', '@acme'],
      granting: [{ role: 'l1-admin', via: 'role_assignment', resource: '@i1' }],
    },
    { listResources: { membership: '@alice', permission: 'l5:use', parent: orgRef('@acme') }, ids: ['@i5'] },
  ],
};

const d11DepthConfigured: Scenario = {
  id: 'D11-type-depth-configurable',
  title: 'The type depth limit is a setting (maxTypeDepth)',
  spec: '§8 D11',
  settings: { maxTypeDepth: 2 },
  setup: typeChain(2),
  expect: [
    {
      op: 'createResourceType',
      input: { slug: 'l3', name: 'l3', parentTypeSlugs: ['l2'] },
      rejects: 'resource_hierarchy_too_deep',
    },
    { op: 'createResourceType', input: { slug: 'x2', name: 'x2', parentTypeSlugs: ['l1'] } },
    {
      op: 'updateResourceType',
      args: ['x2', { parentTypeSlugs: ['l2'] }],
      rejects: 'resource_hierarchy_too_deep',
    },
  ],
};

const d12: Scenario = {
  id: 'D12-slugs-and-ids-literal',
  title: '`*` is a literal, slugs are case-sensitive, `__proto__`-like slugs and ids are ordinary values',
  spec: '§8 D12',
  setup: [
    ...acmeBase(),
    ...perms('app', 'app:*'),
    ...role('star-deployer', 'app', ['app:*']),
    assign('@alice', 'star-deployer', '@frontend'),
    ...perms('organization', '__proto__'),
    ...role('__proto__', 'organization', ['__proto__']),
    ...perms('project', 'constructor'),
    ...role('hasownproperty', 'project', ['constructor']),
    resource('proto-res', '@acme', 'project', '@engineering', '__proto__'),
    resource('ctor-res', '@acme', 'project', '@engineering', 'constructor'),
    resource('sep-res', '@acme', 'project', '@engineering', 'a:b/c d|e\\f'),
    resource('upper-web', '@acme', 'project', '@engineering', 'WEB'),
    ...person('carol', '@acme', ['guest', '__proto__']),
    assign('@bob', 'hasownproperty', { type: 'project', externalId: 'constructor' }),
  ],
  expect: [
    {
      check: ['@alice', 'app:deploy', '@frontend'],
      allowed: false,
      reason: 'no_matching_role',
      note: '* is no wildcard',
    },
    { check: ['@alice', 'app:*', '@frontend'], allowed: true, reason: 'role_assignment' },
    {
      check: ['@alice', 'App:*', '@frontend'],
      allowed: false,
      reason: 'unknown_permission',
      note: 'case-sensitive',
    },
    { check: ['@alice', 'app:**', '@frontend'], allowed: false, reason: 'unknown_permission' },
    { effectivePermissions: { membership: '@alice', resource: '@frontend' }, permissions: ['app:*'] },
    {
      check: ['@carol', '__proto__', { type: 'project', externalId: '__proto__' }],
      allowed: true,
      reason: 'organization_role',
    },
    { check: ['@alice', '__proto__', '@proto-res'], allowed: false, reason: 'no_matching_role' },
    {
      check: ['@bob', 'constructor', { type: 'project', externalId: 'constructor' }],
      allowed: true,
      reason: 'role_assignment',
    },
    { check: ['@bob', 'constructor', { type: 'project', externalId: '__proto__' }], allowed: false },
    { check: ['@bob', 'toString', '@ctor-res'], allowed: false, reason: 'unknown_permission' },
    { check: ['@bob', 'hasOwnProperty', '@ctor-res'], allowed: false, reason: 'unknown_permission' },
    {
      op: 'getResource',
      input: { organizationId: '@acme', type: 'project', externalId: '__proto__' },
      returns: { id: '@proto-res', externalId: '__proto__' },
    },
    {
      op: 'getResource',
      input: { organizationId: '@acme', type: 'project', externalId: 'a:b/c d|e\\f' },
      returns: { id: '@sep-res' },
    },
    {
      op: 'getResource',
      input: { organizationId: '@acme', type: 'project', externalId: 'WEB' },
      returns: { id: '@upper-web' },
    },
    {
      op: 'getResource',
      input: { organizationId: '@acme', type: 'project', externalId: 'web' },
      returns: { id: '@web' },
    },
    {
      checkRejects: ['@alice', 'project:view', { type: 'project', externalId: 'Web' }],
      code: 'entity_not_found',
    },
    {
      op: 'getEnvironmentRole',
      input: '__proto__',
      returns: { slug: '__proto__', permissions: ['__proto__'] },
    },
    {
      op: 'getPermission',
      input: 'constructor',
      returns: { slug: 'constructor', resourceTypeSlug: 'project' },
    },
    {
      op: 'createPermission',
      input: { slug: 'Project:view2', name: 'upper', resourceTypeSlug: 'project' },
      rejects: { status: 422 },
      note: 'slugs are lowercase',
    },
    {
      op: 'createPermission',
      input: { slug: `p:${'x'.repeat(47)}`, name: 'long', resourceTypeSlug: 'project' },
      rejects: { status: 422 },
      note: '≤ 48 characters',
    },
    { op: 'createEnvironmentRole', input: { slug: 'has:colon', name: 'x' }, rejects: { status: 422 } },
    {
      op: 'createOrganizationRole',
      args: ['@acme', { slug: 'custom', name: 'x' }],
      rejects: { status: 422 },
      note: 'a given custom slug must start with org-',
    },
    {
      op: 'createOrganizationRole',
      args: ['@acme', { name: 'Billing  Admin!' }],
      returns: { data: { slug: /^billing-admin-[a-z0-9]{6}$/, type: 'OrganizationRole' } },
      note: 'generated: lower-cased, separators collapsed, 6-char suffix, no org- prefix',
    },
    {
      listResources: { membership: '@carol', permission: '__proto__', parent: '@engineering' },
      ids: ['@web', '@frontend', '@api', '@ops', '@proto-res', '@ctor-res', '@sep-res', '@upper-web'],
    },
  ],
};

const d13Primary: Scenario = {
  id: 'D13-primary-role',
  title: 'The primary role is the first of roles in priority order; all org roles union',
  spec: '§8 D13, §1.4, §1.5',
  setup: [
    ...acmeBase(),
    ...orgRole('@acme', 'org-custom', 'organization', ['org:billing']),
    { op: 'createUser', as: 'carol-user', input: { email: 'carol@example.com' } },
    { op: 'createUser', as: 'dave-user', input: { email: 'dave@example.com' } },
  ],
  expect: [
    {
      op: 'createOrganizationMembership',
      as: 'carol',
      input: { userId: '@carol-user', organizationId: '@acme', roleSlugs: ['org-viewer', 'guest'] },
      returns: { data: { role: 'guest', roles: ['guest', 'org-viewer'] } },
      note: 'guest was created first: higher priority',
    },
    {
      op: 'createOrganizationMembership',
      as: 'dave',
      input: { userId: '@dave-user', organizationId: '@acme', roleSlugs: ['org-custom', 'org-biller'] },
      returns: { data: { role: 'org-biller', roles: ['org-biller', 'org-custom'] } },
      note: 'custom roles are appended to the bottom of the organization’s order',
    },
    { check: ['@carol', 'project:view', '@web'], allowed: true, reason: 'organization_role' },
    { check: ['@dave', 'org:billing', orgRef('@acme')], allowed: true, reason: 'organization_role' },
    {
      op: 'updateOrganizationMembership',
      args: ['@carol', { roleSlugs: ['org-biller'] }],
      returns: { data: { role: 'org-biller', roles: ['org-biller'] } },
    },
    { check: ['@carol', 'project:view', '@web'], allowed: false },
    { check: ['@carol', 'org:billing', '@web'], allowed: true },
    {
      op: 'listOrganizationRoles',
      input: '@acme',
      note: 'environment roles (seeded member first) then custom roles, in priority order',
      returns: [
        { slug: 'member', type: 'EnvironmentRole' },
        { slug: 'guest' },
        { slug: 'org-viewer' },
        { slug: 'org-biller' },
        { slug: 'workspace-admin' },
        { slug: 'project-editor' },
        { slug: 'app-deployer' },
        { slug: 'org-custom', type: 'OrganizationRole', organizationId: '@acme' },
      ],
    },
    {
      op: 'updateOrganizationMembership',
      args: ['@carol', { roleSlug: 'org-viewer', roleSlugs: ['guest'] }],
      rejects: ['invalid_request_parameters', 'bad_request'],
      note: 'roleSlug and roleSlugs are mutually exclusive',
    },
  ],
};

const d13Disabled: Scenario = {
  id: 'D13-multiple-roles-disabled',
  title: 'With multipleRoles off, more than one organization role is 422 multiple_roles_not_enabled',
  spec: '§8 D13, D8, §1.4',
  settings: { multipleRoles: false },
  setup: [...acmeBase(), { op: 'createUser', as: 'carol-user', input: { email: 'carol@example.com' } }],
  expect: [
    { op: 'getSettings', args: [], returns: { multipleRoles: false } },
    {
      op: 'createOrganizationMembership',
      input: { userId: '@carol-user', organizationId: '@acme', roleSlugs: ['guest', 'org-viewer'] },
      rejects: 'multiple_roles_not_enabled',
    },
    {
      op: 'updateOrganizationMembership',
      args: ['@alice', { roleSlugs: ['guest', 'org-biller'] }],
      rejects: 'multiple_roles_not_enabled',
    },
    {
      op: 'createOrganizationMembership',
      as: 'carol',
      input: { userId: '@carol-user', organizationId: '@acme', roleSlugs: ['org-viewer'] },
      returns: { data: { roles: ['org-viewer'] } },
    },
    { op: 'updateSettings', input: { multipleRoles: true } },
    {
      op: 'updateOrganizationMembership',
      args: ['@alice', { roleSlugs: ['guest', 'org-biller'] }],
      returns: { data: { roles: ['guest', 'org-biller'] } },
    },
  ],
};

const membershipRoles: Scenario = {
  id: '1.4-membership-default-role',
  title:
    'A membership without a role gets the default role; only known organization-scoped roles are accepted',
  spec: '§1.4, §1.5',
  setup: [
    ...acmeBase(),
    { op: 'createUser', as: 'carol-user', input: { email: 'carol@example.com' } },
    { op: 'createUser', as: 'dave-user', input: { email: 'dave@example.com' } },
    { op: 'createUser', as: 'erin-user', input: { email: 'erin@example.com' } },
  ],
  expect: [
    {
      op: 'getEnvironmentRole',
      input: 'member',
      returns: { slug: 'member', resourceTypeSlug: 'organization' },
    },
    {
      op: 'createOrganizationMembership',
      as: 'carol',
      input: { userId: '@carol-user', organizationId: '@acme' },
      returns: { data: { status: 'active', role: 'member', roles: ['member'] } },
    },
    { op: 'updateSettings', input: { defaultRoleSlug: 'org-viewer' } },
    {
      op: 'createOrganizationMembership',
      as: 'dave',
      input: { userId: '@dave-user', organizationId: '@acme' },
      returns: { data: { role: 'org-viewer', roles: ['org-viewer'] } },
    },
    { check: ['@dave', 'project:view', '@web'], allowed: true, reason: 'organization_role' },
    {
      op: 'createOrganizationMembership',
      input: { userId: '@erin-user', organizationId: '@acme', roleSlug: 'project-editor' },
      rejects: 'sub_resource_scoped_role_not_allowed',
    },
    {
      op: 'createOrganizationMembership',
      input: { userId: '@erin-user', organizationId: '@acme', roleSlug: 'no-such-role' },
      rejects: 'invalid_role',
    },
    {
      op: 'updateOrganizationMembership',
      args: ['@alice', { roleSlugs: ['guest', 'app-deployer'] }],
      rejects: 'sub_resource_scoped_role_not_allowed',
    },
    {
      op: 'createOrganizationMembership',
      input: { userId: '@alice-user', organizationId: '@acme' },
      rejects: 'organization_membership_already_exists',
      note: 'an active membership already exists for the pair',
    },
  ],
};

/** d01 … d12, created in this order. */
const DOCS = Array.from({ length: 12 }, (_, i) => `d${String(i + 1).padStart(2, '0')}`);
const at = (...n: number[]): string[] => n.map((i) => `@${DOCS[i - 1]}`);

const d14: Scenario = {
  id: 'D14-pagination',
  title: 'limit 1–100 (default 10); asc / desc (default) / normal with before/after; invalid cursors',
  spec: '§8 D14, §3.0',
  setup: [
    type('doc'),
    ...perms('doc', 'doc:read'),
    ...role('doc-reader', 'organization', ['doc:read']),
    org('acme'),
    ...DOCS.map((d) => resource(d, '@acme', 'doc')),
    ...person('alice', '@acme', 'doc-reader'),
  ],
  expect: [
    ...((): Expectation[] => {
      const list = (page: PageOptions | undefined) => ({
        membership: '@alice',
        permission: 'doc:read',
        parent: orgRef('@acme'),
        ...(page ? { page } : {}),
      });
      return [
        {
          listResources: list(undefined),
          orderedIds: at(12, 11, 10, 9, 8, 7, 6, 5, 4, 3),
          listMetadata: { before: null, after: '@d03' },
          note: 'default: 10, newest first',
        },
        {
          listResources: list({ after: '@d03' }),
          orderedIds: at(2, 1),
          listMetadata: { before: '@d02', after: null },
        },
        {
          listResources: list({ order: 'asc', limit: 3 }),
          orderedIds: at(1, 2, 3),
          listMetadata: { before: null, after: '@d03' },
        },
        {
          listResources: list({ order: 'asc', limit: 3, after: '@d03' }),
          orderedIds: at(4, 5, 6),
          listMetadata: { before: '@d04', after: '@d06' },
        },
        { listResources: list({ order: 'asc', limit: 3, before: '@d07' }), orderedIds: at(4, 5, 6) },
        { listResources: list({ order: 'asc', limit: 5, after: '@d10' }), orderedIds: at(11, 12) },
        { listResources: list({ order: 'desc', limit: 3, after: '@d10' }), orderedIds: at(9, 8, 7) },
        { listResources: list({ order: 'desc', limit: 3, before: '@d05' }), orderedIds: at(8, 7, 6) },
        { listResources: list({ order: 'normal', limit: 3 }), orderedIds: at(12, 11, 10) },
        {
          listResources: list({ order: 'normal', limit: 3, before: '@d10' }),
          orderedIds: at(9, 8, 7),
          note: 'normal: before fetches older records',
        },
        {
          listResources: list({ order: 'normal', limit: 3, after: '@d05' }),
          orderedIds: at(8, 7, 6),
          note: 'normal: after fetches newer records',
        },
        {
          listResources: list({ limit: 100, order: 'asc' }),
          orderedIds: at(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12),
        },
        { listResources: list({ limit: 1 }), orderedIds: at(12) },
        { listResources: list({ limit: 0 }), rejects: { status: 422 } },
        { listResources: list({ limit: 101 }), rejects: { status: 422 } },
        { listResources: list({ after: 'authz_resource_01NOPE000000000000000' }), rejects: 'invalid_cursor' },
        {
          listResources: list({ before: '@alice' }),
          rejects: 'invalid_cursor',
          note: 'an id of another collection',
        },
        {
          op: 'listResources',
          input: { organizationId: '@acme', resourceTypeSlug: 'doc' },
          returnsIds: at(12, 11, 10, 9, 8, 7, 6, 5, 4, 3),
        },
        { op: 'listResources', input: { organizationId: '@acme', limit: 101 }, rejects: { status: 422 } },
        { op: 'listPermissions', input: { limit: 0 }, rejects: { status: 422 } },
        { op: 'listPermissions', input: { after: 'nope' }, rejects: 'invalid_cursor' },
        {
          listMemberships: {
            resource: '@d01',
            permission: 'doc:read',
            assignment: 'indirect',
            page: { limit: 0 },
          },
          rejects: { status: 422 },
        },
        {
          listMemberships: {
            resource: '@d01',
            permission: 'doc:read',
            assignment: 'indirect',
            page: { after: '@d01' },
          },
          rejects: 'invalid_cursor',
        },
      ];
    })(),
  ],
};

const d15: Scenario = {
  id: 'D15-resource-types',
  title: 'Resource types: list order, shape, conflicts, and no deletion while anything uses them',
  spec: '§8 D15, §1.7',
  setup: [
    type('workspace'),
    type('project', ['workspace']),
    type('has-role'),
    ...role('hr-role', 'has-role', []),
    type('has-perm'),
    ...perms('has-perm', 'has-perm:x'),
    type('has-inst'),
    org('acme'),
    resource('i1', '@acme', 'has-inst'),
    type('has-child'),
    type('child', ['has-child']),
  ],
  expect: [
    {
      op: 'listResourceTypes',
      args: [],
      returns: [
        { slug: 'organization', parentTypeSlugs: [] },
        { slug: 'workspace', parentTypeSlugs: ['organization'] },
        { slug: 'project', parentTypeSlugs: ['workspace'] },
        { slug: 'has-role' },
        { slug: 'has-perm' },
        { slug: 'has-inst' },
        { slug: 'has-child' },
        { slug: 'child', parentTypeSlugs: ['has-child'] },
      ],
    },
    { op: 'getResourceType', input: 'project', returns: { slug: 'project', parentTypeSlugs: ['workspace'] } },
    {
      op: 'createResourceType',
      input: { slug: 'workspace', name: 'again' },
      rejects: 'authorization_resource_type_slug_conflict',
    },
    {
      op: 'createResourceType',
      input: { slug: 'orphan', name: 'o', parentTypeSlugs: ['nope'] },
      rejects: 'entity_not_found',
    },
    {
      op: 'deleteResourceType',
      input: 'has-role',
      rejects: ['resource_type_has_roles', 'resource_type_in_use'],
    },
    {
      op: 'deleteResourceType',
      input: 'has-perm',
      rejects: ['resource_type_has_permissions', 'resource_type_in_use'],
    },
    {
      op: 'deleteResourceType',
      input: 'has-inst',
      rejects: ['resource_type_has_resources', 'resource_type_in_use'],
    },
    {
      op: 'deleteResourceType',
      input: 'has-child',
      rejects: ['resource_type_has_child_types', 'resource_type_in_use'],
    },
    { op: 'getResource', input: { id: '@i1' }, returns: { resourceTypeSlug: 'has-inst' } },
    { op: 'deleteResourceType', input: 'child' },
    { op: 'deleteResourceType', input: 'has-child' },
    { op: 'getResourceType', input: 'has-child', rejects: 'entity_not_found' },
    { op: 'deleteEnvironmentRole', input: 'hr-role' },
    { op: 'deleteResourceType', input: 'has-role' },
    { op: 'updateResourceType', args: ['project', { parentTypeSlugs: ['workspace', 'organization'] }] },
    resource('top-project', '@acme', 'project'),
  ],
};

const d16: Scenario = {
  id: 'D16-unknown-membership-or-resource',
  title: 'Unknown memberships and resources reject with a typed not-found error',
  spec: '§8 D16',
  setup: acmeBase(),
  expect: [
    { checkRejects: [UNKNOWN_MEMBERSHIP, 'project:view', '@web'], code: 'entity_not_found' },
    { checkRejects: ['@alice', 'project:view', UNKNOWN_RESOURCE], code: 'entity_not_found' },
    {
      checkRejects: ['@alice', 'project:view', { type: 'project', externalId: 'nope' }],
      code: 'entity_not_found',
    },
    {
      checkRejects: ['@alice', 'project:view', { type: 'no-such-type', externalId: 'web' }],
      code: 'entity_not_found',
    },
    {
      checkRejects: [UNKNOWN_MEMBERSHIP, 'no:such-permission', UNKNOWN_RESOURCE],
      code: 'entity_not_found',
      note: 'not found wins over an unknown permission',
    },
    {
      listResources: { membership: UNKNOWN_MEMBERSHIP, permission: 'project:view', parent: '@engineering' },
      rejects: 'entity_not_found',
    },
    {
      listResources: { membership: '@alice', permission: 'project:view', parent: UNKNOWN_RESOURCE },
      rejects: 'entity_not_found',
    },
    {
      effectivePermissions: { membership: UNKNOWN_MEMBERSHIP, resource: '@web' },
      rejects: 'entity_not_found',
    },
    {
      effectivePermissions: { membership: '@alice', resource: UNKNOWN_RESOURCE },
      rejects: 'entity_not_found',
    },
    {
      listMemberships: { resource: UNKNOWN_RESOURCE, permission: 'project:view' },
      rejects: 'entity_not_found',
    },
    {
      listMemberships: {
        resource: { type: 'project', externalId: 'nope' },
        organization: '@acme',
        permission: 'project:view',
      },
      rejects: 'entity_not_found',
    },
    org('globex'),
    { findMembership: { user: '@alice-user', organization: '@globex' }, id: null },
  ],
};

const d17: Scenario = {
  id: 'D17-unknown-permission',
  title: 'An unknown permission slug is a denial with reason unknown_permission, not an error',
  spec: '§8 D17',
  setup: [
    ...acmeBase(),
    { op: 'updateOrganizationMembership', args: ['@alice', { roleSlug: 'org-viewer' }] },
    assign('@alice', 'workspace-admin', '@engineering'),
  ],
  expect: [
    { check: ['@alice', 'project:nope', '@web'], allowed: false, reason: 'unknown_permission' },
    {
      explain: ['@alice', 'project:nope', '@web'],
      allowed: false,
      reason: 'unknown_permission',
      permissionKnown: false,
      noneGrant: true,
    },
    { check: ['@alice', 'org:billing', '@web'], allowed: false, reason: 'no_matching_role' },
    {
      explain: ['@alice', 'project:edit', '@web'],
      allowed: true,
      reason: 'role_assignment',
      permissionKnown: true,
      granting: [{ role: 'workspace-admin', via: 'role_assignment', resource: '@engineering' }],
    },
    {
      checkMany: [
        ['@alice', 'project:edit', '@web'],
        ['@alice', 'project:nope', '@web'],
        ['@alice', 'org:billing', '@web'],
        ['@alice', 'project:view', '@site'],
      ],
      allowed: [true, false, false, true],
    },
  ],
};

const d18: Scenario = {
  id: 'D18-revisions',
  title:
    'Every write returns a larger revision; rejected writes change nothing; atLeast checks see the write',
  spec: '§8 D18',
  strictRevisions: true,
  setup: acmeBase(),
  expect: [
    { revisionIsLastWrite: true },
    { op: 'createOrganization', as: 'globex', input: { name: 'Globex' } },
    { op: 'updateOrganization', args: ['@globex', { name: 'Globex Corp' }] },
    { op: 'createUser', as: 'carol-user', input: { email: 'carol@example.com' } },
    { op: 'updateUser', args: ['@carol-user', { firstName: 'Carol' }] },
    {
      op: 'createOrganizationMembership',
      as: 'carol',
      input: { userId: '@carol-user', organizationId: '@acme', roleSlug: 'guest' },
    },
    { op: 'updateOrganizationMembership', args: ['@carol', { roleSlug: 'org-viewer' }] },
    { check: ['@carol', 'project:view', '@web'], allowed: true, atLeastLastWrite: true },
    { op: 'createResourceType', input: { slug: 'widget', name: 'Widget' } },
    { op: 'updateResourceType', args: ['widget', { name: 'Widgets' }] },
    { op: 'createPermission', input: { slug: 'widget:use', name: 'use', resourceTypeSlug: 'widget' } },
    { op: 'updatePermission', args: ['widget:use', { name: 'Use' }] },
    { op: 'createEnvironmentRole', input: { slug: 'widget-user', name: 'wu', resourceTypeSlug: 'widget' } },
    { op: 'updateEnvironmentRole', args: ['widget-user', { description: 'uses widgets' }] },
    { op: 'setEnvironmentRolePermissions', args: ['widget-user', ['widget:use']] },
    { op: 'removeEnvironmentRolePermission', args: ['widget-user', 'widget:use'] },
    { op: 'addEnvironmentRolePermission', args: ['widget-user', 'widget:use'] },
    {
      op: 'createOrganizationRole',
      args: ['@acme', { slug: 'org-w', name: 'w', resourceTypeSlug: 'widget' }],
    },
    { op: 'updateOrganizationRole', args: ['@acme', 'org-w', { name: 'W' }] },
    { op: 'setOrganizationRolePermissions', args: ['@acme', 'org-w', ['widget:use']] },
    { op: 'removeOrganizationRolePermission', args: ['@acme', 'org-w', 'widget:use'] },
    { op: 'addOrganizationRolePermission', args: ['@acme', 'org-w', 'widget:use'] },
    resource('w1', '@acme', 'widget'),
    { op: 'updateResource', args: [{ id: '@w1' }, { name: 'Widget one' }] },
    {
      op: 'assignRole',
      as: 'wa',
      input: { membershipId: '@alice', roleSlug: 'widget-user', resource: { id: '@w1' } },
    },
    { check: ['@alice', 'widget:use', '@w1'], allowed: true, atLeastLastWrite: true },
    { revisionIsLastWrite: true },
    {
      op: 'assignRole',
      input: { membershipId: '@alice', roleSlug: 'widget-user', resource: { id: '@w1' } },
      rejects: 'role_assignment_already_exists',
      note: 'a rejected write leaves the revision alone',
    },
    { op: 'deleteResource', input: { id: '@engineering' }, rejects: 'resource_has_dependents' },
    { op: 'removeRoleAssignment', input: { membershipId: '@alice', roleAssignmentId: '@wa' } },
    { check: ['@alice', 'widget:use', '@w1'], allowed: false, atLeastLastWrite: true },
    { op: 'assignRole', input: { membershipId: '@alice', roleSlug: 'org-w', resource: { id: '@w1' } } },
    {
      check: ['@alice', 'widget:use', '@w1'],
      allowed: true,
      note: 'in one process the very next check sees it',
    },
    { op: 'removeRole', input: { membershipId: '@alice', roleSlug: 'org-w', resource: { id: '@w1' } } },
    { check: ['@alice', 'widget:use', '@w1'], allowed: false },
    { op: 'updateResource', args: [{ id: '@web' }, { parent: { id: '@marketing' } }] },
    { op: 'deactivateOrganizationMembership', input: '@carol' },
    { check: ['@carol', 'project:view', '@web'], allowed: false, atLeastLastWrite: true },
    { op: 'reactivateOrganizationMembership', input: '@carol' },
    { op: 'updateSettings', input: { maxTypeDepth: 6 } },
    { op: 'deleteResource', args: [{ id: '@engineering' }, { cascadeDelete: true }] },
    { op: 'deleteOrganizationRole', args: ['@acme', 'org-w'] },
    { op: 'deleteEnvironmentRole', input: 'widget-user' },
    { op: 'deletePermission', input: 'widget:use' },
    { op: 'deleteOrganizationMembership', input: '@carol' },
    { op: 'deleteUser', input: '@carol-user' },
    { op: 'deleteOrganization', input: '@globex' },
    { revisionIsLastWrite: true },
    { check: ['@alice', 'project:view', '@web'], allowed: false, atLeastLastWrite: true },
  ],
};

const d19: Scenario = {
  id: 'D19-no-group-sources',
  title: 'Without group role assignments, every assignment and every granting role is direct',
  spec: '§8 D19',
  setup: [
    ...acmeBase(),
    assign('@alice', 'workspace-admin', '@engineering'),
    assign('@bob', 'project-editor', '@web'),
  ],
  expect: [
    {
      op: 'assignRole',
      input: { membershipId: '@alice', roleSlug: 'app-deployer', resource: { id: '@frontend' } },
      returns: { data: { source: { type: 'direct', groupRoleAssignmentId: null } } },
    },
    { allAssignmentsDirect: ['@alice', '@bob'] },
    {
      op: 'listRoleAssignmentsForResource',
      input: { resource: { id: '@web' } },
      returns: {
        data: [{ roleSlug: 'project-editor', source: { type: 'direct', groupRoleAssignmentId: null } }],
      },
    },
    {
      explain: ['@bob', 'app:view', '@frontend'],
      allowed: true,
      granting: [{ role: 'project-editor', via: 'role_assignment', resource: '@web' }],
    },
  ],
};

const externalIds: Scenario = {
  id: '1.8-external-id-uniqueness',
  title: 'External ids are unique per (organization, resource type), free across types and organizations',
  spec: '§1.8, §3.5 S1',
  setup: [...acmeBase(), org('globex')],
  expect: [
    {
      op: 'createResource',
      input: {
        organizationId: '@acme',
        resourceTypeSlug: 'project',
        externalId: 'web',
        name: 'dup',
        parent: { id: '@marketing' },
      },
      rejects: 'authorization_resource_external_id_conflict',
    },
    {
      op: 'createResource',
      as: 'web-app',
      input: {
        organizationId: '@acme',
        resourceTypeSlug: 'app',
        externalId: 'web',
        name: 'web app',
        parent: { id: '@web' },
      },
      note: 'same external id, other type',
    },
    {
      op: 'createResource',
      as: 'globex-web',
      input: {
        organizationId: '@globex',
        resourceTypeSlug: 'workspace',
        externalId: 'engineering',
        name: 'g',
      },
      note: 'same external id, other organization',
    },
    {
      op: 'getResource',
      input: { organizationId: '@acme', type: 'app', externalId: 'web' },
      returns: { id: '@web-app', parentResourceId: '@web' },
    },
    {
      op: 'getResource',
      input: { organizationId: '@globex', type: 'workspace', externalId: 'engineering' },
      returns: { id: '@globex-web', organizationId: '@globex' },
    },
    {
      op: 'updateResource',
      args: [
        { organizationId: '@acme', type: 'app', externalId: 'web' },
        { name: 'renamed', description: 'd' },
      ],
      returns: { data: { name: 'renamed', description: 'd', externalId: 'web' } },
    },
  ],
};

export const decisionScenariosD10toD19: readonly Scenario[] = [
  d10Role,
  d10Permission,
  d11Reparent,
  d11TypeDag,
  d11DepthDefault,
  d11DepthConfigured,
  d12,
  d13Primary,
  d13Disabled,
  membershipRoles,
  externalIds,
  d14,
  d15,
  d16,
  d17,
  d18,
  d19,
];
