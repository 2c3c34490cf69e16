// Types of identity resolution: who is calling, as a verified token or an app session says, and
// how an app configures the resolvers that find out. No runtime code lives here.
import type { KeyObject, webcrypto } from 'node:crypto';
import type { AuthenticationError } from '../errors.js';

/**
 * Who is calling, as a verified token or a custom resolver says. Created once per request.
 *
 * `userId` and `organizationId` are `null` only when a custom resolver answered with a bare
 * membership id; token identities always carry both.
 *
 * @example Reading the identity in a handler
 * ```ts
 * const identity = await req.fga.identify();
 * console.log(identity.userId, identity.organizationId, identity.permissions);
 * ```
 */
export interface Identity {
  /** WorkOS user id (`sub`), or the app's user id from a custom resolver. */
  readonly userId: string | null;
  /** Organization the session is scoped to (`org_id`). */
  readonly organizationId: string | null;
  /** Organization membership id, when the token (JWT template) or resolver carried it. */
  readonly membershipId?: string;
  /** Org-wide permission slugs from a verified token (`permissions`); enables the token fast path. */
  readonly permissions?: readonly string[];
  /** Organization-scoped role slugs (`roles`, else `[role]`). */
  readonly roles?: readonly string[];
  /** AuthKit session id (`sid`). */
  readonly sessionId?: string;
  /** Every claim of the verified token (empty for custom resolvers unless they supply some). */
  readonly claims: Readonly<Record<string, unknown>>;
  /** How the identity was found: `bearer`, `cookie`, or the name of a custom resolver. */
  readonly source: string;
}

/** What a custom resolver answers for an app with its own sessions. */
export type CustomIdentity =
  | {
      readonly userId: string;
      readonly organizationId: string;
      readonly membershipId?: string | undefined;
      /** Org-wide permissions the app vouches for (token fast path); omit unless verified. */
      readonly permissions?: readonly string[] | undefined;
      readonly roles?: readonly string[] | undefined;
      readonly claims?: Readonly<Record<string, unknown>> | undefined;
    }
  | {
      readonly membershipId: string;
      readonly userId?: string | undefined;
      readonly organizationId?: string | undefined;
      readonly claims?: Readonly<Record<string, unknown>> | undefined;
    };

/**
 * The outcome of one resolver: an identity, or a typed reason it could not produce one.
 * `absent: true` means "no credential of my kind was present", so a chain keeps looking and a
 * present-but-bad credential is reported in preference to an absent one.
 */
export type IdentityResult =
  | { readonly ok: true; readonly identity: Identity }
  | { readonly ok: false; readonly absent: boolean; readonly error: AuthenticationError };

/**
 * The minimal request view a resolver needs (a subset of `AuthzRequest` from `@fgakit/core/http`).
 */
export interface IdentitySource {
  /** Header value by case-insensitive name; the first value when repeated. */
  header(name: string): string | undefined;
  /** Cookie value by exact name; when absent, the `Cookie` header is parsed. */
  cookie?(name: string): string | undefined;
}

/**
 * One link of a resolver chain. Resolvers never throw for a bad credential: they answer
 * `{ ok: false, error }`. A thrown error means "could not decide" and fails the request closed
 * (503) unless it is an fgakit error, which keeps its own status.
 *
 * @example A chain: bearer token first, then the session cookie
 * ```ts
 * const verifier = createTokenVerifier({ jwksUrl: authKitJwksUrl(clientId), algorithms: ['RS256'] });
 * createFgaRuntime({ authorizer, identity: [bearerToken(verifier), cookieToken({ name: 'session', verifier })] });
 * ```
 */
export interface IdentityResolver<Req extends IdentitySource = IdentitySource> {
  /** Shown in failure details and logs, e.g. `bearer`. */
  readonly name: string;
  resolve(request: Req): Promise<IdentityResult>;
}

/** A custom resolver as a plain function: `null` means "no session here". */
export type CustomIdentityFunction<Req = unknown> = (
  request: Req,
) => CustomIdentity | null | Promise<CustomIdentity | null>;

/** A PEM string (SPKI for public keys), a JWK object, a WebCrypto key or a Node `KeyObject`. */
export type PublicKeyInput = string | Readonly<Record<string, unknown>> | webcrypto.CryptoKey | KeyObject;

/** JWS algorithms fgakit accepts in configuration. `none` is not one of them. */
export type JwsAlgorithm =
  | 'RS256'
  | 'RS384'
  | 'RS512'
  | 'PS256'
  | 'PS384'
  | 'PS512'
  | 'ES256'
  | 'ES384'
  | 'ES512'
  | 'EdDSA'
  | 'Ed25519'
  | 'HS256'
  | 'HS384'
  | 'HS512';

