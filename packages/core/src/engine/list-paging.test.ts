// Paging listResources / listMemberships with cursors (answers are cached per query and revision):
// every walk, in every order and direction, must return exactly the one-shot computation, and a
// write between pages must show up on the next page.
import { describe, expect, it } from 'vitest';
import type { ListOrder, Page, PageOptions } from '../model/types.js';
import { buildExampleModel } from './test-model.js';

type Fetch = (page: PageOptions) => Promise<Page<{ readonly id: string }>>;

/** The ids of every page, walking from the first page in the "next" direction of `order`. */
async function walk(fetch: Fetch, order: ListOrder, limit: number): Promise<string[][]> {
  const pages: string[][] = [];
  let cursor: string | null = null;
  do {
    const page: Page<{ readonly id: string }> = await fetch({
      limit,
      order,
      ...(cursor === null ? {} : order === 'normal' ? { before: cursor } : { after: cursor }),
    });
    pages.push(page.data.map((x) => x.id));
    cursor = order === 'normal' ? page.listMetadata.before : page.listMetadata.after;
  } while (cursor !== null);
  return pages;
}

/** Walks back from the last page with the opposite cursor; returns the pages in forward order. */
async function walkBack(fetch: Fetch, order: ListOrder, limit: number, forward: string[][]) {
  const last = forward[forward.length - 1] as string[];
  const pages: string[][] = [last];
  let cursor: string | null = last[0] ?? null;
  while (cursor !== null && pages.length < forward.length) {
    const page: Page<{ readonly id: string }> = await fetch({
      limit,
      order,
      ...(order === 'normal' ? { after: cursor } : { before: cursor }),
    });
    pages.unshift(page.data.map((x) => x.id));
    cursor = page.data[0]?.id ?? null;
  }
  return pages;
}

async function bigModel() {
  const m = await buildExampleModel();
  const projects: string[] = [];
  for (let i = 0; i < 230; i++) projects.push((await m.resource('project', `p${i}`, m.engineering.id)).id);
  // alice: granted at the workspace (every project below it); bob: on every third project only.
  await m.admin.assignRole({
    membershipId: m.alice.id,
    roleSlug: 'workspace-member',
    resource: { id: m.engineering.id },
  });
  for (let i = 0; i < projects.length; i += 3) {
    await m.admin.assignRole({
      membershipId: m.bob.id,
      roleSlug: 'project-viewer',
      resource: { id: projects[i] as string },
    });
  }
  return { ...m, projects };
}

describe('paging discovery answers', () => {
  it('listResources: every order and direction reproduces the one-shot answer', async () => {
    const m = await bigModel();
    const root = { type: 'organization', externalId: m.orgId };
    for (const [membershipId, parent] of [
      [m.alice.id, { id: m.engineering.id }],
      [m.alice.id, root],
      [m.bob.id, root],
    ] as const) {
      const fetch: Fetch = (page) =>
        m.fga.listResources({ membershipId, permission: 'project:view', parent, page });
      // One computation of everything: a fresh authorizer has no cached answer to reuse.
      const all: string[] = [];
      for (const page of await walk(fetch, 'asc', 100)) all.push(...page);
      expect(all.length).toBeGreaterThan(70);
      expect(new Set(all).size).toBe(all.length);
      expect([...all].sort()).toEqual(all);
      for (const order of ['asc', 'desc', 'normal'] as const) {
        for (const limit of [1, 7, 100]) {
          const forward = await walk(fetch, order, limit);
          const expected = order === 'asc' ? all : [...all].reverse();
          expect(forward.flat()).toEqual(expected);
          expect(forward.every((p, i) => p.length === limit || i === forward.length - 1)).toBe(true);
          if (limit !== 1) expect(await walkBack(fetch, order, limit, forward)).toEqual(forward);
        }
      }
    }
  });

  it('listResources: a write between pages is reflected on the next page (new revision)', async () => {
    const m = await bigModel();
    const fetch: Fetch = (page) =>
      m.fga.listResources({
        membershipId: m.alice.id,
        permission: 'project:view',
        parent: { id: m.engineering.id },
        page,
      });
    const ids = [m.web.id, ...m.projects]; // 'web' is the example model's project under engineering
    const first = await fetch({ order: 'asc', limit: 50 });
    expect(first.data.map((r) => r.id)).toEqual(ids.slice(0, 50));
    const cursor = first.listMetadata.after as string;
    // Delete a project the next page would show, and add a new one (it sorts last).
    await m.admin.deleteResource({ id: ids[60] as string });
    const added = await m.resource('project', 'added', m.engineering.id);
    const rest: string[] = [];
    let after: string | null = cursor;
    while (after !== null) {
      const page = await fetch({ order: 'asc', limit: 50, after });
      rest.push(...page.data.map((r) => r.id));
      after = page.listMetadata.after;
    }
    expect(rest).toEqual([...ids.slice(50, 60), ...ids.slice(61), added.id]);
    // Revoking the grant empties the answer on the very next call.
    const [assignment] = (await m.admin.listRoleAssignments({ membershipId: m.alice.id })).data;
    await m.admin.removeRoleAssignment({
      membershipId: m.alice.id,
      roleAssignmentId: (assignment as { id: string }).id,
    });
    expect((await fetch({ order: 'asc', limit: 50, after: cursor })).data).toEqual([]);
  });

  it('listMemberships: paging reproduces the one-shot answer and sees writes', async () => {
    const m = await bigModel();
    const members: string[] = [m.alice.id, m.bob.id];
    for (let i = 0; i < 120; i++) members.push((await m.member(`u${i}@acme.test`)).id);
    await m.admin.addEnvironmentRolePermission('org-member', 'project:view');
    for (const assignment of ['direct', 'indirect'] as const) {
      const fetch: Fetch = (page) =>
        m.fga.listMemberships({
          resource: { id: m.projects[0] as string },
          permission: 'project:view',
          assignment,
          page,
        });
      const all = (await walk(fetch, 'asc', 100)).flat();
      expect(all).toEqual(assignment === 'direct' ? [m.bob.id] : members);
      for (const order of ['asc', 'desc', 'normal'] as const) {
        const forward = await walk(fetch, order, 9);
        expect(forward.flat()).toEqual(order === 'asc' ? all : [...all].reverse());
        if (forward.length > 1) expect(await walkBack(fetch, order, 9, forward)).toEqual(forward);
      }
    }
    const fetch: Fetch = (page) =>
      m.fga.listMemberships({
        resource: { id: m.projects[0] as string },
        permission: 'project:view',
        assignment: 'indirect',
        page,
      });
    const first = await fetch({ order: 'asc', limit: 10 });
    await m.admin.deactivateOrganizationMembership(members[15] as string);
    const second = await fetch({ order: 'asc', limit: 10, after: first.listMetadata.after as string });
    expect(second.data.map((x) => x.id)).toEqual([...members.slice(10, 15), ...members.slice(16, 21)]);
  });
});
