// The verified-token cache: exact token string → what its verification produced, so a client that
// sends the same access token on every request pays one signature verification (RS256 via jose costs
// ~120-180 µs) instead of one per request. Bounded LRU; the only importer of lru-cache besides the
// membership cache. Time checks (`exp`, `nbf`, max age) are made by the verifier on every hit.
//
// lru-cache decides what is evicted; hits are answered from a plain Map index of the same entries,
// kept in step by lru-cache's `dispose`, and tell lru-cache about the use at most once a second per
// token. A hit through lru-cache's `get` measured ~0.6 µs more than a `Map` lookup on a busy Koa
// server (bench: the guard timed in place), on a path every request of a warm token takes.
import { LRUCache } from 'lru-cache';
import { ConfigurationError } from '../errors.js';
import type { TokenCacheOptions } from '../identity/types.js';

/** One verified token: its result, its time claims (seconds) and when the entry stops being used (ms). */
export interface CachedToken<V> {
  /** The exact token string; a lookup only hits when the whole string is equal. */
  readonly token: string;
  readonly value: V;
  readonly exp: number;
  readonly nbf: number | undefined;
  /** `Date.now()` at or after which the entry is dropped and the token verified again. */
  readonly until: number;
  /** `Date.now()` when lru-cache was last told of a use (see {@link RECENCY_MS}). */
  touched: number;
  /**
   * The last framed form (e.g. a whole `Bearer <token>` header value) that matched the token, kept so
   * the next identical header compares as one flat string: comparing the ~1 KB token against a slice
   * of the header costs V8 a runtime call, comparing two flat strings does not.
   */
  framed: string | undefined;
}

/** A bounded token → verified-result map. */
export interface TokenCache<V> {
  /** The entry of exactly `token`; `nowMs` is the caller's `Date.now()` (it times the use). */
  get(token: string, nowMs: number): CachedToken<V> | undefined;
  /**
   * {@link get} for a token framed by a prefix the caller has already checked (`value` is the prefix
   * followed by the token, e.g. `Bearer <token>`): a hit only when `value` minus its first
   * `prefixLength` characters is exactly the cached token.
   */
  getFramed(value: string, prefixLength: number, nowMs: number): CachedToken<V> | undefined;
  /**
   * Remember a token that verified now; `exp`/`nbf` are the token's claims in seconds. Returns the
   * entry's `until`: the entry is never handed out at or after it.
   */
  set(token: string, value: V, exp: number, nbf: number | undefined, clockToleranceSeconds: number): number;
  delete(token: string): void;
  readonly size: number;
}

export const DEFAULT_TOKEN_CACHE_MAX = 10_000;
export const DEFAULT_TOKEN_CACHE_MAX_AGE_SECONDS = 300;

/**
 * Create a verified-token cache (used by `createTokenVerifier`). Throws `ConfigurationError` on
 * bad options.
 *
 * @example
 * ```ts
 * const cache = createTokenCache<TokenVerification>({ max: 1_000 });
 * cache.set(token, result, payload.exp, payload.nbf, 5);
 * cache.get(token, Date.now())?.value;
 * ```
 */
export function createTokenCache<V extends object>(options: TokenCacheOptions = {}): TokenCache<V> {
  if (typeof options !== 'object' || options === null) {
    throw config('`tokenCache` must be false or { max?, maxAgeSeconds? }.');
  }
  const max = options.max ?? DEFAULT_TOKEN_CACHE_MAX;
  const maxAgeSeconds = options.maxAgeSeconds ?? DEFAULT_TOKEN_CACHE_MAX_AGE_SECONDS;
  if (typeof max !== 'number' || !Number.isInteger(max) || max <= 0) {
    throw config('`tokenCache.max` must be a positive integer.');
  }
  if (typeof maxAgeSeconds !== 'number' || !Number.isFinite(maxAgeSeconds) || maxAgeSeconds <= 0) {
    throw config('`tokenCache.maxAgeSeconds` must be a positive number of seconds.');
  }
  const maxAgeMs = maxAgeSeconds * 1000;
  // No lru-cache `ttl`: lifetimes are checked against `Date.now()` on every hit (the same clock jose
  // uses), which keeps expiry exact and testable with a fake clock; `max` alone bounds memory.
  const index = new Map<number, CachedToken<V>>();
  const cache = new LRUCache<number, CachedToken<V>>({
    max,
    // every way out of lru-cache (eviction, delete, overwrite) leaves the index too
    dispose: (entry, key) => {
      if (index.get(key) === entry) index.delete(key);
    },
  });
  const used = (key: number, entry: CachedToken<V>, nowMs: number): CachedToken<V> => {
    if (nowMs - entry.touched >= RECENCY_MS) {
      entry.touched = nowMs;
      cache.get(key); // moves it to the most recently used end
    }
    return entry;
  };
  return {
    get: (token, nowMs) => {
      const key = mapKey(token);
      const entry = index.get(key);
      return entry !== undefined && entry.token === token ? used(key, entry, nowMs) : undefined;
    },
    getFramed: (value, prefixLength, nowMs) => {
      // the token is the value's tail, so both share the key (the last characters)
      const key = mapKey(value);
      const entry = index.get(key);
      if (entry === undefined) return undefined;
      if (entry.framed !== value) {
        if (value.length - prefixLength !== entry.token.length || value.slice(prefixLength) !== entry.token)
          return undefined;
        entry.framed = value;
      }
      return used(key, entry, nowMs);
    },
    set: (token, value, exp, nbf, clockToleranceSeconds) => {
      const now = Date.now();
      // past exp + tolerance a fresh verification fails anyway, so the entry is useless after it
      const until = Math.min(now + maxAgeMs, (exp + clockToleranceSeconds) * 1000);
      const key = mapKey(token);
      const entry: CachedToken<V> = { token, value, exp, nbf, until, touched: now, framed: undefined };
      cache.set(key, entry); // disposes (and unindexes) what it replaces or evicts
      index.set(key, entry);
      return until;
    },
    delete: (token) => {
      const key = mapKey(token);
      if (index.get(key)?.token === token) cache.delete(key);
    },
    get size() {
      return cache.size;
    },
  };
}

/**
 * The map key of a token: its last {@link KEY_CHARS} characters (the signature's end) packed into
 * one small integer, not the string. A token arrives as a new string on every request: hashing the
 * whole ~1 KB cost ~1.4 µs, a 48-character tail still ~0.16 µs, and an integer hashes in
 * nanoseconds. Entries keep the full token and a hit requires the whole string to be equal, so
 * different tokens never share a result; two tokens with the same key only evict each other (a
 * signature's last four characters carry 24 random bits).
 */
function mapKey(token: string): number {
  let key = 0;
  for (let i = Math.max(0, token.length - KEY_CHARS); i < token.length; i++) {
    // 7 bits per character: JWS compact serialization is ASCII; anything wider is folded in
    key = key * 128 + (token.charCodeAt(i) & 127);
  }
  return key;
}

const KEY_CHARS = 4;

/**
 * How often, at most, a hit is reported to lru-cache as a use: eviction order is exact to this much,
 * and a warm token's requests in between cost a `Map` lookup.
 */
const RECENCY_MS = 1000;

function config(message: string): ConfigurationError {
  return new ConfigurationError('invalid_configuration', `createTokenVerifier: ${message}`);
}
