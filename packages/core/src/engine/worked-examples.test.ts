import { describe, expect, it } from 'vitest';
import { buildExampleModel } from './test-model.js';

describe('SPEC §2.3 worked examples', () => {
  it('A: Alice deploys an app through workspace-admin on its workspace', async () => {
    const m = await buildExampleModel();
    await m.admin.assignRole({
      membershipId: m.alice.id,
      roleSlug: 'workspace-admin',
      resource: { id: m.engineering.id },
    });
    const decision = m.fga.checkSync({
      membershipId: m.alice.id,
      permission: 'app:deploy',
      resource: { id: m.frontend.id },
    });
    expect(decision).toMatchObject({ allowed: true, reason: 'role_assignment', source: 'engine' });
    const explanation = await m.fga.explain({
      membershipId: m.alice.id,
      permission: 'app:deploy',
      resource: { id: m.frontend.id },
    });
    expect(explanation.summary).toBe(
      'allowed: role "workspace-admin" assigned on workspace "engineering" includes "app:deploy"',
    );
    expect(explanation.path.map((r) => r.externalId)).toEqual(['frontend', 'web', 'engineering', m.orgId]);
  });

  it('B: inheritance from the workspace, direct project roles, nothing sideways', async () => {
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
    const later = await m.resource('project', 'later', m.engineering.id);
    const cases: [string, string, string, boolean][] = [
      ['alice', 'project:edit', m.web.id, true],
      ['alice', 'project:edit', later.id, true],
      ['bob', 'project:edit', m.web.id, true],
      ['bob', 'project:edit', later.id, false],
      ['bob', 'workspace:view', m.engineering.id, false],
      ['alice', 'project:edit', m.sensitive.id, false],
    ];
    for (const [who, permission, id, allowed] of cases) {
      const membershipId = who === 'alice' ? m.alice.id : m.bob.id;
      expect(
        m.fga.checkSync({ membershipId, permission, resource: { id } }).allowed,
        `${who} ${permission} ${id}`,
      ).toBe(allowed);
    }
  });
});
