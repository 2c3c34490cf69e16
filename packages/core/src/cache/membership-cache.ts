// The membership cache (DESIGN §5.4): (user, organization) → organization membership id, bounded
// LRU with TTL and in-flight de-duplication. Only found ids are cached, so a new member works at once.
import { LRUCache } from 'lru-cache';
import { ConfigurationError } from '../errors.js';
import type { MembershipCacheOptions } from '../identity/types.js';
import { encodeKey } from './cache-key.js';

type Loader = () => Promise<string | null>;

/** A (user, organization) → membership id cache. */
export interface MembershipCache {
  /** The cached id, or `load()`'s answer (cached when not `null`); concurrent misses share one load. */
  get(userId: string, organizationId: string, load: Loader): Promise<string | null>;
  /**
   * The cached id without loading (and without a promise), or `undefined`. Optional so existing
   * implementations stay valid.
   */
  peek?(userId: string, organizationId: string): string | undefined;
  /**
   * @internal {@link peek} by a key made with {@link membershipKey} (callers may keep it), with the
   * `Date.now()` at which the entry expires.
   */
  peekEntry?(key: string): { readonly id: string; readonly until: number } | undefined;
  /** @internal Incremented by every {@link delete} and {@link clear}: answers kept outside are stale. */
  readonly generation?: number;
  /** Forget one pair (e.g. after the membership was deleted). */
  delete(userId: string, organizationId: string): void;
  clear(): void;
}

/**
 * Create a membership cache.
 *
 * @example
 * ```ts
 * const memberships = createMembershipCache({ max: 10_000, ttlMs: 300_000 });
 * const id = await memberships.get(userId, orgId, async () => (await authorizer.findMembership({ userId, organizationId: orgId }))?.id ?? null);
 * ```
 */
export function createMembershipCache(options: MembershipCacheOptions = {}): MembershipCache {
  const max = options.max ?? 10_000;
  const ttl = options.ttlMs ?? 300_000;
  if (!Number.isInteger(max) || max <= 0) {
    throw new ConfigurationError('invalid_configuration', 'membershipCache.max must be a positive integer.');
  }
  if (!Number.isInteger(ttl) || ttl <= 0) {
    throw new ConfigurationError(
      'invalid_configuration',
      'membershipCache.ttlMs must be a positive integer (ms).',
    );
  }
  const cache = new LRUCache<string, string, Loader>({
    max,
    ttl,
    // read the clock on each lookup: lru-cache's default (1 ms) caches it behind a timer that a busy
    // server re-arms every millisecond, which costs more than the clock read
    ttlResolution: 0,
    // the wall clock, as `peekEntry`'s `until` and the token checks use: one clock for every expiry
    perf: Date,
    fetchMethod: async function loadMembershipId(_key, _stale, { context }) {
      const id = await context();
      return id ?? undefined;
    },
  });
  // `generation` is a data property, not a getter: it is read on every request of a warm token
  const api: MembershipCache & { generation: number } = {
    get: async function getMembershipId(userId, organizationId, load) {
      const id = await cache.fetch(membershipKey(userId, organizationId), { context: load });
      return id ?? null;
    },
    peek: function peekMembershipId(userId, organizationId) {
      return cache.get(membershipKey(userId, organizationId));
    },
    peekEntry: function peekMembershipEntry(key) {
      // `get`, not lru-cache's `peek`: a hit counts as use for LRU order, and stale entries are dropped
      const id = cache.get(key);
      return id === undefined ? undefined : { id, until: Date.now() + cache.getRemainingTTL(key) };
    },
    generation: 0,
    delete: function deleteMembershipId(userId, organizationId) {
      api.generation += 1;
      cache.delete(membershipKey(userId, organizationId));
    },
    clear: function clearMembershipIds() {
      api.generation += 1;
      cache.clear();
    },
  };
  return api;
}

/**
 * @internal The cache key of (user, organization): length-prefixed, so no pair of ids collides.
 *
 * @example
 * ```ts
 * cache.peekEntry?.(membershipKey('user_1', 'org_1'))?.id;
 * ```
 */
export function membershipKey(userId: string, organizationId: string): string {
  return encodeKey([userId, organizationId]);
}
