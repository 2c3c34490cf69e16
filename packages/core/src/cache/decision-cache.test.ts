import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Authorizer, CheckQuery, Decision } from '../authorizer.js';
import { createLocalAuthorizer } from '../config/create-local-authorizer.js';
import { parseModel } from '../config/parse-model.js';
import { LocalAuthorizer } from '../engine/local-authorizer.js';
import { ConfigurationError } from '../errors.js';
import { instrumentAuthorizer } from '../testing/instrument-authorizer.js';
import { encodeKey } from './cache-key.js';
import { cached } from './decision-cache.js';

/** A reference authorizer whose answers come from a mutable grant set; counts its checks. */
function reference() {
  const grants = new Set<string>();
  let checks = 0;
  let revision = 1;
  const grantKey = (q: CheckQuery): string =>
    encodeKey([q.membershipId, q.permission, 'id' in q.resource ? q.resource.id : q.resource.externalId]);
  // the other methods delegate to an empty engine; only `check` is under test
  const inner = instrumentAuthorizer(new LocalAuthorizer());
  const authorizer: Authorizer = {
    ...inner,
    check: async (q): Promise<Decision> => {
      checks += 1;
      const allowed = grants.has(grantKey(q));
      return {
        allowed,
        reason: allowed ? 'role_assignment' : 'no_matching_role',
        revision,
        source: 'engine',
      };
    },
  };
  return {
    authorizer,
    grant(q: CheckQuery) {
      grants.add(grantKey(q));
      revision += 1;
    },
    revoke(q: CheckQuery) {
      grants.delete(grantKey(q));
      revision += 1;
    },
    get checks() {
      return checks;
    },
    get revision() {
      return revision;
    },
  };
}

const q = (membershipId: string, permission: string, externalId: string): CheckQuery => ({
  membershipId,
  permission,
  resource: { type: 'project', externalId },
});

describe('encodeKey', () => {
  it('never collides for different tuples', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string(), { maxLength: 4 }),
        fc.array(fc.string(), { maxLength: 4 }),
        (a, b) => {
          fc.pre(JSON.stringify(a) !== JSON.stringify(b));
          expect(encodeKey(a)).not.toBe(encodeKey(b));
        },
      ),
    );
  });
});

describe('cached(authorizer)', () => {
  it('answers repeats from the cache with source "cache"', async () => {
    const ref = reference();
    ref.grant(q('om_1', 'project:view', 'web'));
    const authorizer = cached(ref.authorizer);
    expect((await authorizer.check(q('om_1', 'project:view', 'web'))).source).toBe('engine');
    const again = await authorizer.check(q('om_1', 'project:view', 'web'));
    expect(again).toMatchObject({ allowed: true, source: 'cache' });
    expect(ref.checks).toBe(1);
    expect(authorizer.stats()).toMatchObject({ hits: 1, misses: 1 });
  });

  it('de-duplicates concurrent identical checks', async () => {
    const ref = reference();
    const authorizer = cached(ref.authorizer);
    await Promise.all(Array.from({ length: 10 }, () => authorizer.check(q('om_1', 'project:view', 'web'))));
    expect(ref.checks).toBe(1);
  });

  it('keeps denials for a shorter time', async () => {
    const ref = reference();
    const authorizer = cached(ref.authorizer, { ttlMs: 60_000, negativeTtlMs: 1 });
    await authorizer.check(q('om_1', 'project:view', 'web'));
    await new Promise((resolve) => setTimeout(resolve, 5));
    await authorizer.check(q('om_1', 'project:view', 'web'));
    expect(ref.checks).toBe(2);
  });

  it('bypasses with consistency "fresh" and honours { atLeast }', async () => {
    const ref = reference();
    const authorizer = cached(ref.authorizer);
    const query = q('om_1', 'project:view', 'web');
    await authorizer.check(query);
    ref.grant(query);
    expect((await authorizer.check(query)).allowed).toBe(false);
    expect((await authorizer.check(query, { consistency: { atLeast: ref.revision } })).allowed).toBe(true);
    ref.revoke(query);
    expect((await authorizer.check(query, { consistency: 'fresh' })).allowed).toBe(false);
  });

  it('invalidates by membership, resource, organization and revision', async () => {
    const ref = reference();
    const authorizer = cached(ref.authorizer);
    const a = q('om_1', 'project:view', 'web');
    const b = q('om_2', 'project:view', 'api');
    await authorizer.check(a);
    await authorizer.check(b);
    ref.grant(a);
    ref.grant(b);
    authorizer.invalidateMembership('om_1');
    expect((await authorizer.check(a)).allowed).toBe(true);
    expect((await authorizer.check(b)).allowed).toBe(false);
    authorizer.invalidateResource({ type: 'project', externalId: 'api' });
    expect((await authorizer.check(b)).allowed).toBe(true);
    ref.revoke(a);
    authorizer.invalidateOrganization('org_1'); // om_1's organization is unknown: dropped conservatively
    expect((await authorizer.check(a)).allowed).toBe(false);
    ref.revoke(b);
    authorizer.invalidateRevision(ref.revision);
    expect((await authorizer.check(b)).allowed).toBe(false);
  });

  it('does not cache failures', async () => {
    const { authorizer: engine, seed } = await createLocalAuthorizer({
      model: parseModel(`
resourceTypes: [{ slug: project }]
permissions: [{ slug: project:view, resourceType: project }]
organizations: [{ externalId: o, name: O }]
users: [{ email: u@o.test }]
memberships: [{ user: u@o.test, organization: o }]
`),
    });
    const fake = instrumentAuthorizer(engine);
    const authorizer = cached(fake);
    const membershipId = seed.membership('u@o.test', 'o').id;
    fake.fail(new Error('backend exploded'));
    await expect(authorizer.check(q(membershipId, 'project:view', 'web'))).rejects.toThrow(
      'backend exploded',
    );
    fake.restore();
    await expect(authorizer.check(q(membershipId, 'project:view', 'web'))).rejects.toThrow(/not found/);
    expect(authorizer.hasPermission?.('project:view')).toBe(true);
  });

  it('agrees with the uncached reference after any sequence of writes and invalidations', async () => {
    const query = fc.record({
      m: fc.constantFrom('om_1', 'om_2', '1:om'),
      p: fc.constantFrom('project:view', 'project:edit'),
      r: fc.constantFrom('web', 'api', '2:we'),
    });
    const op = fc.oneof(
      fc.record({ kind: fc.constant('check' as const), query }),
      fc.record({ kind: fc.constant('grant' as const), query }),
      fc.record({ kind: fc.constant('revoke' as const), query }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 40 }), async (ops) => {
        const ref = reference();
        const authorizer = cached(ref.authorizer);
        const expected = reference();
        for (const { kind, query: x } of ops) {
          const cq = q(x.m, x.p, x.r);
          if (kind === 'check') {
            const [got, want] = await Promise.all([authorizer.check(cq), expected.authorizer.check(cq)]);
            expect(got.allowed).toBe(want.allowed);
          } else {
            ref[kind](cq);
            expected[kind](cq);
            // the write path invalidates the membership, as an app's admin hook would
            authorizer.invalidateMembership(cq.membershipId);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('validates options', () => {
    expect(() => cached({} as Authorizer)).toThrow(ConfigurationError);
    expect(() => cached(reference().authorizer, { ttlMs: -1 })).toThrow(ConfigurationError);
  });
});
