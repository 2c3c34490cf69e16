import { describe, expect, it } from 'vitest';
import { createLocalAuthorizer } from '../config/create-local-authorizer.js';
import { AuthenticationError, ConfigurationError } from '../errors.js';
import { instrumentAuthorizer } from '../testing/instrument-authorizer.js';
import { createRequestContext } from './context.js';
import { createFgaRuntime } from './runtime.js';
import { PROJECT_MODEL } from './test-model.js';
import type { AuthzRequest, FgaRuntimeOptions } from './types.js';

const MODEL = PROJECT_MODEL;

const U1 = 'u1@org.test';

/** The real engine seeded with MODEL, instrumented; `session` maps `x-user: <email>` to an identity. */
async function world() {
  const { authorizer: engine, seed } = await createLocalAuthorizer({ model: MODEL });
  const organizationId = seed.organization('org_1').id;
  const session = (request: AuthzRequest) => {
    const email = request.header('x-user');
    return email === undefined ? null : { userId: seed.user(email).id, organizationId };
  };
  return {
    authorizer: instrumentAuthorizer(engine),
    session,
    membershipId: seed.membership(U1, 'org_1').id,
  };
}

function req(params: Record<string, string> = {}, headers: Record<string, string> = {}): AuthzRequest {
  return {
    method: 'GET',
    path: '/',
    header: (name) => headers[name.toLowerCase()],
    param: (name) => params[name],
    query: () => undefined,
    body: () => undefined,
    native: {},
  };
}

describe('createFgaRuntime', () => {
  it('rejects bad options with the fix in the message', async () => {
    const { authorizer, session } = await world();
    const bad: unknown[] = [
      undefined,
      {},
      { authorizer },
      { authorizer, identity: [] },
      { authorizer, identity: session, timeoutMs: 0 },
      { authorizer, identity: session, conceal: 'yes' },
      { authorizer, identity: session, onDenied: 1 },
    ];
    for (const options of bad)
      expect(() => createFgaRuntime(options as FgaRuntimeOptions)).toThrow(ConfigurationError);
  });

  it('rejects unknown slugs at declaration, suggesting close ones', async () => {
    const { authorizer, session } = await world();
    const fga = createFgaRuntime({ authorizer, identity: session });
    expect(() => fga.requirePermission('project', 'projct:view')).toThrow(
      /"projct:view" is not defined.*"project:view"/,
    );
    expect(() => fga.requirePermission('projet', 'project:view')).toThrow(
      /resource type "projet".*"project"/,
    );
    expect(() => fga.requirePermission('project', 'project:view', { conceal: { unless: 'nope' } })).toThrow(
      ConfigurationError,
    );
    expect(() =>
      fga.requirePermission('project', 'project:view', { resource: { param: 'id' }, load: () => null }),
    ).toThrow(/not both/);
    expect(fga.requirePermission('project', 'project:view').description).toContain('"projectId"|"id"');
  });

  it('guards with a custom resolver, memoizes and exposes the context', async () => {
    const { authorizer: fake, session, membershipId } = await world();
    const fga = createFgaRuntime({ authorizer: fake, identity: session });
    const request = req({ projectId: 'web' }, { 'x-user': U1 });
    const outcome = await fga.authorize(request, fga.requirePermission('project', 'project:view'));
    expect(outcome.ok).toBe(true);
    expect(fga.context(request)).toBe(outcome.context);
    expect(await fga.context(request).can('project:view', { type: 'project', externalId: 'web' })).toBe(true);
    expect(fake.callsTo('check')).toHaveLength(1);
    expect(outcome.context.membershipId).toBe(membershipId);
  });

  it('lets onDenied reshape a rejection but never allow it', async () => {
    const { authorizer, session } = await world();
    const fga = createFgaRuntime({
      authorizer,
      identity: session,
      onDenied: (event) => ({ ...event.response, body: { ...event.response.body, hint: 'ask an admin' } }),
    });
    const outcome = await fga.authorize(
      req({ projectId: 'web' }, { 'x-user': U1 }),
      fga.requirePermission('project', 'project:edit'),
    );
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.response.status).toBe(403);
    expect(outcome.response.body).toMatchObject({ code: 'permission_denied', hint: 'ask an admin' });
  });

  it('reports a route without the conventional param as a configuration error', async () => {
    const { authorizer, session } = await world();
    const fga = createFgaRuntime({ authorizer, identity: session });
    const outcome = await fga.authorize(
      req({}, { 'x-user': U1 }),
      fga.requirePermission('project', 'project:view'),
    );
    expect(outcome.ok ? 0 : outcome.response.status).toBe(500);
  });

  it('chains resolvers: first success wins, a bad credential beats an absent one', async () => {
    const failing = {
      name: 'strict',
      resolve: async () => ({
        ok: false as const,
        absent: false,
        error: new AuthenticationError('invalid_token', 'bad'),
      }),
    };
    const { authorizer, session } = await world();
    const fga = createFgaRuntime({ authorizer, identity: [failing, session] });
    const ok = await fga.authorize(
      req({ projectId: 'web' }, { 'x-user': U1 }),
      fga.requirePermission('project', 'project:view'),
    );
    expect(ok.ok).toBe(true);
    const bad = await fga.authorize(
      req({ projectId: 'web' }),
      fga.requirePermission('project', 'project:view'),
    );
    expect(bad.ok ? '' : bad.error.code).toBe('invalid_token');
  });
});

