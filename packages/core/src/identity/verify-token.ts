// Access-token verification: the only module that imports jose. Algorithms, issuer, audience and
// clock tolerance come from configuration, never from the token; every bad token is a typed 401.
import { KeyObject } from 'node:crypto';
import {
  type CryptoKey,
  createRemoteJWKSet,
  errors,
  exportJWK,
  generateKeyPair,
  importJWK,
  importSPKI,
  importX509,
  type JWK,
  type JWSHeaderParameters,
  type JWTPayload,
  jwtVerify,
  SignJWT,
} from 'jose';
import { type CachedToken, createTokenCache } from '../cache/token-cache.js';
import { AuthenticationError, AuthorizationUnavailableError, ConfigurationError } from '../errors.js';
import { mapAuthKitClaims } from './claims.js';
import type {
  ClaimsIdentity,
  JwsAlgorithm,
  PublicKeyInput,
  TokenVerification,
  TokenVerifier,
  TokenVerifierOptions,
} from './types.js';
import { VALID_UNTIL } from './valid-until.js';

const HMAC_ALGORITHMS: ReadonlySet<string> = new Set(['HS256', 'HS384', 'HS512']);
const ASYMMETRIC_ALGORITHMS: ReadonlySet<string> = new Set([
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
]);
const DEFAULT_MAX_TOKEN_LENGTH = 8192;
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

type KeyGetter = (header: JWSHeaderParameters) => Promise<CryptoKey | KeyObject | Uint8Array>;

/**
 * @internal The verifier's synchronous-when-cached entry point: a cached token answers without a
 * promise, so a guard on a warm token allocates nothing for verification. Not part of the public API.
 */
export const VERIFY_NOW: unique symbol = Symbol('fgakit.verifyNow');

/**
 * @internal The cached answer for a token framed by a prefix the caller has checked (e.g. a whole
 * `Bearer <token>` header value), or `undefined` when it is not cached (then verify it). The bearer
 * resolver's warm path: it tries the header's usual form against the cache before its full parse,
 * and compares the header as one flat string instead of slicing the token out of it.
 */
export const VERIFY_CACHED_FRAMED: unique symbol = Symbol('fgakit.verifyCachedFramed');

/** @internal A verifier made by {@link createTokenVerifier}, with its fast entry points. */
export interface FastTokenVerifier extends TokenVerifier {
  [VERIFY_NOW](token: string): TokenVerification | Promise<TokenVerification>;
  [VERIFY_CACHED_FRAMED](value: string, prefixLength: number): TokenVerification | undefined;
}

/**
 * @internal The verifier's cached answer for the token that follows the first `prefixLength`
 * characters of `value` (which the caller has checked), if it has a cache and the token is in it.
 */
export function cachedVerification(
  verifier: TokenVerifier,
  value: string,
  prefixLength: number,
): TokenVerification | undefined {
  const framed = (verifier as Partial<FastTokenVerifier>)[VERIFY_CACHED_FRAMED];
  return typeof framed === 'function' ? framed.call(verifier, value, prefixLength) : undefined;
}

/** @internal Verify through the fast entry point when the verifier has one. */
export function verifyNow(
  verifier: TokenVerifier,
  token: string,
): TokenVerification | Promise<TokenVerification> {
  const fast = (verifier as Partial<FastTokenVerifier>)[VERIFY_NOW];
  return typeof fast === 'function' ? fast.call(verifier, token) : verifier.verify(token);
}

/**
 * The JWKS URL of a WorkOS AuthKit client: `https://api.workos.com/sso/jwks/{clientId}`.
 *
 * @example
 * ```ts
 * createTokenVerifier({ jwksUrl: authKitJwksUrl('client_123'), algorithms: ['RS256'] });
 * ```
 */
export function authKitJwksUrl(clientId: string): string {
  if (typeof clientId !== 'string' || clientId.trim() === '') {
    throw new ConfigurationError(
      'invalid_configuration',
      'authKitJwksUrl(clientId): pass your WorkOS client id (client_...).',
    );
  }
  return `https://api.workos.com/sso/jwks/${encodeURIComponent(clientId)}`;
}

