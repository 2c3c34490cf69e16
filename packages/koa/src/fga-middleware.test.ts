import { ConfigurationError, PermissionDeniedError } from '@fgakit/core';
import type { FgaContext } from '@fgakit/core/http';
import Router from '@koa/router';
import Koa from 'koa';
import supertest from 'supertest';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { createFga } from './fga-middleware.js';
import { headerIdentity, identityOf, MEMBERS, options, seededAuthorizer } from './test-helpers.js';
import type { FgaState } from './types.js';

function appWith(handler: Koa.Middleware) {
  const opts = options();
  const fga = createFga(opts);
  const app = new Koa();
  const errors: unknown[] = [];
  app.on('error', (error: unknown) => errors.push(error));
  app.use(fga.middleware());
  app.use(handler);
  return { request: supertest(app.callback()), authorizer: opts.authorizer, errors, fga };
}

describe('createFga', () => {
  it('validates options when created, naming the fix', () => {
    expect(() => createFga({ identity: headerIdentity } as never)).toThrow(ConfigurationError);
    expect(() => createFga({ ...options(), timeoutMs: -1 })).toThrow(/timeoutMs/);
  });

  it('returns a named middleware', () => {
    expect(createFga(options()).middleware().name).toBe('fgaMiddleware');
  });

  it('accepts an existing runtime, so adapters in one process share it', () => {
    const first = createFga(options());
    expect(createFga(first.runtime).runtime).toBe(first.runtime);
  });

  it('hands identity functions the Koa ctx as request.native', async () => {
    const fga = createFga({
      authorizer: seededAuthorizer(),
      identity: (request) => {
        const user = request.native.cookies.get('session-user');
        return (user === undefined ? undefined : identityOf(user)) ?? null;
      },
    });
    const app = new Koa();
    app.use(fga.middleware());
    app.use(async (ctx) => {
      ctx.body = { membership: await ctx.state.fga.resolveMembershipId() };
    });
    const res = await supertest(app.callback()).get('/').set('cookie', 'session-user=alice');
    expect(res.body).toEqual({ membership: MEMBERS.get('alice') });
  });
});

describe('fga.middleware()', () => {
  it('defines ctx.state.fga without calling the authorizer, and it serializes to a summary only', async () => {
    const { request, authorizer } = appWith(async (ctx) => {
      const before = JSON.parse(JSON.stringify(ctx.state));
      const callsBefore = authorizer.calls.length;
      await ctx.state.fga.resolveMembershipId();
      const after = JSON.parse(JSON.stringify(ctx.state));
      ctx.body = { keys: Object.keys(ctx.state), before, callsBefore, after };
    });
    const res = await request.get('/').set('x-user', 'alice');
    expect(res.body).toEqual({
      keys: ['fga'],
      before: { fga: {} },
      callsBefore: 0,
      after: { fga: { ...identityOf('alice'), membershipId: MEMBERS.get('alice') } },
    });
  });

  it('gives handlers check, can, effectivePermissions and identity on ctx.state.fga', async () => {
    const { request, fga } = appWith(async (ctx) => {
      const web = { type: 'project', externalId: 'web' };
      const identity = await ctx.state.fga.identify();
      ctx.body = {
        user: identity.userId,
        membership: await ctx.state.fga.resolveMembershipId(),
        canView: await ctx.state.fga.can('project:view', web),
        check: (await ctx.state.fga.check('project:edit', web)).allowed,
        permissions: await ctx.state.fga.effectivePermissions(web),
        same: fga.context(ctx) === ctx.state.fga,
      };
    });
    // bob may view web but not edit it
    const res = await request.get('/').set('x-user', 'bob');
    expect(res.body).toEqual({
      user: identityOf('bob')?.userId,
      membership: MEMBERS.get('bob'),
      canView: true,
      check: false,
      permissions: ['project:view'],
      same: true,
    });
  });

  it.each([
    ['assert denied', 'bob', 403, 'permission_denied'],
    ['no identity', undefined, 401, 'authentication_required'],
  ] as const)(
    'answers an fgakit error thrown by a handler (%s) with problem+json',
    async (_n, user, status, code) => {
      const { request } = appWith(async (ctx) => {
        await ctx.state.fga.assert('project:edit', { type: 'project', externalId: 'web' });
        ctx.body = 'edited';
      });
      const call = request.get('/');
      const res = await (user === undefined ? call : call.set('x-user', user));
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(JSON.parse(res.text)).toMatchObject({ status, code });
    },
  );

  it('answers 503 when the authorizer fails inside a handler, and still reports it to app.on("error")', async () => {
    const { request, authorizer, errors } = appWith(async (ctx) => {
      ctx.body = await ctx.state.fga.can('project:view', { type: 'project', externalId: 'web' });
    });
    authorizer.fail();
    const res = await request.get('/').set('x-user', 'alice');
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBeDefined();
    expect(errors).toHaveLength(1);
  });

  it('passes errors that are not fgakit errors on to Koa untouched', async () => {
    const { request, errors } = appWith(() => {
      throw Object.assign(new Error('teapot'), { status: 418, expose: true });
    });
    const res = await request.get('/');
    expect(res.status).toBe(418);
    expect(res.text).toBe('teapot');
    expect(errors).toHaveLength(1);
  });

  it('keeps a thrown fgakit error’s own status (a PermissionDeniedError thrown directly)', async () => {
    const { request } = appWith(() => {
      throw new PermissionDeniedError('permission_denied', 'Only owners may archive.');
    });
    const res = await request.get('/');
    expect(res.status).toBe(403);
    expect(JSON.parse(res.text)).toMatchObject({ code: 'permission_denied' });
  });
});

describe('without fga.middleware()', () => {
  it('a guard still defines ctx.state.fga, and Koa’s own error handler keeps an fgakit error’s status', async () => {
    const fga = createFga(options());
    const app = new Koa();
    app.silent = true;
    const router = new Router();
    router.get('/projects/:projectId', fga.requirePermission('project', 'project:view'), async (ctx) => {
      await ctx.state.fga.assert('project:edit', { type: 'project', externalId: 'web' });
    });
    app.use(router.routes());
    const res = await supertest(app.callback()).get('/projects/web').set('x-user', 'bob');
    expect(res.status).toBe(403);
  });
});

describe('types', () => {
  it('types ctx.state.fga on Koa’s default state and on app states extending FgaState', () => {
    const router = new Router<FgaState & { requestId: string }>();
    router.get('/', (ctx) => {
      expectTypeOf(ctx.state.fga).toEqualTypeOf<FgaContext>();
    });
    const app = new Koa();
    app.use((ctx) => {
      expectTypeOf(ctx.state.fga).toEqualTypeOf<FgaContext>();
    });
  });
});
