// The demo model every example and doc uses (examples/acme.fga.yaml): its content as the issue
// specifies it, and the decisions the quickstart prints, end to end through the embedded engine.
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CheckQuery } from '../authorizer.js';
import { NotFoundError } from '../errors.js';
import type { ResourceRef } from '../model/types.js';
import { applyModel, type SeededModel } from './apply-model.js';
import { createLocalAuthorizer } from './create-local-authorizer.js';
import { loadModelFile } from './load-model-file.js';
import type { ModelDocument } from './model-document.js';

const ACME = fileURLToPath(new URL('../../../../examples/acme.fga.yaml', import.meta.url));

describe('examples/acme.fga.yaml: the model', () => {
  let model: ModelDocument;
  beforeAll(async () => {
    model = await loadModelFile(ACME);
  });

  it('declares workspace → project → app under organization', () => {
    expect(model.resourceTypes.map((t) => [t.slug, t.parents])).toEqual([
      ['workspace', ['organization']],
      ['project', ['workspace']],
      ['app', ['project']],
    ]);
  });

  it('scopes every permission as specified (documents to project)', () => {
    expect(Object.fromEntries(model.permissions.map((p) => [p.slug, p.resourceType]))).toEqual({
      'workspace:view': 'workspace',
      'workspace:edit': 'workspace',
      'project:view': 'project',
      'project:edit': 'project',
      'project:create': 'project',
      'project:delete': 'project',
      'app:view': 'app',
      'app:deploy': 'app',
      'document:view': 'project',
      'document:edit': 'project',
    });
  });

  it('declares the seven roles with their scopes and permissions', () => {
    const all = model.permissions.map((p) => p.slug);
    const roles = new Map(model.roles.map((r) => [r.slug, r]));
    expect([...roles.keys()]).toEqual([
      'admin',
      'member',
      'workspace-admin',
      'workspace-member',
      'project-editor',
      'project-viewer',
      'app-deployer',
    ]);
    const scoped = (slug: string) => [
      roles.get(slug)?.resourceType,
      [...(roles.get(slug)?.permissions ?? [])].sort(),
    ];
    expect(scoped('admin')).toEqual(['organization', [...all].sort()]);
    expect(scoped('member')).toEqual(['organization', ['workspace:view']]);
    expect(scoped('workspace-admin')).toEqual(['workspace', [...all].sort()]);
    expect(scoped('workspace-member')).toEqual([
      'workspace',
      ['app:view', 'document:view', 'project:view', 'workspace:view'],
    ]);
    expect(scoped('project-editor')).toEqual([
      'project',
      ['app:view', 'document:edit', 'document:view', 'project:edit', 'project:view'],
    ]);
    expect(scoped('project-viewer')).toEqual(['project', ['document:view', 'project:view']]);
    expect(scoped('app-deployer')).toEqual(['app', ['app:deploy', 'app:view']]);
  });

  it('seeds Acme and Globex with their resource trees', () => {
    const tree = (nodes: ModelDocument['organizations'][number]['resources']): unknown[] =>
      nodes.map((n) =>
        n.children.length === 0
          ? `${n.type}:${n.externalId}`
          : { [`${n.type}:${n.externalId}`]: tree(n.children) },
      );
    expect(model.organizations.map((o) => [o.externalId, o.name, tree(o.resources)])).toEqual([
      [
        'acme',
        'Acme',
        [
          {
            'workspace:engineering': [
              { 'project:web': ['app:frontend'] },
              { 'project:api': ['app:backend'] },
            ],
          },
          { 'workspace:marketing': ['project:campaign'] },
        ],
      ],
      ['globex', 'Globex', ['workspace:research']],
    ]);
  });

  it('seeds the six users, their memberships and role assignments', () => {
    expect(
      model.memberships.map((m) => [
        m.user,
        m.organization,
        m.roles.join(','),
        m.status,
        m.assignments.map((a) => `${a.role}@${a.resource.type}:${a.resource.externalId}`).join(','),
      ]),
    ).toEqual([
      ['alice@acme.test', 'acme', 'member', 'active', 'workspace-admin@workspace:engineering'],
      ['bob@acme.test', 'acme', 'member', 'active', 'project-editor@project:web'],
      ['carol@acme.test', 'acme', 'member', 'active', 'app-deployer@app:frontend'],
      ['dave@acme.test', 'acme', 'member', 'inactive', 'workspace-admin@workspace:marketing'],
      ['frank@acme.test', 'acme', 'admin', 'active', ''],
      ['eve@globex.test', 'globex', 'member', 'active', 'workspace-admin@workspace:research'],
    ]);
    expect(model.users.map((u) => u.email)).toEqual(model.memberships.map((m) => m.user));
  });
});