/**
 * Create a verifier for compact JWS access tokens. Options are validated now: a missing or empty
 * `algorithms`, `none`, an algorithm that does not fit the key kind, a short secret or a non-HTTPS
 * JWKS URL throw `ConfigurationError`.
 *
 * Verified tokens are cached (`tokenCache`, default 10 000 tokens for at most 5 minutes each, never
 * past the token's `exp`): a token seen again skips the signature check, while `exp`/`nbf` are
 * checked against the clock on every call, so a cached token that expired since answers
 * `token_expired` like a fresh verification. Failures are never cached. `tokenCache: false`
 * verifies every call.
 *
 * @example A local public key and pinned issuer/audience
 * ```ts
 * const verifier = createTokenVerifier({
 *   publicKey: process.env.JWT_PUBLIC_KEY_PEM!,
 *   algorithms: ['RS256'],
 *   issuer: 'https://auth.example.com',
 *   audience: 'api',
 * });
 * const result = await verifier.verify(token); // { ok: true, identity } | { ok: false, error }
 * ```
 *
 * @example Sizing the verified-token cache, or turning it off
 * ```ts
 * createTokenVerifier({ jwksUrl, algorithms: ['RS256'], tokenCache: { max: 50_000, maxAgeSeconds: 60 } });
 * createTokenVerifier({ jwksUrl, algorithms: ['RS256'], tokenCache: false });
 * ```
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  if (typeof options !== 'object' || options === null) {
    throw config('createTokenVerifier(options): pass { jwksUrl | publicKey | secret, algorithms }.');
  }
  const algorithms = validateAlgorithms(options.algorithms);
  const { getKey, remote } = keyGetterFor(options, algorithms);
  const maxTokenLength = positiveInteger(options.maxTokenLength, DEFAULT_MAX_TOKEN_LENGTH, 'maxTokenLength');
  const clockTolerance = nonNegativeNumber(options.clockToleranceSeconds, 5, 'clockToleranceSeconds');
  const issuer = stringOrStrings(options.issuer, 'issuer');
  const audience = stringOrStrings(options.audience, 'audience');
  const mapClaims = options.mapClaims ?? mapAuthKitClaims;
  if (typeof mapClaims !== 'function') throw config('mapClaims must be a function (claims) => identity.');

  const cache =
    options.tokenCache === false
      ? undefined
      : createTokenCache<VerifiedToken>(options.tokenCache === undefined ? {} : options.tokenCache);

  async function verifyFully(token: string): Promise<TokenVerification> {
    if (typeof token !== 'string' || token.length === 0) return failure('invalid_token', 'Token is empty.');
    if (token.length > maxTokenLength) return failure('invalid_token', 'Token is too large.');
    if (!COMPACT_JWS.test(token)) return failure('invalid_token', 'Token is malformed.');
    let payload: JWTPayload;
    try {
      const result = await jwtVerify(token, getKey, {
        algorithms: [...algorithms],
        clockTolerance,
        requiredClaims: ['exp'],
        ...(issuer === undefined ? {} : { issuer }),
        ...(audience === undefined ? {} : { audience }),
      });
      payload = result.payload;
    } catch (err) {
      return classify(err, remote);
    }
    let identity: ClaimsIdentity;
    try {
      identity = mapClaims(payload);
    } catch (err) {
      if (err instanceof AuthenticationError) return { ok: false, error: err };
      return failure('invalid_token', 'Token claims are invalid.', err);
    }
    const verified: VerifiedToken = { ok: true, identity: freezeIdentity(identity) };
    // `exp` is required above, so it is a number here; only successes are ever cached
    if (cache !== undefined && typeof payload.exp === 'number') {
      const until = cache.set(token, verified, payload.exp, payload.nbf, clockTolerance);
      Object.defineProperty(verified, VALID_UNTIL, { value: until });
    }
    return verified;
  }

  function verifyCached(token: string): TokenVerification | Promise<TokenVerification> {
    return fromCache(token) ?? verifyFully(token);
  }

  function fromCache(token: string): TokenVerification | undefined {
    if (cache === undefined || typeof token !== 'string') return undefined;
    const nowMs = Date.now();
    const hit = cache.get(token, nowMs);
    return hit === undefined ? undefined : checkHit(hit, nowMs);
  }

  function fromCacheFramed(value: string, prefixLength: number): TokenVerification | undefined {
    if (cache === undefined || typeof value !== 'string') return undefined;
    const nowMs = Date.now();
    const hit = cache.getFramed(value, prefixLength, nowMs);
    return hit === undefined ? undefined : checkHit(hit, nowMs);
  }

  /** A cached token's answer now: the time checks of a fresh verification, on every hit. */
  function checkHit(hit: CachedToken<VerifiedToken>, nowMs: number): TokenVerification | undefined {
    if (nowMs >= hit.until) {
      // past its max age (or exp + tolerance): verify the signature again, as for a new token
      cache?.delete(hit.token);
      return undefined;
    }
    // the same checks, in the same order and with the same clock and tolerance, as jose's
    const now = Math.floor(nowMs / 1000);
    if (hit.nbf !== undefined && hit.nbf > now + clockTolerance) {
      return failure('token_not_yet_valid', 'Token is not valid yet.');
    }
    if (hit.exp <= now - clockTolerance) {
      cache?.delete(hit.token);
      return failure('token_expired', 'Token has expired.');
    }
    return hit.value;
  }

  const verifier: FastTokenVerifier = {
    verify: async function verifyToken(token: string): Promise<TokenVerification> {
      return verifyCached(token);
    },
    [VERIFY_NOW]: verifyCached,
    [VERIFY_CACHED_FRAMED]: fromCacheFramed,
  };
  return verifier;
}