describe('request context', () => {
  it('times out a hanging authorizer as 503-class', async () => {
    const { authorizer: fake, membershipId } = await world();
    fake.hang();
    const ctx = createRequestContext(
      {
        authorizer: fake,
        resolvers: [
          {
            name: 't',
            resolve: async () => ({
              ok: true,
              identity: {
                userId: 'u',
                organizationId: 'org_1',
                membershipId,
                claims: {},
                source: 't',
              },
            }),
          },
        ],
        memberships: { cache: undefined, resolve: async () => membershipId },
        tokenFastPath: true,
        timeoutMs: 20,
        retryAfterSeconds: 3,
      },
      req(),
    );
    await expect(ctx.check('project:view', { type: 'project', externalId: 'web' })).rejects.toMatchObject({
      code: 'authorization_timeout',
      retryAfter: 3,
    });
  });

  it('times out concurrent hanging calls with one shared timer, then forgets the failed decisions', async () => {
    const { authorizer: fake, session } = await world();
    const fga = createFgaRuntime({
      authorizer: fake,
      identity: session,
      timeoutMs: 20,
      retryAfterSeconds: 2,
    });
    const ctx = fga.context(req({}, { 'x-user': U1 }));
    await ctx.resolveMembershipId();
    fake.hang();
    const refs = ['web', 'api', 'docs'].map((externalId) => ({ type: 'project', externalId }));
    const outcomes = await Promise.allSettled(refs.map((ref) => ctx.check('project:view', ref)));
    for (const outcome of outcomes) {
      expect(outcome).toMatchObject({
        status: 'rejected',
        reason: { code: 'authorization_timeout', retryAfter: 2 },
      });
    }
    fake.restore();
    // a failure is not memoized: asking again reaches the authorizer
    expect(await ctx.can('project:view', { type: 'project', externalId: 'web' })).toBe(true);
  });

  it('memoizes decisions per (permission, resource) without mixing them up', async () => {
    const { authorizer: fake, session } = await world();
    const fga = createFgaRuntime({ authorizer: fake, identity: session });
    const ctx = fga.context(req({}, { 'x-user': U1 }));
    const web = { type: 'project', externalId: 'web' };
    expect(await ctx.can('project:view', web)).toBe(true);
    expect(await ctx.can('project:edit', web)).toBe(false);
    expect(await ctx.can('project:view', web)).toBe(true);
    expect(await ctx.can('project:edit', web)).toBe(false);
    expect(await ctx.can('project:view', { type: 'project', externalId: 'nope' })).toBe(false);
    expect(fake.callsTo('check')).toHaveLength(3);
  });
});
