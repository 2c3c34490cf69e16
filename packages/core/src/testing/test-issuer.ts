// A dev/test token issuer: an in-memory RS256 key pair that signs AuthKit-shaped access tokens and
// serves its JWKS, for users' tests and the demo apps' dev-only `POST /dev/token`.
import { randomUUID } from 'node:crypto';
import { ConfigurationError } from '../errors.js';
import type { TokenVerifierOptions } from '../identity/types.js';
import { generateSigningKeyPair, type SigningKeyPair, signJwt } from '../identity/verify-token.js';

/** Options of {@link createTestIssuer}. */
export interface TestIssuerOptions {
  /** `iss` of every token (default `https://fgakit.test`). */
  readonly issuer?: string | undefined;
  /** `aud` of every token (default `fgakit-test`). */
  readonly audience?: string | undefined;
  /** `kid` of the key (default a random id). */
  readonly kid?: string | undefined;
  /** Default lifetime in seconds (default 600). */
  readonly expiresInSeconds?: number | undefined;
}

/** Per-token overrides of {@link TestIssuer.sign}. Times are seconds relative to now. */
export interface SignOptions {
  /** Lifetime (negative → already expired). */
  readonly expiresInSeconds?: number | undefined;
  /** `nbf` this many seconds from now (positive → not yet valid). */
  readonly notBeforeInSeconds?: number | undefined;
  /** Override `iss` (e.g. to test a wrong issuer). */
  readonly issuer?: string | undefined;
  /** Override `aud`. */
  readonly audience?: string | undefined;
  /** Override the header `kid` (e.g. an unknown key id). */
  readonly kid?: string | undefined;
}

/** AuthKit access-token claims (any others are passed through). */
export interface TestTokenClaims {
  readonly sub: string;
  readonly org_id?: string | undefined;
  readonly organization_membership_id?: string | undefined;
  readonly role?: string | undefined;
  readonly roles?: readonly string[] | undefined;
  readonly permissions?: readonly string[] | undefined;
  readonly sid?: string | undefined;
  readonly [claim: string]: unknown;
}

/** A token issuer for tests and dev servers. */
export interface TestIssuer {
  readonly issuer: string;
  readonly audience: string;
  readonly kid: string;
  /** Sign an RS256 access token. */
  sign(claims: TestTokenClaims, options?: SignOptions): Promise<string>;
  /** The JSON Web Key Set to serve at `/.well-known/jwks.json`. */
  jwks(): { readonly keys: readonly Readonly<Record<string, unknown>>[] };
  /**
   * Options for `createTokenVerifier` that trust this issuer: its public key by default, or a
   * JWKS URL when the app serves `jwks()` (e.g. `http://localhost:3000/.well-known/jwks.json`).
   */
  verifierOptions(options?: { readonly jwksUrl?: string | URL | undefined }): TokenVerifierOptions;
}

/**
 * Create an issuer with a fresh RS256 key pair (generated with jose; never persisted).
 *
 * @example A dev-only token endpoint
 * ```ts
 * const issuer = await createTestIssuer();
 * const fga = createFgaRuntime({ authorizer, identity: bearerToken(createTokenVerifier(issuer.verifierOptions())) });
 * app.get('/.well-known/jwks.json', (_req, res) => res.json(issuer.jwks()));
 * const token = await issuer.sign({ sub: user.id, org_id: org.id, organization_membership_id: membership.id });
 * ```
 */
export async function createTestIssuer(options: TestIssuerOptions = {}): Promise<TestIssuer> {
  const issuer = options.issuer ?? 'https://fgakit.test';
  const audience = options.audience ?? 'fgakit-test';
  const lifetime = options.expiresInSeconds ?? 600;
  if (!Number.isFinite(lifetime))
    throw new ConfigurationError(
      'invalid_configuration',
      'createTestIssuer: expiresInSeconds must be a number.',
    );
  const keys: SigningKeyPair = await generateSigningKeyPair(options.kid ?? `test-${randomUUID()}`);
  return {
    issuer,
    audience,
    kid: keys.kid,
    sign: async function signTestToken(claims, signOptions = {}) {
      const now = Math.floor(Date.now() / 1000);
      return signJwt({
        claims,
        key: keys.privateKey,
        algorithm: keys.algorithm,
        kid: signOptions.kid ?? keys.kid,
        issuedAt: now,
        expiresAt: now + (signOptions.expiresInSeconds ?? lifetime),
        notBefore:
          signOptions.notBeforeInSeconds === undefined ? undefined : now + signOptions.notBeforeInSeconds,
        issuer: signOptions.issuer ?? issuer,
        audience: signOptions.audience ?? audience,
      });
    },
    jwks: function testIssuerJwks() {
      return { keys: [keys.publicJwk] };
    },
    verifierOptions: function testIssuerVerifierOptions(verifier = {}) {
      const pinned = { algorithms: ['RS256'] as const, issuer, audience };
      return verifier.jwksUrl === undefined
        ? { ...pinned, publicKey: keys.publicJwk }
        : { ...pinned, jwksUrl: verifier.jwksUrl };
    },
  };
}