type VerifiedToken = Extract<TokenVerification, { ok: true }>;

/**
 * A cached identity is shared by every request presenting the token, so one handler must not be
 * able to change what the next request sees: freeze it and its own lists and claims.
 */
function freezeIdentity(identity: ClaimsIdentity): ClaimsIdentity {
  if (Object.isFrozen(identity)) return identity;
  Object.freeze(identity.claims);
  if (identity.permissions !== undefined) Object.freeze(identity.permissions);
  if (identity.roles !== undefined) Object.freeze(identity.roles);
  return Object.freeze(identity);
}

function classify(err: unknown, remote: boolean): TokenVerification {
  if (err instanceof errors.JWTExpired) return failure('token_expired', 'Token has expired.', err);
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === 'nbf') return failure('token_not_yet_valid', 'Token is not valid yet.', err);
    return failure('invalid_token', `Token claim "${err.claim}" is invalid.`, err);
  }
  if (err instanceof errors.JWKSNoMatchingKey) return failure('invalid_token', 'Token key is unknown.', err);
  if (remote && isKeySetUnavailable(err)) {
    // The key set could not be fetched: we cannot decide, which is not the caller's fault.
    throw new AuthorizationUnavailableError(
      'authorization_unavailable',
      'The token key set is unavailable.',
      {
        cause: err,
        retryAfter: 5,
      },
    );
  }
  return failure('invalid_token', 'Token is invalid.', err);
}

function isKeySetUnavailable(err: unknown): boolean {
  if (err instanceof errors.JWKSTimeout || err instanceof errors.JWKSInvalid) return true;
  if (err instanceof errors.JOSEError) return err.code === 'ERR_JOSE_GENERIC';
  // fetch failures (connection refused, DNS) are plain errors
  return err instanceof Error && !(err instanceof errors.JOSEError) && err.name !== 'SyntaxError';
}

function failure(
  code: 'invalid_token' | 'token_expired' | 'token_not_yet_valid',
  message: string,
  cause?: unknown,
): TokenVerification {
  return { ok: false, error: new AuthenticationError(code, message, cause === undefined ? {} : { cause }) };
}

function validateAlgorithms(value: unknown): readonly JwsAlgorithm[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw config(
      'createTokenVerifier: `algorithms` is required (e.g. ["RS256"] for WorkOS AuthKit); it is never inferred from the token.',
    );
  }
  const out: JwsAlgorithm[] = [];
  for (const alg of value) {
    if (typeof alg === 'string' && alg.toLowerCase() === 'none') {
      throw config(
        'createTokenVerifier: algorithm "none" is never accepted; list signing algorithms such as "RS256".',
      );
    }
    if (typeof alg !== 'string' || !(HMAC_ALGORITHMS.has(alg) || ASYMMETRIC_ALGORITHMS.has(alg))) {
      throw config(
        `createTokenVerifier: unsupported algorithm ${JSON.stringify(alg)}; use one of ${[...ASYMMETRIC_ALGORITHMS, ...HMAC_ALGORITHMS].join(', ')}.`,
      );
    }
    out.push(alg as JwsAlgorithm);
  }
  return out;
}

