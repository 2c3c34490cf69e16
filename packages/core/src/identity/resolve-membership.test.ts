// Membership resolution: ids from the identity, else looked up once and cached; a shared (frozen)
// identity reuses the cache's answer until the entry expires or the cache is invalidated, without a
// clock read when the answer outlives the identity (a cached token's VALID_UNTIL).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Authorizer } from '../authorizer.js';
import { addMemoCell, memoCellOf } from './memo-cell.js';
import { createMembershipResolver } from './resolve-membership.js';
import type { Identity } from './types.js';
import { VALID_UNTIL } from './valid-until.js';

/** An authorizer that only answers `findMembership`, counting the calls. */
function countingAuthorizer(): { authorizer: Authorizer; lookups: () => number } {
  let lookups = 0;
  const authorizer = {
    findMembership: async ({ userId }: { userId: string }) => {
      lookups += 1;
      return { id: `om_${userId}` };
    },
  } as unknown as Authorizer;
  return { authorizer, lookups: () => lookups };
}

const identity = (userId: string): Identity => ({
  userId,
  organizationId: 'org_1',
  claims: {},
  source: 'test',
});

/** A frozen identity as the bearer and cookie resolvers stamp it, with a memo cell. */
const stamped = (userId: string): Identity => {
  const value = identity(userId);
  addMemoCell(value);
  return Object.freeze(value);
};

describe('createMembershipResolver', () => {
  it('answers at once from the identity, without a lookup', () => {
    const { authorizer, lookups } = countingAuthorizer();
    const resolver = createMembershipResolver({ authorizer });
    expect(resolver.resolveNow?.({ ...identity('u1'), membershipId: 'om_x' })).toBe('om_x');
    expect(lookups()).toBe(0);
  });

  it('looks a (user, organization) up once, then answers from the cache without a promise', async () => {
    const { authorizer, lookups } = countingAuthorizer();
    const resolver = createMembershipResolver({ authorizer });
    expect(await resolver.resolveNow?.(identity('u1'))).toBe('om_u1');
    // a new identity object per request (a custom resolver's), and a shared frozen one (a cached token's)
    expect(resolver.resolveNow?.(identity('u1'))).toBe('om_u1');
    const shared = Object.freeze(identity('u1'));
    expect(resolver.resolveNow?.(shared)).toBe('om_u1');
    expect(resolver.resolveNow?.(shared)).toBe('om_u1');
    expect(lookups()).toBe(1);
  });

  // a frozen identity keeps its memo in the WeakMap; one stamped by a token resolver, in its memo cell
  for (const [kind, shared] of [
    ['frozen', () => Object.freeze(identity('u2'))],
    ['stamped with a memo cell', () => stamped('u2')],
  ] as const) {
    it(`never reuses a shared identity's answer after the cache entry was deleted (${kind})`, async () => {
      const { authorizer, lookups } = countingAuthorizer();
      const resolver = createMembershipResolver({ authorizer });
      const one = shared();
      expect(await resolver.resolveNow?.(one)).toBe('om_u2');
      expect(resolver.resolveNow?.(one)).toBe('om_u2');
      resolver.cache?.delete('u2', 'org_1');
      const again = resolver.resolveNow?.(one);
      expect(again).toBeInstanceOf(Promise);
      expect(await again).toBe('om_u2');
      expect(lookups()).toBe(2);
      resolver.cache?.clear();
      expect(resolver.resolveNow?.(one)).toBeInstanceOf(Promise);
    });
  }

  it('looks up every time with the cache disabled', async () => {
    const { authorizer, lookups } = countingAuthorizer();
    const resolver = createMembershipResolver({ authorizer, cache: false });
    const shared = Object.freeze(identity('u3'));
    await resolver.resolveNow?.(shared);
    await resolver.resolveNow?.(shared);
    expect(lookups()).toBe(2);
  });
});

describe('a cached token identity (VALID_UNTIL)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.useRealTimers();
  });

  /** A frozen identity as a token resolver stamps it: handed out only before `seconds` from now. */
  const tokenIdentity = (userId: string, seconds: number): Identity => {
    const value = identity(userId);
    Object.defineProperty(value, VALID_UNTIL, { value: Date.now() + seconds * 1000 });
    return Object.freeze(value);
  };

  it('reuses the answer without reading the clock when it outlives the identity', async () => {
    const { authorizer, lookups } = countingAuthorizer();
    const resolver = createMembershipResolver({ authorizer, cache: { ttlMs: 600_000 } });
    const shared = tokenIdentity('u4', 300);
    expect(await resolver.resolveNow?.(shared)).toBe('om_u4');
    expect(resolver.resolveNow?.(shared)).toBe('om_u4');
    const clock = vi.spyOn(Date, 'now');
    expect(resolver.resolveNow?.(shared)).toBe('om_u4');
    expect(clock).not.toHaveBeenCalled();
    // the cache's generation still wins: a deleted membership is looked up again
    expect(lookups()).toBe(1);
    resolver.cache?.delete('u4', 'org_1');
    const again = resolver.resolveNow?.(shared);
    expect(again).toBeInstanceOf(Promise);
    expect(await again).toBe('om_u4');
    expect(lookups()).toBe(2);
  });

  it('stops reusing the answer when the membership entry expires before the identity', async () => {
    const { authorizer, lookups } = countingAuthorizer();
    const resolver = createMembershipResolver({ authorizer, cache: { ttlMs: 60_000 } });
    const shared = tokenIdentity('u5', 300);
    expect(await resolver.resolveNow?.(shared)).toBe('om_u5');
    vi.setSystemTime(Date.now() + 59_000);
    expect(resolver.resolveNow?.(shared)).toBe('om_u5');
    vi.setSystemTime(Date.now() + 2_000);
    const again = resolver.resolveNow?.(shared);
    expect(again).toBeInstanceOf(Promise);
    expect(await again).toBe('om_u5');
    expect(lookups()).toBe(2);
  });
});

describe('a token identity with a memo cell (as the bearer and cookie resolvers stamp it)', () => {
  it("keeps the first resolver's memo in the cell and any other's apart, each with its own answer", async () => {
    const first = countingAuthorizer();
    const other = {
      findMembership: async ({ userId }: { userId: string }) => ({ id: `other_${userId}` }),
    } as unknown as Authorizer;
    const a = createMembershipResolver({ authorizer: first.authorizer });
    const b = createMembershipResolver({ authorizer: other });
    const shared = stamped('u6');
    expect(await a.resolveNow?.(shared)).toBe('om_u6');
    expect(memoCellOf(shared)?.owner).toBeDefined();
    expect(await b.resolveNow?.(shared)).toBe('other_u6');
    for (let i = 0; i < 3; i++) {
      expect(a.resolveNow?.(shared)).toBe('om_u6');
      expect(b.resolveNow?.(shared)).toBe('other_u6');
    }
    expect(first.lookups()).toBe(1);
  });
});
