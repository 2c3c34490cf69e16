// Membership resolution (DESIGN §2): the membership id from the token or resolver, else looked up
// by (user, organization) through the authorizer and kept in the membership cache.
import type { Authorizer } from '../authorizer.js';
import { createMembershipCache, type MembershipCache, membershipKey } from '../cache/membership-cache.js';
import { AuthenticationError } from '../errors.js';
import { memoCellOf } from './memo-cell.js';
import type { Identity, MembershipCacheOptions } from './types.js';
import { validUntil } from './valid-until.js';

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
  // Shared identities (a cached token's, which are frozen) → what the cache answered for them, so a
  // request presenting a warm token skips building the cache key and the LRU bookkeeping. An answer
  // is reused only while the cache would give the same one: before its entry's expiry, and with no
  // delete or clear since (the cache's generation). Per-request identities (custom resolvers) ask the
  // cache each time. The memo rides in the identity's memo cell when this resolver is the first to
  // claim it (see memo-cell.ts), else in this WeakMap, whose object also names this resolver.
  const remembered = new WeakMap<Identity, Remembered>();
  const peekShared = (identity: Identity, userId: string, organizationId: string): string | undefined => {
    if (cache?.peekEntry === undefined) return cache?.peek?.(userId, organizationId);
    // the memo first: a hit is the common case, and `Object.isFrozen` is a runtime call
    const cell = memoCellOf(identity);
    let memo =
      cell !== undefined && cell.owner === remembered ? (cell.value as Remembered) : remembered.get(identity);
    if (memo === undefined) {
      if (!Object.isFrozen(identity)) return cache.peek?.(userId, organizationId);
      memo = {
        key: membershipKey(userId, organizationId),
        id: undefined,
        generation: -1,
        until: 0,
        covered: false,
      };
      if (cell !== undefined && cell.owner === undefined) {
        cell.owner = remembered;
        cell.value = memo;
      } else remembered.set(identity, memo);
    }
    const generation = cache.generation ?? 0;
    // A cached token's identity is handed out only before its VALID_UNTIL (the verifier checks the
    // clock for that), so an answer valid at least as long needs no clock read of its own.
    if (memo.id !== undefined && memo.generation === generation && (memo.covered || Date.now() < memo.until))
      return memo.id;
    const entry = cache.peekEntry(memo.key);
    memo.id = entry?.id;
    memo.generation = generation;
    memo.until = entry?.until ?? 0;
    const identityUntil = validUntil(identity);
    memo.covered = identityUntil !== undefined && identityUntil <= memo.until;
    return entry?.id;
  };
  const resolver: MembershipResolver = {
    cache,
    resolveNow: function resolveMembershipNow(identity, signal) {
      if (identity.membershipId !== undefined) return identity.membershipId;
      const { userId, organizationId } = identity;
      if (cache !== undefined && userId !== null && organizationId !== null) {
        const known = peekShared(identity, userId, organizationId);
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

/** A shared identity's last answer from the membership cache (see `peekShared`). */
interface Remembered {
  readonly key: string;
  id: string | undefined;
  generation: number;
  /** `Date.now()` from which the answer is not reused (the cache entry's expiry). */
  until: number;
  /**
   * Whether the identity's VALID_UNTIL is no later than `until`: then, while the identity is handed
   * out, the answer has not expired, and no clock read is needed.
   */
  covered: boolean;
}
