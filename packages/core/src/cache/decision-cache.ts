// The decision cache (DESIGN §5.3): an Authorizer wrapped so repeated checks are answered from an
// LRU with TTL (shorter for denials), concurrent identical checks share one call, and writes can
// invalidate by membership, resource, organization or revision. The only lru-cache user besides
// the membership cache.
import { LRUCache } from 'lru-cache';
import type {
  Authorizer,
  AuthorizerCallOptions,
  CheckQuery,
  Decision,
  EffectivePermissionsQuery,
  FindMembershipQuery,
} from '../authorizer.js';
import { ConfigurationError } from '../errors.js';
import type { OrganizationMembership, ResourceRef, Revision } from '../model/types.js';
import { encodeKey, resourceKeyParts } from './cache-key.js';

/** Options of {@link cached}. */
export interface DecisionCacheOptions {
  /** Entries kept (default 10 000). */
  readonly max?: number | undefined;
  /** Lifetime of an allow (and of effective-permission lists), ms (default 30 000). */
  readonly ttlMs?: number | undefined;
  /** Lifetime of a denial, ms (default 5 000; at most `ttlMs`). */
  readonly negativeTtlMs?: number | undefined;
}

/** Counters for observability and tests. */
export interface DecisionCacheStats {
  readonly hits: number;
  readonly misses: number;
  readonly size: number;
}

/** An {@link Authorizer} with a decision cache in front, and the means to invalidate it. */
export interface CachedAuthorizer extends Authorizer {
  /** The wrapped authorizer. */
  readonly inner: Authorizer;
  /** Drop every entry about this membership (after its roles or assignments changed). */
  invalidateMembership(membershipId: string): void;
  /**
   * Drop every entry about this resource (both addressing forms when the cache has seen the mapping).
   * Decisions about its descendants depend on it too: after a move or an assignment change on a
   * parent, invalidate the membership or the organization instead.
   */
  invalidateResource(ref: ResourceRef): void;
  /** Drop every entry whose membership belongs, or may belong, to the organization. */
  invalidateOrganization(organizationId: string): void;
  /** Treat every entry evaluated before `revision` as stale (e.g. from a change feed). */
  invalidateRevision(revision: Revision): void;
  /** Drop everything. */
  clear(): void;
  stats(): DecisionCacheStats;
  /** Forwarded from the wrapped authorizer when it knows its model (for start-up slug checks). */
  hasPermission?(slug: string): boolean;
  hasResourceType?(slug: string): boolean;
}

/** `stamp`: the newest revision the entry is known to reflect (its decision's, or the cache's floor when it was loaded). */
type Entry =
  | { readonly kind: 'check'; readonly decision: Decision; readonly stamp: Revision }
  | { readonly kind: 'permissions'; readonly slugs: readonly string[]; readonly stamp: Revision };

interface FetchContext {
  readonly load: () => Promise<Entry>;
}

interface EntryMeta {
  readonly membershipId: string;
  readonly resourceKey: string;
}

/**
 * Wrap an authorizer with a decision cache. `check`, `checkMany` and `effectivePermissions` are
 * cached; discovery, `findMembership` and `explain` pass through. `consistency: 'fresh'` bypasses
 * the cache (and refreshes it); `{ atLeast }` uses only entries evaluated at that revision or later.
 * Answers served from the cache report `source: 'cache'`.
 *
 * @example
 * ```ts
 * const authorizer = cached(new WorkOSAuthorizer({ ... }), { ttlMs: 30_000, negativeTtlMs: 5_000 });
 * await authorizer.check({ membershipId, permission: 'project:view', resource: { type: 'project', externalId: 'web' } });
 * authorizer.invalidateMembership(membershipId); // after assignRole/removeRole
 * ```
 */
