import { describe, expect, it } from 'vitest';
import { createLocalAuthorizer } from '../config/create-local-authorizer.js';
import { parseModel } from '../config/parse-model.js';
import { LocalAuthorizer } from '../engine/local-authorizer.js';
import { AuthorizationUnavailableError } from '../errors.js';
import { instrumentAuthorizer } from './instrument-authorizer.js';

const MODEL = parseModel(`
resourceTypes: [{ slug: project }]
permissions: [{ slug: project:view, resourceType: project }]
roles: [{ slug: viewer, resourceType: project, permissions: [project:view] }]
organizations: [{ externalId: acme, name: Acme, resources: [{ type: project, externalId: web }] }]
users: [{ email: bob@acme.test }]
memberships:
  - { user: bob@acme.test, organization: acme, assignments: [{ role: viewer, resource: "project:web" }] }
`);

async function world() {
  const { authorizer: engine, seed } = await createLocalAuthorizer({ model: MODEL });
  const membershipId = seed.membership('bob@acme.test', 'acme').id;
  const query = {
    membershipId,
    permission: 'project:view',
    resource: { type: 'project', externalId: 'web' },
  };
  return { engine, seed, membershipId, query, fga: instrumentAuthorizer(engine) };
}

describe('instrumentAuthorizer', () => {
  it('delegates every method to the wrapped engine and records each call once', async () => {
    const { engine, seed, membershipId, query, fga } = await world();
    expect(fga.inner).toBe(engine);
    expect(fga.mode).toBe('delegate');
    expect(await fga.check(query)).toEqual(await engine.check(query));
    expect(await fga.checkMany([query, query])).toHaveLength(2);
    expect(await fga.effectivePermissions({ membershipId, resource: query.resource })).toEqual([
      'project:view',
    ]);
    const org = { type: 'organization', externalId: seed.organization('acme').id };
    const listed = await fga.listResources({ membershipId, permission: 'project:view', parent: org });
    expect(listed.data.map((r) => r.externalId)).toEqual(['web']);
    const who = await fga.listMemberships({
      resource: { id: seed.resource('acme', 'project', 'web').id },
      permission: 'project:view',
    });
    expect(who.data.map((m) => m.id)).toEqual([membershipId]);
    const found = await fga.findMembership({
      userId: seed.user('bob@acme.test').id,
      organizationId: seed.organization('acme').id,
    });
    expect(found?.id).toBe(membershipId);
    expect((await fga.explain(query)).decision.allowed).toBe(true);

    expect(fga.calls.map((c) => c.method)).toEqual([
      'check',
      'checkMany',
      'effectivePermissions',
      'listResources',
      'listMemberships',
      'findMembership',
      'explain',
    ]);
    expect(fga.callsTo('check')).toEqual([{ method: 'check', query }]);
    expect(fga.callsTo('checkMany')[0]?.query).toEqual([query, query]);
    fga.clearCalls();
    expect(fga.calls).toEqual([]);
  });

  it('passes model introspection through, without recording it', async () => {
    const { fga } = await world();
    expect(fga.hasPermission?.('project:view')).toBe(true);
    expect(fga.hasPermission?.('project:edit')).toBe(false);
    expect(fga.hasResourceType?.('project')).toBe(true);
    expect(fga.calls).toEqual([]);
    const bare = instrumentAuthorizer({
      ...instrumentAuthorizer(new LocalAuthorizer()),
      hasPermission: undefined,
    });
    expect(bare.hasPermission).toBeUndefined();
  });

  it('fails with a plain Error by default, or the given error, and records the failed calls', async () => {
    const { query, fga } = await world();
    fga.fail();
    expect(fga.mode).toBe('fail');
    const error = await fga.check(query).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(AuthorizationUnavailableError);
    const down = new AuthorizationUnavailableError('authorization_unavailable', 'down');
    fga.fail(down);
    await expect(fga.findMembership({ userId: 'u', organizationId: 'o' })).rejects.toBe(down);
    fga.restore();
    expect((await fga.check(query)).allowed).toBe(true);
    expect(fga.calls.map((c) => c.method)).toEqual(['check', 'findMembership', 'check']);

    const preset = new Error('preset');
    const configured = instrumentAuthorizer(new LocalAuthorizer(), { mode: 'fail', error: preset });
    await expect(configured.check(query)).rejects.toBe(preset);
  });

  it('hangs until the call is aborted, then rejects with the signal reason', async () => {
    const { query, fga } = await world();
    fga.hang();
    const controller = new AbortController();
    const pending = fga.check(query, { signal: controller.signal });
    let settled = false;
    void pending.then(
      () => {
        settled = true;
      },
      () => {
        settled = true;
      },
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(settled).toBe(false);
    const reason = new Error('timed out');
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    await expect(fga.check(query, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(fga.callsTo('check')).toHaveLength(2);
  });
});
