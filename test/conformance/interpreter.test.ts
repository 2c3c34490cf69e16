// The interpreter must be able to fail: deliberately wrong expectations are run against the memory
// backend and each must be reported (so a green conformance run means something).
import { describe, expect, it } from 'vitest';
import { createLocalAuthorizer, localAuthorizerAvailable } from '../support/local-authorizer.js';
import { assign } from './dsl.js';
import { runScenario } from './interpreter.js';
import { acmeBase } from './scenarios/fixtures.js';
import type { Expectation, Scenario } from './types.js';

const wrong: readonly (readonly [string, Expectation, RegExp])[] = [
  [
    'allowed',
    { check: ['@alice', 'project:edit', '@web'], allowed: false },
    /allowed: expected false, got true/,
  ],
  [
    'reason',
    { check: ['@alice', 'project:edit', '@web'], allowed: true, reason: 'organization_role' },
    /reason/,
  ],
  [
    'rejection expected',
    { checkRejects: ['@alice', 'project:edit', '@web'], code: 'entity_not_found' },
    /expected rejection/,
  ],
  [
    'wrong code',
    { op: 'deleteResource', input: { id: '@web' }, rejects: 'role_has_assignments' },
    /resource_has_dependents/,
  ],
  ['unexpected rejection', { op: 'deleteResource', input: { id: '@web' } }, /unexpected rejection/],
  [
    'ids',
    {
      listResources: { membership: '@alice', permission: 'app:view', parent: '@engineering' },
      ids: ['@web'],
    },
    /ids:/,
  ],
  [
    'order',
    {
      listMemberships: { resource: '@web', permission: 'project:view', assignment: 'indirect' },
      orderedIds: ['@alice', '@bob'],
    },
    /orderedIds/,
  ],
  [
    'permissions',
    { effectivePermissions: { membership: '@alice', resource: '@web' }, permissions: ['project:edit'] },
    /permissions:/,
  ],
  [
    'returns',
    { op: 'getResource', input: { id: '@web' }, returns: { parentResourceId: null } },
    /parentResourceId/,
  ],
  [
    'explain',
    {
      explain: ['@alice', 'project:edit', '@web'],
      allowed: true,
      granting: [{ role: 'project-editor', via: 'role_assignment', resource: '@web' }],
    },
    /granting/,
  ],
  [
    'membership',
    { findMembership: { user: '@alice-user', organization: '@acme' }, id: '@bob' },
    /id: expected/,
  ],
];

describe.skipIf(!localAuthorizerAvailable)('conformance interpreter reports wrong expectations', () => {
  it.each(wrong)('%s', async (_name, expectation, message) => {
    const scenario: Scenario = {
      id: 'self-test',
      title: 'deliberately wrong',
      spec: '—',
      setup: [
        ...acmeBase(),
        assign('@alice', 'workspace-admin', '@engineering'),
        { op: 'updateOrganizationMembership', args: ['@bob', { roleSlug: 'org-viewer' }] },
      ],
      expect: [expectation],
    };
    const fga = createLocalAuthorizer();
    await expect(
      runScenario({ authorizer: fga, admin: fga.admin, close: async () => {} }, scenario),
    ).rejects.toThrow(message);
  });
});
