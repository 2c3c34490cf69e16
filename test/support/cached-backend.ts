// A decision cache in front of an authorizer, kept honest the way a change feed would: every admin
// write that returns a revision invalidates the cache up to that revision.
import { type Admin, type CachedAuthorizer, cached } from '@fgakit/core';

/** `admin` with every write also calling `cache.invalidateRevision(revision)`. */
export function invalidatingAdmin(admin: Admin, cache: CachedAuthorizer): Admin {
  return new Proxy(admin, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return async function invalidateAfterWrite(...args: unknown[]): Promise<unknown> {
        const result: unknown = await value.apply(target, args);
        const revision = (result as { revision?: unknown } | null)?.revision;
        if (typeof revision === 'number') cache.invalidateRevision(revision);
        return result;
      };
    },
  });
}

/** A long-lived cache, so only invalidation (never expiry) keeps answers fresh. */
export function longLivedCache(authorizer: Parameters<typeof cached>[0]): CachedAuthorizer {
  return cached(authorizer, { ttlMs: 3_600_000, negativeTtlMs: 3_600_000 });
}
