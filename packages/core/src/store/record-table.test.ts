// RecordTable and MemoryStore against a plain id-keyed Map (the store's former representation):
// random puts (in and out of id order), replacements, deletes (also of unknown ids and under the
// wrong kind) and compactions must leave exactly the same records.
import { describe, expect, it } from 'vitest';
import { MemoryStore } from './memory-store.js';
import { RecordTable } from './record-table.js';
import type { Change, RecordKind, StoreRecord } from './records.js';

function user(id: string, name: string): StoreRecord {
  return {
    kind: 'user',
    id,
    email: `${name}@x.io`,
    emailVerified: false,
    firstName: null,
    lastName: null,
    externalId: null,
    metadata: [],
    updatedAt: 0,
  };
}

function assignment(id: string): StoreRecord {
  return { kind: 'role_assignment', id, membershipId: 'm', roleId: 'r', resourceId: 'x' };
}

/** Deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sortedById = (records: readonly StoreRecord[]) =>
  [...records].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

describe('RecordTable', () => {
  it('matches a Map under random appends, out-of-order inserts, replacements and deletes', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const random = prng(seed);
      const table = new RecordTable();
      const reference = new Map<string, StoreRecord>();
      let next = 100_000;
      for (let step = 0; step < 4000; step++) {
        const roll = random();
        const existing = [...reference.keys()];
        if (roll < 0.45) {
          const id = `u_${String(next++)}`; // increasing: the append path
          expect(table.put(user(id, 'a'))).toBe(true);
          reference.set(id, user(id, 'a'));
        } else if (roll < 0.55) {
          const id = `u_${String(Math.floor(random() * next))}`; // anywhere: insert, revive or replace
          expect(table.put(user(id, `b${step}`))).toBe(!reference.has(id));
          reference.set(id, user(id, `b${step}`));
        } else {
          const id =
            existing.length > 0 && random() < 0.9
              ? (existing[Math.floor(random() * existing.length)] as string)
              : `u_${String(Math.floor(random() * next))}`;
          expect(table.delete(id)).toBe(reference.delete(id));
        }
        if (step % 97 === 0) {
          const out: StoreRecord[] = [];
          table.collect(out);
          expect(out).toEqual(sortedById([...reference.values()]));
          expect(table.size).toBe(reference.size);
        }
      }
      for (const id of reference.keys()) expect(table.has(id)).toBe(true);
    }
  });
});

describe('MemoryStore record semantics', () => {
  it('keeps one record per id across kinds, as an id-keyed map would', async () => {
    const store = new MemoryStore();
    const changes: Change[] = [
      { op: 'put', record: user('x_1', 'a') },
      { op: 'put', record: assignment('x_2') },
      { op: 'put', record: assignment('x_1') }, // same id, other kind: replaces the user
      { op: 'put', record: user('x_3', 'c') },
    ];
    await store.commit(changes);
    expect((await store.load()).records.map((r) => [r.kind, r.id])).toEqual([
      ['user', 'x_3'],
      ['role_assignment', 'x_1'],
      ['role_assignment', 'x_2'],
    ]);
    // A delete finds its id even under another kind tag.
    const wrongKind: RecordKind = 'user';
    await store.commit([{ op: 'delete', kind: wrongKind, id: 'x_2' }]);
    await store.commit([{ op: 'delete', kind: 'resource', id: 'missing' }]);
    expect((await store.load()).records.map((r) => r.id).sort()).toEqual(['x_1', 'x_3']);
    expect(store.revision).toBe(3);
  });
});
