import { describe, expect, it } from 'vitest';
import { isFgaError, ValidationError } from '../errors.js';
import { validateModel } from './validate-model.js';

/** A small valid model (org → workspace → project); tests override one section at a time. */
function base(): Record<string, unknown> {
  return {
    resourceTypes: [{ slug: 'workspace' }, { slug: 'project', parents: ['workspace'] }],
    permissions: [
      { slug: 'workspace:view', resourceType: 'workspace' },
      { slug: 'project:view', resourceType: 'project' },
      { slug: 'project:edit', resourceType: 'project' },
    ],
    roles: [
      { slug: 'member', permissions: ['workspace:view'] },
      { slug: 'workspace-admin', resourceType: 'workspace', permissions: ['workspace:view', 'project:edit'] },
      { slug: 'project-editor', resourceType: 'project', permissions: ['project:view', 'project:edit'] },
    ],
    organizations: [
      {
        externalId: 'acme',
        name: 'Acme',
        resources: [
          { type: 'workspace', externalId: 'eng', children: [{ type: 'project', externalId: 'web' }] },
        ],
      },
    ],
    users: [{ email: 'alice@acme.test' }, { email: 'bob@acme.test' }],
    memberships: [
      {
        user: 'alice@acme.test',
        organization: 'acme',
        roles: ['member'],
        assignments: [{ role: 'workspace-admin', resource: 'workspace:eng' }],
      },
    ],
  };
}

