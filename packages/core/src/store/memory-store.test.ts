import { describe, expect, it } from 'vitest';
import { LocalAuthorizer } from '../engine/local-authorizer.js';
import type { Revision } from '../model/types.js';
import { MemoryStore } from './memory-store.js';
import type { Change } from './records.js';
import type { CommittedBatch, Store, StoreListener, StoreSnapshot } from './store.js';

const user = (id: string): Change => ({
  op: 'put',
  record: {
    kind: 'user',
    id,
    email: `${id}@x.io`,
    emailVerified: false,
    firstName: null,
    lastName: null,
    externalId: null,
    metadata: [],
    updatedAt: 0,
  },
});

describe('MemoryStore', () => {
  it('commits batches all at once, bumps the revision and notifies before commit resolves', async () => {
    const store = new MemoryStore();
    const seen: CommittedBatch[] = [];
    store.subscribe((batch) => seen.push(batch));
    const committed = store.commit([user('user_a'), user('user_b')]);
    expect(seen.map((b) => b.revision)).toEqual([1]);
    expect(await committed).toBe(1);
    await store.commit([{ op: 'delete', kind: 'user', id: 'user_a' }]);
    expect((await store.load()).records.map((r) => r.id)).toEqual(['user_b']);
  });

  it('rejects a stale expectedRevision without changing anything', async () => {
    const store = new MemoryStore();
    await store.commit([user('user_a')]);
    await expect(store.commit([user('user_b')], { expectedRevision: 0 })).rejects.toMatchObject({
      code: 'authorization_unavailable',
    });
    expect(store.revision).toBe(1);
    expect((await store.load()).records).toHaveLength(1);
  });

  it('feeds every authorizer sharing it, and a new authorizer loads its snapshot', async () => {
    const store = new MemoryStore();
    const first = new LocalAuthorizer({ store });
    const second = new LocalAuthorizer({ store });
    await first.admin.createPermission({ slug: 'doc:read', name: 'Read' });
    expect(second.hasPermission('doc:read')).toBe(true);
    const third = new LocalAuthorizer({ store });
    expect(third.revision).toBe(first.revision);
    const { data } = await third.admin.createPermission({ slug: 'doc:write', name: 'Write' });
    expect(data.id > (await first.admin.getPermission('doc:read')).id).toBe(true);
  });
});

/** A store that answers asynchronously and delivers its feed late, like a remote database. */
class SlowStore implements Store {
  readonly inner = new MemoryStore();
  readonly #listeners = new Set<StoreListener>();
  constructor() {
    this.inner.subscribe((batch) =>
      setTimeout(() => {
        for (const l of this.#listeners) l(batch);
      }, 5),
    );
  }
  async load(): Promise<StoreSnapshot> {
    return this.inner.load();
  }
  async commit(changes: readonly Change[], options?: { expectedRevision?: Revision }): Promise<Revision> {
    await new Promise((r) => setTimeout(r, 1));
    return this.inner.commit(changes, options);
  }
  subscribe(listener: StoreListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
  async close(): Promise<void> {}
}

describe('LocalAuthorizer.open over an asynchronous store', () => {
  it('seeds an empty store, applies its own writes at once and ignores the late feed', async () => {
    const store = new SlowStore();
    const fga = await LocalAuthorizer.open({ store, settings: { multipleRoles: false } });
    expect(await fga.admin.getSettings()).toMatchObject({ multipleRoles: false, defaultRoleSlug: 'member' });
    const { revision } = await fga.admin.createPermission({ slug: 'a:b', name: 'x' });
    expect(fga.revision).toBe(revision);
    expect(fga.hasPermission('a:b')).toBe(true);
    await new Promise((r) => setTimeout(r, 20));
    expect(fga.revision).toBe(revision);
    const reopened = await LocalAuthorizer.open({ store });
    expect(reopened.hasPermission('a:b')).toBe(true);
    expect(await reopened.admin.getSettings()).toMatchObject({ multipleRoles: false });
  });

  it('refuses a non-memory store in the synchronous constructor', () => {
    expect(() => new LocalAuthorizer({ store: new SlowStore() as unknown as MemoryStore })).toThrow(
      /LocalAuthorizer.open/,
    );
  });
});
