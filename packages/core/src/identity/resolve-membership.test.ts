// Membership resolution: ids from the identity, else looked up once and cached; a shared (frozen)
// identity reuses the cache's answer until the entry expires or the cache is invalidated.
import { describe, expect, it } from 'vitest';
import type { Authorizer } from '../authorizer.js';
import { createMembershipResolver } from './resolve-membership.js';
import type { Identity } from './types.js';

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

  it("never reuses a shared identity's answer after the cache entry was deleted", async () => {
    const { authorizer, lookups } = countingAuthorizer();
    const resolver = createMembershipResolver({ authorizer });
    const shared = Object.freeze(identity('u2'));
    expect(await resolver.resolveNow?.(shared)).toBe('om_u2');
    expect(resolver.resolveNow?.(shared)).toBe('om_u2');
    resolver.cache?.delete('u2', 'org_1');
    const again = resolver.resolveNow?.(shared);
    expect(again).toBeInstanceOf(Promise);
    expect(await again).toBe('om_u2');
    expect(lookups()).toBe(2);
    resolver.cache?.clear();
    expect(resolver.resolveNow?.(shared)).toBeInstanceOf(Promise);
  });

  it('looks up every time with the cache disabled', async () => {
    const { authorizer, lookups } = countingAuthorizer();
    const resolver = createMembershipResolver({ authorizer, cache: false });
    const shared = Object.freeze(identity('u3'));
    await resolver.resolveNow?.(shared);
    await resolver.resolveNow?.(shared);
    expect(lookups()).toBe(2);
  });
});
