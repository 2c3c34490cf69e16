import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../errors.js';
import { createTestIssuer, type TestIssuer } from '../testing/test-issuer.js';
import { mapAuthKitClaims } from './claims.js';
import type { TokenVerifier } from './types.js';
import { authKitJwksUrl, createTokenVerifier, signJwt } from './verify-token.js';

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const claims = {
  sub: 'user_1',
  org_id: 'org_1',
  role: 'member',
  permissions: ['workspace:view'],
  sid: 'session_1',
};

let issuer: TestIssuer;
let verifier: TokenVerifier;
let jwksServer: Server;
let jwksUrl: string;

beforeAll(async () => {
  issuer = await createTestIssuer();
  verifier = createTokenVerifier(issuer.verifierOptions());
  jwksServer = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(issuer.jwks()));
  });
  await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
  jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/.well-known/jwks.json`;
});
afterAll(() => new Promise<void>((resolve) => jwksServer.close(() => resolve())));

async function codeOf(token: string, v: TokenVerifier = verifier): Promise<string> {
  const result = await v.verify(token);
  return result.ok ? 'ok' : result.error.code;
}

describe('createTokenVerifier', () => {
  it('verifies a token and maps AuthKit claims', async () => {
    const result = await verifier.verify(
      await issuer.sign({ ...claims, organization_membership_id: 'om_1' }),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.identity).toMatchObject({
      userId: 'user_1',
      organizationId: 'org_1',
      membershipId: 'om_1',
      roles: ['member'],
      permissions: ['workspace:view'],
      sessionId: 'session_1',
    });
  });

  it('verifies through a remote JWKS and rejects an unknown kid', async () => {
    const remote = createTokenVerifier({ ...issuer.verifierOptions({ jwksUrl }) });
    expect(await codeOf(await issuer.sign(claims), remote)).toBe('ok');
    expect(await codeOf(await issuer.sign(claims, { kid: 'unknown-kid' }), remote)).toBe('invalid_token');
  });

  const attacks: readonly [string, () => Promise<string>, string][] = [
    [
      'alg none',
      async () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, exp: 9e9 })}.`,
      'invalid_token',
    ],
    [
      'HS256 signed with the public key (algorithm confusion)',
      async () =>
        signJwt({
          claims,
          key: new TextEncoder().encode(JSON.stringify(issuer.jwks().keys[0])),
          algorithm: 'HS256',
          kid: issuer.kid,
          issuedAt: Math.floor(Date.now() / 1000),
          expiresAt: Math.floor(Date.now() / 1000) + 60,
          issuer: issuer.issuer,
          audience: issuer.audience,
        }),
      'invalid_token',
    ],
    ['wrong issuer', () => issuer.sign(claims, { issuer: 'https://evil.test' }), 'invalid_token'],
    ['wrong audience', () => issuer.sign(claims, { audience: 'other' }), 'invalid_token'],
    ['expired', () => issuer.sign(claims, { expiresInSeconds: -60 }), 'token_expired'],
    ['nbf in the future', () => issuer.sign(claims, { notBeforeInSeconds: 600 }), 'token_not_yet_valid'],
    [
      'tampered payload',
      async () => {
        const [h, , s] = (await issuer.sign(claims)).split('.');
        return `${h}.${b64({ ...claims, permissions: ['*'], exp: 9e9, iss: issuer.issuer, aud: issuer.audience })}.${s}`;
      },
      'invalid_token',
    ],
    ['oversized', () => issuer.sign({ ...claims, pad: 'x'.repeat(10_000) }), 'invalid_token'],
    ['garbage', async () => 'not-a-token', 'invalid_token'],
    ['empty segments', async () => '..', 'invalid_token'],
    ['no sub', () => issuer.sign({ org_id: 'org_1' } as unknown as typeof claims), 'invalid_token'],
  ];
  it.each(attacks)('rejects %s', async (_name, make, code) => {
    expect(await codeOf(await make())).toBe(code);
  });

  it('validates options at creation', () => {
    const bad: readonly unknown[] = [
      { publicKey: issuer.jwks().keys[0] },
      { publicKey: issuer.jwks().keys[0], algorithms: [] },
      { publicKey: issuer.jwks().keys[0], algorithms: ['none'] },
      { publicKey: issuer.jwks().keys[0], algorithms: ['HS256'] },
      { secret: 'short', algorithms: ['HS256'] },
      { secret: 'x'.repeat(40), algorithms: ['RS256'] },
      { jwksUrl: 'http://example.com/jwks', algorithms: ['RS256'] },
      { algorithms: ['RS256'] },
    ];
    for (const options of bad) {
      expect(() => createTokenVerifier(options as Parameters<typeof createTokenVerifier>[0])).toThrow(
        ConfigurationError,
      );
    }
  });

  it('verifies HS256 with a shared secret', async () => {
    const secret = 'a-very-long-shared-secret-of-at-least-32-bytes';
    const v = createTokenVerifier({ secret, algorithms: ['HS256'] });
    const now = Math.floor(Date.now() / 1000);
    const token = await signJwt({
      claims,
      key: new TextEncoder().encode(secret),
      algorithm: 'HS256',
      issuedAt: now,
      expiresAt: now + 60,
    });
    expect(await codeOf(token, v)).toBe('ok');
  });

  it('builds the AuthKit JWKS URL', () => {
    expect(authKitJwksUrl('client_123')).toBe('https://api.workos.com/sso/jwks/client_123');
  });
});

describe('mapAuthKitClaims', () => {
  it('uses role when roles is absent, and keeps every claim', () => {
    const identity = mapAuthKitClaims({ sub: 'u', role: 'admin', custom: 1 });
    expect(identity).toEqual({
      userId: 'u',
      organizationId: null,
      roles: ['admin'],
      claims: { sub: 'u', role: 'admin', custom: 1 },
    });
  });
  it('rejects mistyped claims', () => {
    expect(() => mapAuthKitClaims({ sub: 'u', permissions: 'x' })).toThrow(/permissions/);
  });
});