describe('examples/acme.fga.yaml: the quickstart decisions, end to end', () => {
  let fga: Awaited<ReturnType<typeof createLocalAuthorizer>>['authorizer'];
  let seed: SeededModel;
  beforeAll(async () => {
    ({ authorizer: fga, seed } = await createLocalAuthorizer({ model: ACME }));
  });

  const membership = (who: string): string =>
    who === 'eve'
      ? seed.membership('eve@globex.test', 'globex').id
      : seed.membership(`${who}@acme.test`, 'acme').id;
  const ref = (s: string): ResourceRef => {
    const i = s.indexOf(':');
    return { type: s.slice(0, i), externalId: s.slice(i + 1) };
  };
  const query = (who: string, permission: string, resource: string): CheckQuery => ({
    membershipId: membership(who),
    permission,
    resource: ref(resource),
  });

  const decisions: [who: string, permission: string, resource: string, allowed: boolean, reason: string][] = [
    ['alice', 'app:deploy', 'app:frontend', true, 'role_assignment'], // example A: two levels of inheritance
    ['alice', 'project:edit', 'project:campaign', false, 'no_matching_role'],
    ['bob', 'project:edit', 'project:web', true, 'role_assignment'], // example B: direct
    ['bob', 'project:edit', 'project:api', false, 'no_matching_role'],
    ['bob', 'app:view', 'app:frontend', true, 'role_assignment'],
    ['bob', 'app:deploy', 'app:frontend', false, 'no_matching_role'],
    ['carol', 'app:deploy', 'app:frontend', true, 'role_assignment'],
    ['carol', 'app:deploy', 'app:backend', false, 'no_matching_role'],
    ['dave', 'workspace:view', 'workspace:marketing', false, 'membership_inactive'], // D1
    ['frank', 'project:delete', 'project:campaign', true, 'organization_role'],
    ['alice', 'workspace:view', 'workspace:marketing', true, 'organization_role'], // org role member
    ['alice', 'project:create', 'workspace:engineering', true, 'role_assignment'], // D2: type-agnostic
    ['bob', 'project:create', 'workspace:engineering', false, 'no_matching_role'],
    ['bob', 'document:edit', 'project:web', true, 'role_assignment'],
    ['eve', 'workspace:edit', 'workspace:research', true, 'role_assignment'],
    ['alice', 'nope:nope', 'app:frontend', false, 'unknown_permission'], // D17
  ];
  for (const [who, permission, resource, allowed, reason] of decisions) {
    it(`${who} ${permission} on ${resource} → ${allowed ? 'allowed' : 'denied'} (${reason})`, async () => {
      const decision = await fga.check(query(who, permission, resource));
      expect({ allowed: decision.allowed, reason: decision.reason }).toEqual({ allowed, reason });
    });
  }

  it('explains example A: the workspace-admin assignment on engineering grants app:deploy', async () => {
    const explanation = await fga.explain(query('alice', 'app:deploy', 'app:frontend'));
    expect(explanation.decision.allowed).toBe(true);
    expect(explanation.path.map((r) => `${r.type}:${r.externalId}`)).toEqual([
      'app:frontend',
      'project:web',
      'workspace:engineering',
      `organization:${seed.organization('acme').id}`,
    ]);
    expect(explanation.roles.filter((r) => r.grants).map((r) => [r.roleSlug, r.resource.externalId])).toEqual(
      [['workspace-admin', 'engineering']],
    );
    expect(explanation.summary).toContain('workspace-admin');
  });

  it('treats another organization’s resource as not found (D9)', async () => {
    await expect(fga.check(query('eve', 'workspace:view', 'workspace:engineering'))).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it('lists what a membership may do (listResources, effectivePermissions)', async () => {
    const acmeRoot: ResourceRef = { type: 'organization', externalId: seed.organization('acme').id };
    const deployable = await fga.listResources({
      membershipId: membership('alice'),
      permission: 'app:deploy',
      parent: acmeRoot,
    });
    expect(deployable.data.map((r) => r.externalId).sort()).toEqual(['backend', 'frontend']);
    const editable = await fga.listResources({
      membershipId: membership('bob'),
      permission: 'project:edit',
      parent: ref('workspace:engineering'),
    });
    expect(editable.data.map((r) => r.externalId)).toEqual(['web']);
    expect(
      await fga.effectivePermissions({ membershipId: membership('carol'), resource: ref('app:frontend') }),
    ).toEqual(['workspace:view', 'app:view', 'app:deploy']);
  });

  it('seeds readable lookups', () => {
    const acme = seed.organization('acme');
    expect(acme).toMatchObject({ name: 'Acme', externalId: 'acme' });
    expect(seed.user('alice@acme.test')).toMatchObject({ firstName: 'Alice', email: 'alice@acme.test' });
    expect(seed.membership('alice@acme.test', 'acme')).toMatchObject({
      organizationId: acme.id,
      userId: seed.user('alice@acme.test').id,
      status: 'active',
      roles: ['member'],
    });
    expect(seed.membership('dave@acme.test', 'acme').status).toBe('inactive');
    expect(seed.membership('frank@acme.test', 'acme').role).toBe('admin');
    const web = seed.resource('acme', 'project', 'web');
    expect(web).toMatchObject({ name: 'Web', organizationId: acme.id });
    expect(web.parentResourceId).toBe(seed.resource('acme', 'workspace', 'engineering').id);
    expect(seed.resource('acme', 'workspace', 'engineering').parentResourceId).toBeNull();
    expect(seed.resource('acme', 'organization', 'acme').resourceTypeSlug).toBe('organization');
    expect(seed.resource('globex', 'workspace', 'research').organizationId).toBe(
      seed.organization('globex').id,
    );
  });

  it('names the missing key (and the closest seeded one) when a lookup misses', () => {
    expect(() => seed.organization('acm')).toThrow(
      'seed.organization("acm"): the model seeded no organization with external id "acm" (did you mean "acme"?).',
    );
    expect(() => seed.user('alice@acme.tset')).toThrow(
      'seed.user("alice@acme.tset"): the model seeded no user "alice@acme.tset" (did you mean "alice@acme.test"?).',
    );
    expect(() => seed.membership('eve@globex.test', 'acme')).toThrow(
      'seed.membership("eve@globex.test", "acme"): the model seeded no membership of "eve@globex.test" in organization "acme".',
    );
    expect(() => seed.resource('acme', 'project', 'wbe')).toThrow(
      'seed.resource("acme", "project", "wbe"): the model seeded no resource "project:wbe" in organization "acme" (did you mean "project:web"?).',
    );
    expect(() => seed.resource('globex', 'project', 'web')).toThrow(NotFoundError);
  });

  it('applies the same model again without conflicts, reusing every object', async () => {
    const again = await applyModel(fga.admin, seed.model);
    expect(again.organization('acme').id).toBe(seed.organization('acme').id);
    expect(again.membership('bob@acme.test', 'acme').id).toBe(seed.membership('bob@acme.test', 'acme').id);
    expect(again.resource('acme', 'app', 'backend').id).toBe(seed.resource('acme', 'app', 'backend').id);
    expect(again.membership('dave@acme.test', 'acme').status).toBe('inactive');
    const assignments = await fga.admin.listRoleAssignments({ membershipId: membership('alice') });
    // Organization roles may be listed as assignments on the organization resource; not duplicated.
    expect(
      assignments.data.filter((a) => a.resource.resourceTypeSlug !== 'organization').map((a) => a.roleSlug),
    ).toEqual(['workspace-admin']);
  });
});