function keyGetterFor(
  options: TokenVerifierOptions,
  algorithms: readonly JwsAlgorithm[],
): { getKey: KeyGetter; remote: boolean } {
  const sources = ['jwksUrl', 'publicKey', 'secret'].filter((k) => k in options);
  if (sources.length !== 1) {
    throw config(
      `createTokenVerifier: pass exactly one of jwksUrl, publicKey or secret (got ${sources.length === 0 ? 'none' : sources.join(', ')}).`,
    );
  }
  if ('secret' in options) {
    if (algorithms.some((alg) => !HMAC_ALGORITHMS.has(alg))) {
      throw config(
        'createTokenVerifier: a shared `secret` only verifies HS256/HS384/HS512; remove other algorithms.',
      );
    }
    const secret =
      typeof options.secret === 'string' ? new TextEncoder().encode(options.secret) : options.secret;
    if (!(secret instanceof Uint8Array) || secret.byteLength < 32) {
      throw config(
        'createTokenVerifier: `secret` must be at least 32 bytes; generate one with `openssl rand -base64 48`.',
      );
    }
    return { getKey: async () => secret, remote: false };
  }
  if (algorithms.some((alg) => HMAC_ALGORITHMS.has(alg))) {
    throw config(
      'createTokenVerifier: HS* algorithms need a shared `secret`; with a public key or JWKS use RS256, ES256, PS256 or EdDSA.',
    );
  }
  if ('jwksUrl' in options) {
    const url = parseJwksUrl(options.jwksUrl);
    const jwks = createRemoteJWKSet(url, {
      cacheMaxAge: positiveInteger(options.jwksCacheMaxAgeMs, 600_000, 'jwksCacheMaxAgeMs'),
      timeoutDuration: positiveInteger(options.jwksTimeoutMs, 5_000, 'jwksTimeoutMs'),
    });
    // the whole header goes through: the key set selects by `kid` as well as `alg`
    return { getKey: (header) => jwks(header), remote: true };
  }
  return { getKey: publicKeyGetter(options.publicKey), remote: false };
}

function parseJwksUrl(value: unknown): URL {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    throw config(`createTokenVerifier: jwksUrl ${JSON.stringify(String(value))} is not a URL.`);
  }
  const loopback = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw config('createTokenVerifier: jwksUrl must use https (http is accepted only for localhost).');
  }
  return url;
}

function publicKeyGetter(input: PublicKeyInput): KeyGetter {
  if (input instanceof KeyObject) {
    if (input.type !== 'public')
      throw config('createTokenVerifier: `publicKey` must be a public key, not a private or secret key.');
    return async () => input;
  }
  if (isCryptoKey(input)) {
    if (input.type !== 'public') throw config('createTokenVerifier: `publicKey` must be a public key.');
    return async () => input;
  }
  if (typeof input === 'string') {
    const pem = input.trim();
    const certificate = pem.startsWith('-----BEGIN CERTIFICATE-----');
    if (!certificate && !pem.startsWith('-----BEGIN PUBLIC KEY-----')) {
      throw config(
        'createTokenVerifier: a PEM `publicKey` must be an SPKI public key ("-----BEGIN PUBLIC KEY-----") or an X.509 certificate.',
      );
    }
    return memoByAlg((alg) => (certificate ? importX509(pem, alg) : importSPKI(pem, alg)));
  }
  if (typeof input === 'object' && input !== null && typeof (input as { kty?: unknown }).kty === 'string') {
    if ('d' in input || (input as { kty?: unknown }).kty === 'oct') {
      throw config(
        'createTokenVerifier: the `publicKey` JWK is private or symmetric; pass the public JWK only.',
      );
    }
    const jwk = input as JWK;
    const byAlg = memoByAlg(async (alg) => {
      const key = await importJWK(jwk, alg);
      if (key instanceof Uint8Array) throw new Error('symmetric JWK');
      return key;
    });
    // a key with an id only verifies tokens naming that id (or none), as a key set would
    return (header) => {
      if (jwk.kid !== undefined && header.kid !== undefined && header.kid !== jwk.kid) {
        return Promise.reject(new errors.JWKSNoMatchingKey());
      }
      return byAlg(header);
    };
  }
  throw config(
    'createTokenVerifier: `publicKey` must be a PEM string, a public JWK, a CryptoKey or a KeyObject.',
  );
}

