import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConfigurationError } from '../errors.js';
import { createTestIssuer, type TestIssuer } from '../testing/test-issuer.js';
import { bearerToken, cookieToken } from './resolvers.js';
import type { TokenVerifier, TokenVerifierOptions } from './types.js';
import { VALID_UNTIL, validUntil } from './valid-until.js';
import { createTokenVerifier } from './verify-token.js';

// Every signature verification goes through jose's jwtVerify: count the calls.
const jose = vi.hoisted(() => ({ verifications: 0 }));
vi.mock('jose', async (importOriginal) => {
  const actual = await importOriginal<typeof import('jose')>();
  const original = actual.jwtVerify as (...args: unknown[]) => unknown;
  const jwtVerify = ((...args: unknown[]) => {
    jose.verifications += 1;
    return original(...args);
  }) as typeof actual.jwtVerify;
  return { ...actual, jwtVerify };
});

const claims = { sub: 'user_1', org_id: 'org_1', permissions: ['project:view'] };
let issuer: TestIssuer;

beforeAll(async () => {
  issuer = await createTestIssuer();
});
beforeEach(() => {
  jose.verifications = 0;
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
});
afterEach(() => {
  vi.useRealTimers();
});

function verifier(extra: Partial<TokenVerifierOptions> = {}): TokenVerifier {
  return createTokenVerifier({ ...issuer.verifierOptions(), ...extra } as TokenVerifierOptions);
}

async function codeOf(v: TokenVerifier, token: string): Promise<string> {
  const result = await v.verify(token);
  return result.ok ? 'ok' : result.error.code;
}

const advance = (seconds: number): void => {
  vi.setSystemTime(Date.now() + seconds * 1000);
};