export function cached(authorizer: Authorizer, options: DecisionCacheOptions = {}): CachedAuthorizer {
  if (typeof authorizer !== 'object' || authorizer === null || typeof authorizer.check !== 'function') {
    throw new ConfigurationError(
      'invalid_configuration',
      'cached(authorizer): pass an Authorizer (e.g. a LocalAuthorizer).',
    );
  }
  const max = integerOption(options.max, 10_000, 'max');
  const ttl = integerOption(options.ttlMs, 30_000, 'ttlMs');
  const negativeTtl = Math.min(integerOption(options.negativeTtlMs, 5_000, 'negativeTtlMs'), ttl);

  const meta = new Map<string, EntryMeta>();
  const byMembership = new Map<string, Set<string>>();
  const byResource = new Map<string, Set<string>>();
  // learned from answers: membership → organization, and resource id ↔ external-id key
  const membershipOrg = new Map<string, string>();
  const resourceAliases = new Map<string, string>();
  let minRevision = 0;
  let hits = 0;
  let misses = 0;

  const cache = new LRUCache<string, Entry, FetchContext>({
    max,
    ttl,
    fetchMethod: async function fetchDecision(_key, _stale, { context, options: fetchOptions }) {
      const entry = await context.load();
      if (entry.kind === 'check' && !entry.decision.allowed) fetchOptions.ttl = negativeTtl;
      return entry;
    },
    dispose: function forgetEntry(_value, key) {
      unindex(key);
    },
  });

  function index(key: string, membershipId: string, resource: ResourceRef): void {
    const resourceKey = encodeKey(resourceKeyParts(resource));
    meta.set(key, { membershipId, resourceKey });
    addTo(byMembership, membershipId, key);
    addTo(byResource, resourceKey, key);
  }

  function unindex(key: string): void {
    const m = meta.get(key);
    if (m === undefined) return;
    meta.delete(key);
    removeFrom(byMembership, m.membershipId, key);
    removeFrom(byResource, m.resourceKey, key);
  }

  function usable(entry: Entry, call: AuthorizerCallOptions | undefined): boolean {
    const revision = entry.stamp;
    if (revision < minRevision) return false;
    const consistency = call?.consistency;
    if (typeof consistency === 'object' && revision < consistency.atLeast) return false;
    return true;
  }

  async function through(
    key: string,
    membershipId: string,
    resource: ResourceRef,
    call: AuthorizerCallOptions | undefined,
    load: () => Promise<Entry>,
  ): Promise<{ entry: Entry; fromCache: boolean }> {
    const consistency = call?.consistency;
    let forceRefresh = consistency === 'fresh';
    if (!forceRefresh) {
      const current = cache.get(key);
      if (current !== undefined && !usable(current, call)) forceRefresh = true;
    }
    const status: LRUCache.Status<string, Entry, FetchContext> = {};
    const entry = await cache.fetch(key, { context: { load }, forceRefresh, status });
    if (entry === undefined) throw new Error('decision cache: fetch resolved without a value');
    index(key, membershipId, resource);
    const fromCache = status.fetch === 'hit' || status.fetch === 'inflight';
    if (fromCache) hits += 1;
    else misses += 1;
    return { entry, fromCache };
  }

  function innerOptions(call: AuthorizerCallOptions | undefined): AuthorizerCallOptions | undefined {
    // the shared fetch must not be aborted by one caller's signal
    if (call === undefined) return undefined;
    return call.consistency === undefined ? {} : { consistency: call.consistency };
  }

  async function check(query: CheckQuery, call?: AuthorizerCallOptions): Promise<Decision> {
    const key = encodeKey([
      'check',
      query.membershipId,
      query.permission,
      ...resourceKeyParts(query.resource),
    ]);
    const { entry, fromCache } = await through(key, query.membershipId, query.resource, call, async () => {
      const floor = minRevision;
      const decision = await authorizer.check(query, innerOptions(call));
      return { kind: 'check', decision, stamp: Math.max(decision.revision, floor) };
    });
    if (entry.kind !== 'check') throw new Error('decision cache: key collision');
    return fromCache ? { ...entry.decision, source: 'cache' } : entry.decision;
  }

  const wrapper: CachedAuthorizer = {
    inner: authorizer,
    check: function cachedCheck(query, call) {
      return check(query, call);
    },
    checkMany: function cachedCheckMany(queries, call) {
      return Promise.all(queries.map((query) => check(query, call)));
    },
    effectivePermissions: async function cachedEffectivePermissions(
      query: EffectivePermissionsQuery,
      call?: AuthorizerCallOptions,
    ) {
      const key = encodeKey(['permissions', query.membershipId, ...resourceKeyParts(query.resource)]);
      const { entry } = await through(key, query.membershipId, query.resource, call, async () => {
        const floor = minRevision;
        const slugs = await authorizer.effectivePermissions(query, innerOptions(call));
        return { kind: 'permissions', slugs, stamp: floor };
      });
      if (entry.kind !== 'permissions') throw new Error('decision cache: key collision');
      return [...entry.slugs];
    },
    listResources: async function cachedListResources(query, call) {
      const page = await authorizer.listResources(query, call);
      for (const resource of page.data) {
        learnResource(resource.id, resource.resourceTypeSlug, resource.externalId);
        membershipOrg.set(query.membershipId, resource.organizationId);
      }
      return page;
    },
    listMemberships: async function cachedListMemberships(query, call) {
      const page = await authorizer.listMemberships(query, call);
      for (const membership of page.data) learnMembership(membership);
      return page;
    },
    findMembership: async function cachedFindMembership(
      query: FindMembershipQuery,
      call?: AuthorizerCallOptions,
    ) {
      const membership = await authorizer.findMembership(query, call);
      if (membership !== null) learnMembership(membership);
      return membership;
    },
    explain: function cachedExplain(query, call) {
      return authorizer.explain(query, call);
    },
    invalidateMembership: function invalidateMembership(membershipId) {
      deleteAll(byMembership.get(membershipId));
    },
    invalidateResource: function invalidateResource(ref) {
      const key = encodeKey(resourceKeyParts(ref));
      deleteAll(byResource.get(key));
      const alias = resourceAliases.get(key);
      if (alias !== undefined) deleteAll(byResource.get(alias));
    },
    invalidateOrganization: function invalidateOrganization(organizationId) {
      const orgResource = encodeKey(resourceKeyParts({ type: 'organization', externalId: organizationId }));
      for (const [key, m] of [...meta]) {
        const org = membershipOrg.get(m.membershipId);
        if (org === undefined || org === organizationId || m.resourceKey === orgResource) cache.delete(key);
      }
    },
    invalidateRevision: function invalidateRevision(revision) {
      if (revision > minRevision) minRevision = revision;
    },
    clear: function clearDecisions() {
      cache.clear();
    },
    stats: function decisionCacheStats() {
      return { hits, misses, size: cache.size };
    },
  };

  const model = authorizer as { hasPermission?: unknown; hasResourceType?: unknown };
  if (typeof model.hasPermission === 'function') {
    const hasPermission = model.hasPermission as (slug: string) => boolean;
    wrapper.hasPermission = (slug) => hasPermission.call(authorizer, slug);
  }
  if (typeof model.hasResourceType === 'function') {
    const hasResourceType = model.hasResourceType as (slug: string) => boolean;
    wrapper.hasResourceType = (slug) => hasResourceType.call(authorizer, slug);
  }
  return wrapper;

  function learnMembership(membership: OrganizationMembership): void {
    membershipOrg.set(membership.id, membership.organizationId);
  }

  function learnResource(id: string, type: string, externalId: string): void {
    const byId = encodeKey(['id', id]);
    const byExternal = encodeKey(['ext', type, externalId]);
    resourceAliases.set(byId, byExternal);
    resourceAliases.set(byExternal, byId);
  }

  function deleteAll(keys: Set<string> | undefined): void {
    if (keys === undefined) return;
    for (const key of [...keys]) cache.delete(key);
  }
}

function addTo(index: Map<string, Set<string>>, group: string, key: string): void {
  let keys = index.get(group);
  if (keys === undefined) {
    keys = new Set();
    index.set(group, keys);
  }
  keys.add(key);
}

function removeFrom(index: Map<string, Set<string>>, group: string, key: string): void {
  const keys = index.get(group);
  if (keys === undefined) return;
  keys.delete(key);
  if (keys.size === 0) index.delete(group);
}

function integerOption(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value <= 0) {
    throw new ConfigurationError(
      'invalid_configuration',
      `cached(authorizer, options): \`${name}\` must be a positive integer.`,
    );
  }
  return value;
}