function isCryptoKey(value: unknown): value is CryptoKey {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { type?: unknown }).type === 'string' &&
    typeof (value as { algorithm?: unknown }).algorithm === 'object' &&
    Array.isArray((value as { usages?: unknown }).usages)
  );
}

function memoByAlg(importKey: (alg: string) => Promise<CryptoKey>): KeyGetter {
  const byAlg = new Map<string, Promise<CryptoKey>>();
  return (header) => {
    const alg = header.alg ?? '';
    let key = byAlg.get(alg);
    if (key === undefined) {
      key = importKey(alg);
      // a key that does not fit this algorithm fails every time; remember the failure too
      key.catch(() => undefined);
      byAlg.set(alg, key);
    }
    return key;
  };
}

function stringOrStrings(value: unknown, name: string): string | string[] | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && value !== '') return value;
  if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string' && v !== '')) {
    return [...(value as string[])];
  }
  throw config(`createTokenVerifier: \`${name}\` must be a non-empty string or array of strings.`);
}

function positiveInteger(value: unknown, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw config(`createTokenVerifier: \`${name}\` must be a positive integer.`);
  }
  return value;
}

function nonNegativeNumber(value: unknown, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw config(`createTokenVerifier: \`${name}\` must be a non-negative number of seconds.`);
  }
  return value;
}

function config(message: string): ConfigurationError {
  return new ConfigurationError('invalid_configuration', message);
}

// --- signing, for @fgakit/core/testing only (kept here so jose has one importer) ---

/** A generated signing key pair: the private key stays in memory, the public JWK is served. */
export interface SigningKeyPair {
  readonly algorithm: 'RS256';
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  readonly publicJwk: Readonly<Record<string, unknown>>;
}

/** @internal Generate an RS256 key pair with a `kid` (used by `createTestIssuer`). */
export async function generateSigningKeyPair(kid: string): Promise<SigningKeyPair> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = await exportJWK(publicKey);
  return {
    algorithm: 'RS256',
    kid,
    privateKey,
    publicKey,
    publicJwk: { ...jwk, kid, alg: 'RS256', use: 'sig' },
  };
}

/** Options of {@link signJwt}. Times are seconds since the epoch. */
export interface SignJwtInput {
  readonly claims: Readonly<Record<string, unknown>>;
  readonly key: CryptoKey | KeyObject | Uint8Array;
  readonly algorithm: string;
  readonly kid?: string | undefined;
  readonly issuedAt: number;
  readonly expiresAt?: number | undefined;
  readonly notBefore?: number | undefined;
  readonly issuer?: string | undefined;
  readonly audience?: string | readonly string[] | undefined;
}

/** @internal Sign a JWT (used by `createTestIssuer`). */
export async function signJwt(input: SignJwtInput): Promise<string> {
  let jwt = new SignJWT({ ...input.claims } as JWTPayload)
    .setProtectedHeader({
      alg: input.algorithm,
      typ: 'JWT',
      ...(input.kid === undefined ? {} : { kid: input.kid }),
    })
    .setIssuedAt(input.issuedAt);
  if (input.expiresAt !== undefined) jwt = jwt.setExpirationTime(input.expiresAt);
  if (input.notBefore !== undefined) jwt = jwt.setNotBefore(input.notBefore);
  if (input.issuer !== undefined) jwt = jwt.setIssuer(input.issuer);
  if (input.audience !== undefined) {
    jwt = jwt.setAudience(typeof input.audience === 'string' ? input.audience : [...input.audience]);
  }
  return jwt.sign(input.key);
}
