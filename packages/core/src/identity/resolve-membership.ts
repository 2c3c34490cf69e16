// Membership resolution (DESIGN §2): the membership id from the token or resolver, else looked up
// by (user, organization) through the authorizer and kept in the membership cache.
import type { Authorizer } from '../authorizer.js';
import { createMembershipCache, type MembershipCache, membershipKey } from '../cache/membership-cache.js';
import { AuthenticationError } from '../errors.js';
import type { Identity, MembershipCacheOptions } from './types.js';

/** Resolves an identity's organization membership id. */
export interface MembershipResolver {
  /** The membership id; throws `AuthenticationError('membership_unresolved')` when there is none. */
  resolve(identity: Identity, signal?: AbortSignal): Promise<string>;
  /**
   * {@link resolve} without a promise when the answer needs no lookup (the identity carries the id,
   * or the cache holds it). Optional, so hand-written resolvers stay valid; guards prefer it.
   */
  resolveNow?(identity: Identity, signal?: AbortSignal): string | Promise<string>;
  /** The cache, for invalidation after membership deletes. `undefined` when disabled. */
  readonly cache: MembershipCache | undefined;
}

/**
 * Create a membership resolver over an authorizer's `findMembership`.
 *
 * @example
 * ```ts
 * const memberships = createMembershipResolver({ authorizer, cache: { ttlMs: 60_000 } });
 * const membershipId = await memberships.resolve(identity);
 * ```
 */
export function createMembershipResolver(options: {
  readonly authorizer: Authorizer;
  readonly cache?: MembershipCacheOptions | false | undefined;
}): MembershipResolver {
  const { authorizer } = options;
  const cache = options.cache === false ? undefined : createMembershipCache(options.cache ?? {});
  // The cache keys of shared identities (a cached token's, which are frozen), built once per token
  // rather than per request; per-request identities of custom resolvers get theirs each time.
  const keys = new WeakMap<Identity, string>();
  const keyOf = (identity: Identity, userId: string, organizationId: string): string => {
    if (!Object.isFrozen(identity)) return membershipKey(userId, organizationId);
    let key = keys.get(identity);
    if (key === undefined) {
      key = membershipKey(userId, organizationId);
      keys.set(identity, key);
    }
    return key;
  };
  const resolver: MembershipResolver = {
    cache,
    resolveNow: function resolveMembershipNow(identity, signal) {
      if (identity.membershipId !== undefined) return identity.membershipId;
      const { userId, organizationId } = identity;
      if (cache !== undefined && userId !== null && organizationId !== null) {
        const known =
          cache.peekKey !== undefined
            ? cache.peekKey(keyOf(identity, userId, organizationId))
            : cache.peek?.(userId, organizationId);
        if (known !== undefined) return known;
      }
      return resolver.resolve(identity, signal);
    },
    resolve: async function resolveMembership(identity, signal) {
      if (identity.membershipId !== undefined) return identity.membershipId;
      const { userId, organizationId } = identity;
      if (userId === null || organizationId === null) {
        throw new AuthenticationError(
          'membership_unresolved',
          'The identity names no organization; sign in to an organization first.',
        );
      }
      const load = async (): Promise<string | null> => {
        const membership = await authorizer.findMembership(
          { userId, organizationId },
          signal === undefined ? undefined : { signal },
        );
        return membership?.id ?? null;
      };
      const id = cache === undefined ? await load() : await cache.get(userId, organizationId, load);
      if (id === null) {
        throw new AuthenticationError(
          'membership_unresolved',
          'No organization membership was found for this identity.',
        );
      }
      return id;
    },
  };
  return resolver;
}
