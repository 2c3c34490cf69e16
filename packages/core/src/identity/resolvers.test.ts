import { describe, expect, it } from 'vitest';
import { AuthenticationError } from '../errors.js';
import { bearerToken, compileResolverChain, customIdentity, resolveIdentity } from './resolvers.js';
import type {
  IdentityResolver,
  IdentityResult,
  IdentitySource,
  TokenVerification,
  TokenVerifier,
} from './types.js';

/** A request whose only header is `x-user` (when given). */
function requestWith(user?: string): IdentitySource {
  return { header: (name) => (name === 'x-user' ? user : undefined) };
}

const session = customIdentity('session', (request) => {
  const user = request.header('x-user');
  if (user === 'mallory') throw new AuthenticationError('invalid_token', 'Session is revoked.');
  return user === undefined ? null : { userId: user, organizationId: 'org_1' };
});
const membershipHeader = customIdentity('membership', (request) => {
  const id = request.header('x-membership');
  return id === undefined ? null : { membershipId: id };
});
/** A resolver written by hand, with only the public, asynchronous `resolve`. */
const handWritten: IdentityResolver = {
  name: 'hand',
  resolve: async (request) =>
    request.header('x-user') === 'alice'
      ? { ok: true, identity: { userId: 'alice', organizationId: 'org_1', claims: {}, source: 'hand' } }
      : {
          ok: false,
          absent: true,
          error: new AuthenticationError('authentication_required', 'No session.'),
        },
};

function summary(result: IdentityResult): string {
  return result.ok ? `ok ${result.identity.source} ${result.identity.userId}` : `${result.error.code}`;
}

describe('compileResolverChain', () => {
  const chains: Record<string, IdentityResolver[]> = {
    'one fast resolver': [session],
    'one hand-written resolver': [handWritten],
    'a chain of two': [membershipHeader, session],
  };
  for (const [name, chain] of Object.entries(chains)) {
    it(`answers what resolveIdentity answers: ${name}`, async () => {
      const compiled = compileResolverChain(chain);
      for (const user of [undefined, 'alice', 'mallory']) {
        const request = requestWith(user);
        expect(summary(await compiled(request)), `x-user: ${user}`).toBe(
          summary(await resolveIdentity(chain, request)),
        );
      }
    });
  }

  it('answers a fast resolver without a promise', () => {
    const answer = compileResolverChain([session])(requestWith('alice'));
    expect(answer).not.toBeInstanceOf(Promise);
    expect(summary(answer as IdentityResult)).toBe('ok session alice');
  });
});

describe('token resolvers: one stamped identity per verification', () => {
  const verification = (frozen: boolean): TokenVerification => {
    const answer = {
      ok: true as const,
      identity: Object.freeze({ userId: 'user_1', organizationId: 'org_1', claims: Object.freeze({}) }),
    };
    return frozen ? Object.freeze(answer) : answer;
  };
  for (const frozen of [false, true]) {
    it(`hands out the same identity for the same verification (${frozen ? 'frozen, kept in a WeakMap' : 'carried on the verification'})`, async () => {
      const answer = verification(frozen);
      const verifier: TokenVerifier = { verify: async () => answer };
      const resolver = bearerToken(verifier);
      const request: IdentitySource = {
        header: (name) => (name === 'authorization' ? 'Bearer a.b.c' : undefined),
      };
      const first = await resolver.resolve(request);
      const second = await resolver.resolve(request);
      expect(first.ok && second.ok).toBe(true);
      if (!first.ok || !second.ok) return;
      expect(second.identity).toBe(first.identity);
      expect(first.identity).toMatchObject({ userId: 'user_1', source: 'bearer' });
      expect(Object.isFrozen(first.identity)).toBe(true);
      // a second resolver over the same verifier stamps its own
      const other = await bearerToken(verifier).resolve(request);
      expect(other.ok && other.identity).not.toBe(first.identity);
    });
  }
});