/** Where the verification key comes from: exactly one of these. */
export type TokenKeySource =
  | {
      /** A remote JWKS, e.g. `authKitJwksUrl(clientId)`. Keys are fetched and cached by `kid`. */
      readonly jwksUrl: string | URL;
      /** Cache keys this long before refetching (default 10 minutes). */
      readonly jwksCacheMaxAgeMs?: number | undefined;
      /** Fetch timeout (default 5 s). */
      readonly jwksTimeoutMs?: number | undefined;
    }
  | { readonly publicKey: PublicKeyInput }
  | {
      /** A shared HMAC secret (HS256/384/512); at least 32 bytes. */
      readonly secret: string | Uint8Array;
    };

/**
 * Options of `createTokenVerifier`. `algorithms` is required and never inferred from the token.
 *
 * @example WorkOS AuthKit access tokens
 * ```ts
 * createTokenVerifier({
 *   jwksUrl: authKitJwksUrl('client_123'),
 *   algorithms: ['RS256'],
 *   issuer: 'https://api.workos.com',
 * });
 * ```
 */
export type TokenVerifierOptions = TokenKeySource & {
  /** Accepted algorithms; must match the key kind (RS/PS/ES/EdDSA for public keys, HS for secrets). */
  readonly algorithms: readonly JwsAlgorithm[];
  /** Required `iss` (one of). */
  readonly issuer?: string | readonly string[] | undefined;
  /** Required `aud` (one of). */
  readonly audience?: string | readonly string[] | undefined;
  /** Allowed clock skew in seconds for `exp`/`nbf` (default 5). */
  readonly clockToleranceSeconds?: number | undefined;
  /** Reject tokens longer than this many characters before parsing (default 8192) → 401. */
  readonly maxTokenLength?: number | undefined;
  /** Map a verified payload to an identity; defaults to the AuthKit claim mapping. */
  readonly mapClaims?: ((claims: Readonly<Record<string, unknown>>) => ClaimsIdentity) | undefined;
  /**
   * Cache of verified tokens (default on: 10 000 tokens, 5 minutes): a token seen again is not
   * verified again, but its `exp`/`nbf` are re-checked against the clock on every use, so a cached
   * token that has expired since fails with `token_expired` like a fresh one. `false` disables it.
   * See {@link TokenCacheOptions}.
   */
  readonly tokenCache?: TokenCacheOptions | false | undefined;
};

/**
 * Options of the verified-token cache of `createTokenVerifier` (`tokenCache`). Entries are keyed by
 * the exact token string; only successful verifications are cached, and the cached identity is
 * shared (frozen) between the requests that present the same token. Pass `tokenCache: false` to
 * verify every token every time.
 *
 * @example A larger cache, trusting a verified token for at most one minute
 * ```ts
 * createTokenVerifier({
 *   jwksUrl: authKitJwksUrl('client_123'),
 *   algorithms: ['RS256'],
 *   tokenCache: { max: 50_000, maxAgeSeconds: 60 },
 * });
 * ```
 */
export interface TokenCacheOptions {
  /**
   * Distinct tokens kept, least recently used evicted first, uses counted to the second (default
   * 10 000). An entry holds the token and, once a `Bearer` header has presented it, that header's
   * string too (compared whole on later requests): about 2 KB for a typical 1 KB access token.
   */
  readonly max?: number | undefined;
  /**
   * Longest time a token is trusted without verifying its signature again, in seconds (default 300).
   * An entry never outlives the token's own `exp`. This also bounds how long tokens signed by a key
   * that was since removed from the key set keep being accepted.
   */
  readonly maxAgeSeconds?: number | undefined;
}

/** The part of an {@link Identity} that claims provide (everything but `source`). */
export type ClaimsIdentity = Omit<Identity, 'source'>;

/**
 * Verifies a compact JWS and maps its claims. Never throws for a bad token: it answers a typed
 * failure (`invalid_token`, `token_expired`, `token_not_yet_valid`).
 */
export interface TokenVerifier {
  verify(token: string): Promise<TokenVerification>;
}

/** The result of {@link TokenVerifier.verify}. */
export type TokenVerification =
  | { readonly ok: true; readonly identity: ClaimsIdentity }
  | { readonly ok: false; readonly error: AuthenticationError };

/** Options of the membership cache: (user, organization) → membership id (DESIGN §5.4). */
export interface MembershipCacheOptions {
  /** Entries kept (default 10 000). */
  readonly max?: number | undefined;
  /** Lifetime of a found membership id (default 5 minutes). */
  readonly ttlMs?: number | undefined;
}