/** Every issue message validateModel reports for `input` (fails the test if it does not throw). */
function problems(input: unknown): string[] {
  try {
    validateModel(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    const v = error as ValidationError;
    expect(v.code).toBe('invalid_model_file');
    for (const issue of v.issues) expect(issue.message.startsWith(`${issue.field}: `)).toBe(true);
    return v.issues.map((i) => i.message);
  }
  throw new Error('expected validateModel to throw');
}

function withSection(key: string, value: unknown): Record<string, unknown> {
  return { ...base(), [key]: value };
}

describe('validateModel: a valid model', () => {
  it('accepts an empty document', () => {
    const model = validateModel({});
    expect(model.resourceTypes).toEqual([]);
    expect(model.memberships).toEqual([]);
    expect(validateModel(null).roles).toEqual([]);
  });

  it('fills in every default', () => {
    const model = validateModel(base());
    expect(model.resourceTypes[0]).toEqual({
      slug: 'workspace',
      name: 'Workspace',
      description: null,
      parents: ['organization'],
    });
    expect(model.permissions[0]).toMatchObject({ name: 'workspace:view', description: null });
    expect(model.roles[0]).toMatchObject({ slug: 'member', name: 'Member', resourceType: 'organization' });
    expect(model.roles[1]?.name).toBe('Workspace Admin');
    expect(model.organizations[0]?.resources[0]).toMatchObject({
      name: 'eng',
      description: null,
      children: [{ type: 'project', externalId: 'web', name: 'web', children: [] }],
    });
    expect(model.users[0]).toEqual({
      email: 'alice@acme.test',
      firstName: null,
      lastName: null,
      externalId: null,
      emailVerified: true,
    });
    expect(model.memberships[0]).toEqual({
      user: 'alice@acme.test',
      organization: 'acme',
      roles: ['member'],
      status: 'active',
      assignments: [{ role: 'workspace-admin', resource: { type: 'workspace', externalId: 'eng' } }],
    });
  });

  it('reads every way of naming an assignment resource', () => {
    const input = base();
    input.roles = [
      ...(input.roles as unknown[]),
      { slug: 'owner', permissions: ['workspace:view'] },
      { slug: 'org-x', resourceType: 'organization' },
    ];
    input.memberships = [
      {
        user: 'alice@acme.test',
        organization: 'acme',
        assignments: [
          { role: 'owner', resource: 'organization' },
          { role: 'owner', resource: 'organization:acme' },
          { role: 'project-editor', resource: { type: 'project', externalId: 'web' } },
          { role: 'workspace-admin', resource: 'workspace:eng' },
        ],
      },
    ];
    // The two spellings of the organization resource are one assignment.
    expect(problems(input)).toEqual([
      'memberships[0].assignments[1]: role "owner" on organization:acme is assigned twice; remove one',
    ]);
    (input.memberships as { assignments: unknown[] }[])[0]!.assignments.splice(1, 1);
    const model = validateModel(input);
    expect(model.memberships[0]?.assignments.map((a) => a.resource)).toEqual([
      { type: 'organization', externalId: 'acme' },
      { type: 'project', externalId: 'web' },
      { type: 'workspace', externalId: 'eng' },
    ]);
  });

  it('accepts external ids containing colons (split at the first one)', () => {
    const input = base();
    (input.organizations as { resources: { externalId: string }[] }[])[0]!.resources[0]!.externalId = 'eng:1';
    (input.memberships as { assignments: { resource: string }[] }[])[0]!.assignments[0]!.resource =
      'workspace:eng:1';
    expect(validateModel(input).memberships[0]?.assignments[0]?.resource).toEqual({
      type: 'workspace',
      externalId: 'eng:1',
    });
  });

  it('accepts custom roles inside an organization, usable by its memberships', () => {
    const input = base();
    (input.organizations as Record<string, unknown>[])[0]!.roles = [
      { slug: 'org-auditor', permissions: ['workspace:view', 'project:view'] },
      { slug: 'org-web-lead', resourceType: 'project', permissions: ['project:edit'] },
    ];
    input.memberships = [
      {
        user: 'bob@acme.test',
        organization: 'acme',
        roles: ['org-auditor'],
        assignments: [{ role: 'org-web-lead', resource: 'project:web' }],
      },
    ];
    const model = validateModel(input);
    expect(model.organizations[0]?.roles.map((r) => r.slug)).toEqual(['org-auditor', 'org-web-lead']);
  });

  it('knows the built-in default role "member" without a definition', () => {
    const model = validateModel({
      roles: [{ slug: 'owner' }],
      organizations: [{ externalId: 'acme', name: 'Acme' }],
      users: [{ email: 'a@acme.test' }, { email: 'b@acme.test' }],
      memberships: [
        { user: 'a@acme.test', organization: 'acme' },
        { user: 'b@acme.test', organization: 'acme', roles: ['member', 'owner'] },
      ],
      settings: { defaultRoleSlug: 'member' },
    });
    expect(model.roles.map((r) => r.slug)).toEqual(['owner']);
    expect(model.memberships[0]?.roles).toEqual([]);
  });

  it('treats slugs and ids such as __proto__ as ordinary values (D12)', () => {
    const p = '__proto__';
    const model = validateModel({
      resourceTypes: [{ slug: p }],
      permissions: [{ slug: p, resourceType: p }],
      roles: [{ slug: p, resourceType: p, permissions: [p] }],
      organizations: [{ externalId: p, name: 'P', resources: [{ type: p, externalId: p }] }],
      users: [{ email: `${p}@x.test` }],
      memberships: [
        { user: `${p}@x.test`, organization: p, assignments: [{ role: p, resource: `${p}:${p}` }] },
      ],
    });
    expect(model.memberships[0]?.assignments[0]).toEqual({ role: p, resource: { type: p, externalId: p } });
  });

  it('accepts a type with several parent types (a DAG)', () => {
    const input = withSection('resourceTypes', [
      { slug: 'workspace' },
      { slug: 'project', parents: ['workspace'] },
      { slug: 'app', parents: ['workspace', 'project'] },
    ]);
    (input.organizations as { resources: { children: unknown[] }[] }[])[0]!.resources[0]!.children.push({
      type: 'app',
      externalId: 'direct-app',
    });
    expect(validateModel(input).resourceTypes[2]?.parents).toEqual(['workspace', 'project']);
  });
});

describe('validateModel: every kind of problem, with its path and its fix', () => {
  const cases: { name: string; input: () => unknown; expected: string[] }[] = [
    {
      name: 'unknown permission in a role, with a suggestion',
      input: () =>
        withSection('roles', [
          { slug: 'member' },
          { slug: 'workspace-admin', resourceType: 'workspace' },
          { slug: 'project-editor', resourceType: 'project', permissions: ['projct:edit'] },
        ]),
      expected: [
        'roles[2].permissions[0]: permission "projct:edit" is not defined (did you mean "project:edit"?)',
      ],
    },
    {
      name: 'unknown permission without any close slug',
      input: () => ({
        ...withSection('roles', [{ slug: 'member', permissions: ['billing:refund'] }]),
        memberships: [],
      }),
      expected: ['roles[0].permissions[0]: permission "billing:refund" is not defined'],
    },
    {
      name: 'unknown resource type on a permission and a role',
      input: () => {
        const input = base();
        (input.permissions as Record<string, unknown>[]).push({ slug: 'doc:view', resourceType: 'documnet' });
        (input.roles as Record<string, unknown>[]).push({ slug: 'x', resourceType: 'projects' });
        return input;
      },
      expected: [
        'permissions[3].resourceType: resource type "documnet" is not defined',
        'roles[3].resourceType: resource type "projects" is not defined (did you mean "project"?)',
      ],
    },
    {
      name: 'bad parent types',
      input: () =>
        withSection('resourceTypes', [
          { slug: 'workspace', parents: [] },
          { slug: 'project', parents: ['workspce', 'project', 'organization', 'organization'] },
          { slug: 'organization' },
        ]),
      expected: [
        'resourceTypes[0].parents: must name at least one parent type (omit it to mean [organization])',
        'resourceTypes[1].parents[0]: resource type "workspce" is not defined (did you mean "workspace"?)',
        'resourceTypes[1].parents[1]: resource type "project" cannot be its own parent',
        'resourceTypes[1].parents[3]: parent type "organization" is listed twice; remove one',
        'resourceTypes[2].slug: "organization" is the built-in root type; remove this entry (every type can sit under it)',
      ],
    },
    {
      name: 'a cycle in the resource types',
      input: () =>
        withSection('resourceTypes', [
          { slug: 'workspace' },
          { slug: 'project', parents: ['workspace', 'folder'] },
          { slug: 'folder', parents: ['subfolder'] },
          { slug: 'subfolder', parents: ['folder'] },
        ]),
      expected: [
        'resourceTypes[3].parents[0]: resource types form a cycle (folder → subfolder → folder); every type must lead up to organization',
      ],
    },
    {
      name: 'a hierarchy deeper than settings.maxTypeDepth',
      input: () => ({ ...base(), settings: { maxTypeDepth: 1 } }),
      expected: [
        'resourceTypes[1].parents: resource type "project" sits 2 levels below organization; the limit is 1 (raise settings.maxTypeDepth or flatten the hierarchy)',
      ],
    },
    {
      name: 'a permission out of the role’s scope',
      input: () => ({
        ...withSection('roles', [
          { slug: 'member' },
          {
            slug: 'project-editor',
            resourceType: 'project',
            permissions: ['project:edit', 'workspace:view'],
          },
        ]),
        memberships: [],
      }),
      expected: [
        'roles[1].permissions[1]: permission "workspace:view" is scoped to workspace, which is not project or below it; a role scoped to project may only hold permissions of project and its descendant types (scope the role higher, or drop the permission)',
      ],
    },
    {
      name: 'duplicate slugs, emails and external ids',
      input: () => {
        const input = base();
        (input.resourceTypes as unknown[]).push({ slug: 'workspace' });
        (input.permissions as unknown[]).push({ slug: 'project:view', resourceType: 'project' });
        (input.roles as unknown[]).push({ slug: 'member' });
        (input.organizations as unknown[]).push({ externalId: 'acme', name: 'Acme again' });
        (input.users as unknown[]).push({ email: 'alice@acme.test' });
        return input;
      },
      expected: [
        'resourceTypes[2].slug: resource type "workspace" is already defined at resourceTypes[0]; rename or remove one',
        'permissions[3].slug: permission "project:view" is already defined at permissions[1]; a slug belongs to exactly one resource type',
        'roles[3].slug: role "member" is already defined at roles[0]; rename or remove one',
        'organizations[1].externalId: organization "acme" is already defined at organizations[0]; external ids are unique',
        'users[2].email: user "alice@acme.test" is already defined at users[0]; emails are unique',
      ],
    },
    {
      name: 'duplicate resources, role permissions and memberships',
      input: () => {
        const input = base();
        (input.organizations as { resources: unknown[] }[])[0]!.resources.push({
          type: 'workspace',
          externalId: 'eng',
        });
        (input.roles as { permissions: string[] }[])[0]!.permissions.push('workspace:view');
        (input.memberships as unknown[]).push({ user: 'alice@acme.test', organization: 'acme' });
        return input;
      },
      expected: [
        'roles[0].permissions[1]: permission "workspace:view" is listed twice; remove one',
        'organizations[0].resources[1].externalId: resource "workspace:eng" is defined twice in this organization; external ids are unique per type',
        'memberships[1]: user "alice@acme.test" already has a membership in "acme" at memberships[0]; merge the two',
      ],
    },
    {
      name: 'a resource under a parent its type does not allow',
      input: () => {
        const input = base();
        (input.organizations as { resources: unknown[] }[])[0]!.resources.push(
          { type: 'project', externalId: 'orphan' },
          { type: 'workspace', externalId: 'w2', children: [{ type: 'workspace', externalId: 'w3' }] },
          { type: 'organization', externalId: 'acme' },
          { type: 'team', externalId: 't' },
        );
        return input;
      },
      expected: [
        'organizations[0].resources[1].type: "project" resources cannot sit directly under the organization; allowed parent types of "project": workspace',
        'organizations[0].resources[2].children[0].type: "workspace" resources cannot sit under a workspace; allowed parent types of "workspace": organization',
        'organizations[0].resources[3].type: the organization resource is created with its organization; list only resources below it',
        'organizations[0].resources[4].type: resource type "team" is not defined',
      ],
    },
    {
      name: 'unknown user, organization, role and resource in memberships and assignments',
      input: () =>
        withSection('memberships', [
          { user: 'alice@acme.tset', organization: 'acme' },
          {
            user: 'bob@acme.test',
            organization: 'acmee',
            assignments: [{ role: 'nope', resource: 'workspace:x' }],
          },
          {
            user: 'bob@acme.test',
            organization: 'acme',
            roles: ['membr'],
            assignments: [
              { role: 'workspace-admn', resource: 'workspace:eng' },
              { role: 'project-editor', resource: 'project:wbe' },
              { role: 'project-editor', resource: 'web' },
              { role: 'member', resource: 'organization:globex' },
            ],
          },
        ]),
      expected: [
        'memberships[0].user: user "alice@acme.tset" is not defined in users (did you mean "alice@acme.test"?)',
        'memberships[1].organization: organization "acmee" is not defined in organizations (did you mean "acme"?)',
        'memberships[2].roles[0]: role "membr" is not defined (did you mean "member"?)',
        'memberships[2].assignments[0].role: role "workspace-admn" is not defined (did you mean "workspace-admin"?)',
        'memberships[2].assignments[1].resource: resource "project:wbe" is not defined in organization "acme" (did you mean "project:web"?)',
        'memberships[2].assignments[2].resource: "web" does not name a resource; write "type:externalId" (e.g. "workspace:engineering") or "organization"',
        'memberships[2].assignments[3].resource: "organization:globex" is not this membership\'s organization; write "organization" (or "organization:acme")',
      ],
    },
    {
      name: 'roles that do not fit where they are used',
      input: () =>
        withSection('memberships', [
          {
            user: 'alice@acme.test',
            organization: 'acme',
            roles: ['workspace-admin'],
            assignments: [{ role: 'project-editor', resource: 'workspace:eng' }],
          },
        ]),
      expected: [
        'memberships[0].roles[0]: role "workspace-admin" is scoped to workspace; membership roles must be organization roles (give it under assignments on a workspace instead)',
        'memberships[0].assignments[0].role: role "project-editor" is scoped to project and cannot be assigned on workspace "eng" (assign it on a project, or pick a workspace role)',
      ],
    },
    {
      name: 'a bad membership status (the rest of the entry is still checked)',
      input: () =>
        withSection('memberships', [{ user: 'eve@acme.test', organization: 'acme', status: 'disabled' }]),
      expected: [
        'memberships[0].status: must be one of "active", "inactive", "pending" (got the string "disabled")',
        'memberships[0].user: user "eve@acme.test" is not defined in users',
      ],
    },
    {
      name: 'settings that contradict the memberships',
      input: () => ({
        ...base(),
        settings: { multipleRoles: false, defaultRoleSlug: 'workspace-admin' },
        memberships: [
          { user: 'alice@acme.test', organization: 'acme', roles: ['member', 'member'] },
          { user: 'bob@acme.test', organization: 'acme', roles: ['member'] },
        ],
      }),
      expected: [
        'settings.defaultRoleSlug: role "workspace-admin" is scoped to workspace; the default role must be an organization role',
        'memberships[0].roles[1]: role "member" is listed twice; remove one',
        'memberships[0].roles: lists 2 roles but settings.multipleRoles is false; keep one role or enable multipleRoles',
      ],
    },
    {
      name: 'custom role slugs',
      input: () => {
        const input = base();
        (input.organizations as Record<string, unknown>[])[0]!.roles = [{ slug: 'auditor' }];
        return input;
      },
      expected: [
        'organizations[0].roles[0].slug: custom role slugs start with "org-" and use lowercase letters and digits separated by single "-" or "_" (e.g. "org-billing-admin")',
      ],
    },
    {
      name: 'blank names and external ids',
      input: () => withSection('organizations', [{ externalId: ' ', name: '  ' }]),
      expected: [
        'organizations[0].externalId: must not be empty or blank',
        'organizations[0].name: must not be empty or blank',
        'memberships[0].organization: organization "acme" is not defined in organizations',
      ],
    },
    {
      name: 'duplicate custom roles',
      input: () => {
        const input = base();
        (input.organizations as Record<string, unknown>[])[0]!.roles = [{ slug: 'org-a' }, { slug: 'org-a' }];
        return input;
      },
      expected: ['organizations[0].roles[1].slug: custom role "org-a" is defined twice in this organization'],
    },
    {
      name: 'shape problems: wrong types, missing and unknown fields, bad slugs',
      input: () => ({
        version: 2,
        resourceTypes: [{ slug: 'Work Space' }, { name: 'No slug' }],
        permissions: 'project:view',
        roles: [{ slug: 'member', permisions: ['workspace:view'] }],
        users: [{ email: 'not-an-email', emailVerified: 'yes' }],
        memberships: [{ user: 'bob@acme.test', organization: 'acme', roles: 'member' }],
        orgs: [],
      }),
      expected: [
        'orgs: unknown field',
        'version: must be 1 (got the number 2)',
        'resourceTypes[0].slug: must be lowercase letters, digits, "-" or "_" (e.g. "workspace")',
        'resourceTypes[1].slug: is required (a string)',
        'permissions: expected a list, got the string "project:view" (write [project:view])',
        'roles[0].permisions: unknown field (did you mean "permissions"?)',
        'users[0].email: must be an email address',
        'users[0].emailVerified: expected true or false, got the string "yes"',
        'memberships[0].roles: expected a list, got the string "member" (write [member])',
        'memberships[0].user: user "bob@acme.test" is not defined in users',
        'memberships[0].organization: organization "acme" is not defined in organizations',
      ],
    },
  ];

  for (const c of cases) {
    it(c.name, () => {
      expect(problems(c.input())).toEqual(c.expected);
    });
  }
});

describe('validateModel: reporting', () => {
  it('reports several problems at once, in document order, with their exact paths', () => {
    const input = base();
    (input.roles as { permissions: string[] }[])[2]!.permissions = ['project:view', 'projct:edit'];
    (input.resourceTypes as { parents?: string[] }[])[1]!.parents = ['wrkspace'];
    (input.memberships as Record<string, unknown>[])[0]!.user = 'alice@acme.tst';
    try {
      validateModel(input, { source: 'fga.yaml' });
      expect.unreachable();
    } catch (error) {
      expect(isFgaError(error)).toBe(true);
      const v = error as ValidationError;
      expect(v.status).toBe(422);
      expect(v.issues.map((i) => [i.field, i.code])).toEqual([
        ['resourceTypes[1].parents[0]', 'resource_type_not_found'],
        ['roles[2].permissions[1]', 'permission_not_found'],
        ['memberships[0].user', 'user_not_found'],
      ]);
      expect(v.message).toBe(
        [
          'Invalid model file fga.yaml (3 problems):',
          '  - resourceTypes[1].parents[0]: resource type "wrkspace" is not defined (did you mean "workspace"?)',
          '  - roles[2].permissions[1]: permission "projct:edit" is not defined (did you mean "project:edit"?)',
          '  - memberships[0].user: user "alice@acme.tst" is not defined in users (did you mean "alice@acme.test"?)',
        ].join('\n'),
      );
      expect(v.details).toEqual({ source: 'fga.yaml' });
    }
  });

  it('uses the single problem as the message when there is one', () => {
    const input = { ...withSection('roles', [{ slug: 'member', permissions: ['nope'] }]), memberships: [] };
    expect(() => validateModel(input)).toThrow(
      'Invalid model file: roles[0].permissions[0]: permission "nope" is not defined',
    );
  });

  it('does not cascade: a broken entry still counts as defined', () => {
    const input = base();
    // The permission's name is too long, but roles naming it must not also report it undefined.
    (input.permissions as Record<string, unknown>[])[2]!.name = 'x'.repeat(49);
    (input.permissions as Record<string, unknown>[])[1]!.resourceType = 'Project';
    expect(problems(input)).toEqual([
      'permissions[1].resourceType: must be lowercase letters, digits, "-" or "_" (e.g. "workspace")',
      'permissions[2].name: must be at most 48 characters',
    ]);
  });
});