describe('verified-token cache', () => {
  it('verifies a token once and answers the same identity from the cache after', async () => {
    const v = verifier();
    const token = await issuer.sign(claims);
    const first = await v.verify(token);
    const second = await v.verify(token);
    expect(jose.verifications).toBe(1);
    expect(second).toEqual(first);
    expect(second.ok && second.identity).toMatchObject({ userId: 'user_1', organizationId: 'org_1' });
    // shared between requests, so it cannot be changed by one of them
    expect(second.ok && Object.isFrozen(second.identity.permissions)).toBe(true);
  });

  it('fails a cached token that has expired since with token_expired, as a fresh verification does', async () => {
    const v = verifier({ clockToleranceSeconds: 5 });
    const token = await issuer.sign(claims, { expiresInSeconds: 60 });
    expect(await codeOf(v, token)).toBe('ok');
    advance(60); // exp reached, still within the 5 s tolerance
    expect(await codeOf(v, token)).toBe('ok');
    expect(jose.verifications).toBe(1);
    advance(5);
    expect(await codeOf(v, token)).toBe('token_expired');
    expect(await codeOf(verifier({ tokenCache: false, clockToleranceSeconds: 5 }), token)).toBe(
      'token_expired',
    );
    expect(await codeOf(v, token)).toBe('token_expired');
  });

  it('never caches a token that is not valid yet, and re-checks nbf on every hit', async () => {
    const v = verifier({ clockToleranceSeconds: 0 });
    const early = await issuer.sign(claims, { notBeforeInSeconds: 30 });
    expect(await codeOf(v, early)).toBe('token_not_yet_valid');
    expect(await codeOf(v, early)).toBe('token_not_yet_valid');
    expect(jose.verifications).toBe(2);
    advance(31);
    expect(await codeOf(v, early)).toBe('ok');
    expect(await codeOf(v, early)).toBe('ok');
    expect(jose.verifications).toBe(3);
    // the clock steps back before the token's nbf: the cached entry fails as jose would
    advance(-60);
    expect(await codeOf(v, early)).toBe('token_not_yet_valid');
    expect(jose.verifications).toBe(3);
  });

  it('keys on the exact token string: different tokens never share a result', async () => {
    const v = verifier();
    const alice = await issuer.sign({ ...claims, sub: 'alice' });
    const bob = await issuer.sign({ ...claims, sub: 'bob' });
    const aliceFirst = await v.verify(alice);
    const bobFirst = await v.verify(bob);
    expect(aliceFirst.ok && aliceFirst.identity.userId).toBe('alice');
    expect(bobFirst.ok && bobFirst.identity.userId).toBe('bob');
    const aliceAgain = await v.verify(alice);
    const bobAgain = await v.verify(bob);
    expect(aliceAgain.ok && aliceAgain.identity.userId).toBe('alice');
    expect(bobAgain.ok && bobAgain.identity.userId).toBe('bob');
    expect(jose.verifications).toBe(2);
    // bob's header and payload with alice's signature: same signature tail as a cached token,
    // still verified in full and rejected
    const [h, p] = bob.split('.');
    const spliced = `${h}.${p}.${alice.split('.')[2]}`;
    expect(await codeOf(v, spliced)).toBe('invalid_token');
    expect(await codeOf(v, spliced)).toBe('invalid_token');
    expect(jose.verifications).toBe(4);
    expect(await codeOf(v, alice)).toBe('ok');
    expect(jose.verifications).toBe(4);
  });

  it('never caches a failure', async () => {
    const v = verifier();
    const wrongAudience = await issuer.sign(claims, { audience: 'other' });
    expect(await codeOf(v, wrongAudience)).toBe('invalid_token');
    expect(await codeOf(v, wrongAudience)).toBe('invalid_token');
    expect(jose.verifications).toBe(2);
  });

  it('verifies every time when disabled', async () => {
    const v = verifier({ tokenCache: false });
    const token = await issuer.sign(claims);
    for (let i = 0; i < 3; i++) expect(await codeOf(v, token)).toBe('ok');
    expect(jose.verifications).toBe(3);
  });

  it('is bounded: the least recently used token is evicted', async () => {
    const v = verifier({ tokenCache: { max: 2 } });
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((sub) => issuer.sign({ ...claims, sub })));
    for (const token of [a, b, c] as string[]) await v.verify(token);
    expect(jose.verifications).toBe(3);
    await v.verify(c as string);
    await v.verify(b as string);
    expect(jose.verifications).toBe(3);
    await v.verify(a as string); // evicted by c
    expect(jose.verifications).toBe(4);
  });

  it('verifies the signature again after maxAgeSeconds', async () => {
    const v = verifier({ tokenCache: { maxAgeSeconds: 10 } });
    const token = await issuer.sign(claims, { expiresInSeconds: 600 });
    await v.verify(token);
    advance(9);
    await v.verify(token);
    expect(jose.verifications).toBe(1);
    advance(1);
    expect(await codeOf(v, token)).toBe('ok');
    expect(jose.verifications).toBe(2);
  });

  it('serves the bearer resolver from the cache, with the same identity and failures', async () => {
    const v = verifier({ clockToleranceSeconds: 0 });
    const token = await issuer.sign(claims, { expiresInSeconds: 60 });
    const resolver = bearerToken(v);
    const request = (value: string) => ({
      header: (name: string) => (name === 'authorization' ? value : undefined),
    });
    const first = await resolver.resolve(request(`Bearer ${token}`));
    const second = await resolver.resolve(request(`  bearer   ${token}  `));
    expect(first).toEqual(second);
    expect(first.ok && first.identity).toMatchObject({ userId: 'user_1', source: 'bearer' });
    expect(jose.verifications).toBe(1);
    advance(60);
    const expired = await resolver.resolve(request(`Bearer ${token}`));
    expect(expired.ok ? 'ok' : expired.error.code).toBe('token_expired');
    const malformed = await resolver.resolve(request(`Bearer ${token} extra`));
    expect(malformed.ok ? 'ok' : malformed.error.code).toBe('invalid_token');
  });

  it("gives the resolvers one frozen identity per cached token, stamped with each resolver's source", async () => {
    const v = verifier();
    const token = await issuer.sign(claims);
    const bearer = bearerToken(v);
    const cookie = cookieToken({ name: 'session', verifier: v });
    const request = {
      header: (name: string) => (name === 'authorization' ? `Bearer ${token}` : `session=${token}`),
    };
    const first = await bearer.resolve(request);
    const second = await bearer.resolve(request);
    const fromCookie = await cookie.resolve(request);
    expect(jose.verifications).toBe(1);
    if (!first.ok || !second.ok || !fromCookie.ok) throw new Error('expected identities');
    expect(second.identity).toBe(first.identity);
    expect(Object.isFrozen(first.identity)).toBe(true);
    expect([first.identity.source, fromCookie.identity.source]).toEqual(['bearer', 'cookie']);
    expect(fromCookie.identity).toEqual({ ...first.identity, source: 'cookie' });
    // another token of the same user is another entry
    const otherToken = await issuer.sign({ ...claims, role: 'admin' });
    const other = await bearer.resolve({ header: () => `Bearer ${otherToken}` });
    expect(other.ok && other.identity).not.toBe(first.identity);
  });

  it("matches a warm bearer header only when the whole token is the cached one's", async () => {
    const v = verifier();
    const token = await issuer.sign(claims);
    const resolver = bearerToken(v);
    const request = (value: string) => ({ header: () => value });
    const header = `Bearer ${token}`;
    expect((await resolver.resolve(request(header))).ok).toBe(true);
    // a second, equal header string: the warm path that compares the header whole
    expect((await resolver.resolve(request(`Bearer ${token}`))).ok).toBe(true);
    expect(jose.verifications).toBe(1);
    // same length and same last characters (the cache key), one payload character changed
    const dot = token.indexOf('.');
    const i = dot + 5;
    const tampered = `${token.slice(0, i)}${token[i] === 'A' ? 'B' : 'A'}${token.slice(i + 1)}`;
    const forged = await resolver.resolve(request(`Bearer ${tampered}`));
    expect(forged.ok ? 'ok' : forged.error.code).toBe('invalid_token');
    // the same token after other whitespace still resolves (through the full parse), and only once verified
    expect((await resolver.resolve(request(`Bearer  ${token}`))).ok).toBe(true);
    expect((await resolver.resolve(request(header))).ok).toBe(true);
    expect(jose.verifications).toBe(2);
  });

  it('marks a cached identity with the moment the cache stops handing it out', async () => {
    const v = verifier({ tokenCache: { maxAgeSeconds: 60 } });
    const token = await issuer.sign(claims, { expiresInSeconds: 3600 });
    const result = await bearerToken(v).resolve({ header: () => `Bearer ${token}` });
    if (!result.ok) throw new Error('expected an identity');
    expect(validUntil(result.identity)).toBe(Date.now() + 60_000);
    // not an enumerable property: never serialized or spread
    expect(Object.keys(result.identity)).not.toContain(String(VALID_UNTIL));
    expect(JSON.stringify(result.identity)).not.toContain('validUntil');
    const short = await issuer.sign(claims, { expiresInSeconds: 10 });
    const soon = await bearerToken(verifier({ clockToleranceSeconds: 5 })).resolve({
      header: () => `Bearer ${short}`,
    });
    if (!soon.ok) throw new Error('expected an identity');
    // exp + tolerance comes before the max age
    expect(validUntil(soon.identity)).toBe((Math.floor(Date.now() / 1000) + 15) * 1000);
  });

  it('validates its options at creation', () => {
    for (const tokenCache of [{ max: 0 }, { max: 1.5 }, { maxAgeSeconds: 0 }, { maxAgeSeconds: -1 }, 'yes']) {
      expect(() => verifier({ tokenCache } as Partial<TokenVerifierOptions>)).toThrow(ConfigurationError);
    }
  });
});
