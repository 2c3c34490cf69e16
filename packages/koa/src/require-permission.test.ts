import { ConfigurationError } from '@fgakit/core';
import Router from '@koa/router';
import Koa from 'koa';
import bodyParser from 'koa-bodyparser';
import supertest from 'supertest';
import { describe, expect, it } from 'vitest';
import { createFga, type FgaKoa } from './fga-middleware.js';
import type { FgaGuard } from './require-permission.js';
import { options } from './test-helpers.js';

function appWith(mount: (router: Router, fga: FgaKoa) => void) {
  const opts = options();
  const fga = createFga(opts);
  const app = new Koa();
  const router = new Router();
  mount(router, fga);
  app.use(bodyParser());
  app.use(router.routes());
  return { request: supertest(app.callback()), authorizer: opts.authorizer };
}

function projectRoutes(router: Router, fga: FgaKoa): void {
  router.get(
    '/projects/:projectId',
    fga.requirePermission('project', 'project:view', { conceal: true }),
    (ctx) => {
      ctx.body = { project: ctx.params.projectId };
    },
  );
  router.patch('/projects/:projectId', fga.requirePermission('project', 'project:edit'), (ctx) => {
    ctx.body = { edited: ctx.params.projectId };
  });
}

describe('fga.requirePermission', () => {
  it.each([
    ['allowed', 'alice', 'get', '/projects/web', 200, undefined],
    ['no identity', undefined, 'get', '/projects/web', 401, 'authentication_required'],
    ['denied, plain', 'bob', 'patch', '/projects/web', 403, 'permission_denied'],
    ['denied, concealed', 'bob', 'get', '/projects/mobile', 404, 'entity_not_found'],
  ] as const)('%s → %i', async (_name, user, method, path, status, code) => {
    const { request } = appWith(projectRoutes);
    const call = request[method](path);
    const res = await (user === undefined ? call : call.set('x-user', user));
    expect(res.status).toBe(status);
    if (code !== undefined) {
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(JSON.parse(res.text)).toMatchObject({ status, code });
    }
  });

  it('fails closed with 503 and Retry-After when the authorizer throws, and never runs the handler', async () => {
    let ran = false;
    const { request, authorizer } = appWith((router, fga) => {
      router.get('/projects/:projectId', fga.requirePermission('project', 'project:view'), (ctx) => {
        ran = true;
        ctx.body = 'secret';
      });
    });
    authorizer.fail();
    const res = await request.get('/projects/web').set('x-user', 'alice');
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBeDefined();
    expect(JSON.parse(res.text)).toMatchObject({ code: 'authorization_unavailable' });
    expect(ran).toBe(false);
  });

  it('rejects an unknown permission slug when the route is declared, not per request', () => {
    const fga = createFga(options());
    expect(() => fga.requirePermission('project', 'projct:view')).toThrow(ConfigurationError);
  });

  it('returns a named middleware that carries its requirement', () => {
    const fga = createFga(options());
    const guard: FgaGuard = fga.requirePermission('project', 'project:view');
    expect(guard.name).toBe('fgaRequirePermission');
    expect(guard.requirement.description).toContain('project:view');
  });

  it('reads the id from the parsed body when declared', async () => {
    const { request } = appWith((router, fga) => {
      router.post(
        '/edits',
        fga.requirePermission('project', 'project:edit', { resource: { body: 'projectId' } }),
        (ctx) => {
          ctx.status = 204;
        },
      );
    });
    expect((await request.post('/edits').set('x-user', 'alice').send({ projectId: 'web' })).status).toBe(204);
    expect((await request.post('/edits').set('x-user', 'bob').send({ projectId: 'web' })).status).toBe(403);
  });

  it('checks a loaded row on its nearest FGA parent and exposes the row as ctx.state.fga.loaded', async () => {
    const documents = new Map([['doc-1', { id: 'doc-1', projectId: 'web', title: 'Spec' }]]);
    const { request } = appWith((router, fga) => {
      const canView = fga.requirePermission('project', 'document:view', {
        conceal: true,
        load: (req) => {
          const doc = documents.get(req.param('documentId') ?? '');
          return doc === undefined ? null : { externalId: doc.projectId, row: doc };
        },
      });
      router.get('/documents/:documentId', canView, (ctx) => {
        ctx.body = ctx.state.fga.loaded;
      });
    });
    const ok = await request.get('/documents/doc-1').set('x-user', 'alice');
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ id: 'doc-1', projectId: 'web', title: 'Spec' });
    const missing = await request.get('/documents/doc-404').set('x-user', 'alice');
    const forbidden = await request.get('/documents/doc-1').set('x-user', 'bob');
    // concealed: a missing and a forbidden document answer identically
    expect([missing.status, forbidden.status]).toEqual([404, 404]);
    expect(missing.text).toBe(forbidden.text);
  });

  it('shares the per-request memo with the handler: the same question is asked once', async () => {
    const { request, authorizer } = appWith((router, fga) => {
      router.get('/projects/:projectId', fga.requirePermission('project', 'project:view'), async (ctx) => {
        const again = await ctx.state.fga.can('project:view', { type: 'project', externalId: 'web' });
        ctx.body = { again };
      });
    });
    const res = await request.get('/projects/web').set('x-user', 'alice');
    expect(res.body).toEqual({ again: true });
    expect(authorizer.callsTo('check')).toHaveLength(1);
  });
});

describe('fga.anyOf / fga.allOf', () => {
  const routes = (router: Router, fga: FgaKoa): void => {
    const view = fga.requirePermission('project', 'project:view');
    const edit = fga.requirePermission('project', 'project:edit');
    router.get('/any/:projectId', fga.anyOf(edit, view), (ctx) => {
      ctx.body = 'any';
    });
    router.get('/all/:projectId', fga.allOf(view, edit), (ctx) => {
      ctx.body = 'all';
    });
    router.get(
      '/spec/:projectId',
      fga.guard({ kind: 'permission', resourceType: 'project', permission: 'project:edit' }),
      (ctx) => {
        ctx.body = 'spec';
      },
    );
  };

  it.each([
    ['alice', '/any/web', 200],
    ['bob', '/any/web', 200],
    ['alice', '/all/web', 200],
    ['bob', '/all/web', 403],
    ['alice', '/spec/web', 200],
    ['bob', '/spec/web', 403],
  ] as const)('%s GET %s → %i', async (user, path, status) => {
    const { request } = appWith(routes);
    expect((await request.get(path).set('x-user', user)).status).toBe(status);
  });
});
