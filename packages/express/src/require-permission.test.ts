// Guards as Express middleware, on Express 4 and 5: outcomes written verbatim, async failures
// answered by the adapter (never an unhandled rejection), composition, routers and id sources.
import { ConfigurationError } from '@fgakit/core';
import type { NextFunction, Request, Response } from 'express';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestFga, EXPRESS_VERSIONS, problemCode } from './test-fixtures.js';

const unhandled: unknown[] = [];
const recordUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};
beforeEach(() => {
  unhandled.length = 0;
  process.on('unhandledRejection', recordUnhandled);
});
afterEach(() => {
  process.off('unhandledRejection', recordUnhandled);
  expect(unhandled).toEqual([]);
});

function ok(req: Request, res: Response): void {
  res.json({ ok: true, resource: req.fga.resource ?? null });
}

describe.each(EXPRESS_VERSIONS)('requirePermission on $version', ({ express }) => {
  it('lets an allowed request through and exposes the checked resource on req.fga', async () => {
    const { fga } = createTestFga();
    const app = express();
    app.get('/projects/:projectId', fga.requirePermission('project', 'project:view'), (req, res) => {
      // type-level: the guard leaves `req.params` inferred from the path (a string, not string[])
      const projectId: string = req.params.projectId;
      res.json({ projectId, resource: req.fga.resource ?? null });
    });
    const res = await request(app).get('/projects/web').set('x-user', 'bob').expect(200);
    expect(res.body).toEqual({ projectId: 'web', resource: { type: 'project', externalId: 'web' } });
  });

  it.each([
    {
      scenario: 'no identity',
      user: undefined,
      path: '/projects/web',
      status: 401,
      code: 'authentication_required',
    },
    { scenario: 'denied', user: 'bob', path: '/projects/api', status: 403, code: 'permission_denied' },
    {
      scenario: 'unknown resource',
      user: 'bob',
      path: '/projects/nope',
      status: 403,
      code: 'permission_denied',
    },
  ])('writes the problem response verbatim: $scenario → $status', async ({ user, path, status, code }) => {
    const { fga } = createTestFga();
    const app = express();
    app.get('/projects/:projectId', fga.requirePermission('project', 'project:view'), ok);
    const req = request(app).get(path);
    const res = await (user === undefined ? req : req.set('x-user', user)).expect(status);
    // exactly core's headers: no charset, no ETag added by res.send
    expect(res.headers['content-type']).toBe('application/problem+json');
    expect(res.headers.etag).toBeUndefined();
    expect(res.headers['cache-control']).toBe('no-store');
    expect(problemCode(res)).toBe(code);
    expect(res.body).toMatchObject({ status, type: `urn:fgakit:problem:${code}` });
    if (status === 401) expect(res.headers['www-authenticate']).toBe('Bearer');
  });

  it('conceals per route: a forbidden and a missing project answer the same 404', async () => {
    const { fga } = createTestFga();
    const app = express();
    app.get('/projects/:projectId', fga.requirePermission('project', 'project:view', { conceal: true }), ok);
    const forbidden = await request(app).get('/projects/api').set('x-user', 'bob').expect(404);
    const missing = await request(app).get('/projects/nope').set('x-user', 'bob').expect(404);
    expect(forbidden.text).toBe(missing.text);
    expect(problemCode(forbidden)).toBe('entity_not_found');
  });

  it.each(['throw', 'hang'] as const)(
    'answers 503 with Retry-After when the authorizer %ss',
    async (mode) => {
      const { fga, authorizer } = createTestFga({ timeoutMs: 50, retryAfterSeconds: 7 });
      if (mode === 'throw') authorizer.fail();
      else authorizer.hang();
      const app = express();
      app.get('/projects/:projectId', fga.requirePermission('project', 'project:view'), ok);
      const res = await request(app).get('/projects/web').set('x-user', 'bob').expect(503);
      expect(res.headers['retry-after']).toBe('7');
      expect(problemCode(res)).toMatch(/^authorization_(unavailable|timeout)$/);
    },
  );

  it('answers 503 when an async loader rejects, and 404 when it finds nothing', async () => {
    const { fga } = createTestFga();
    const app = express();
    const guard = fga.requirePermission<{ title: string }>('project', 'document:view', {
      load: async (request) => {
        const id = request.native.params.documentId;
        if (id === 'broken') throw new Error('database down');
        return id === 'doc-1' ? { externalId: 'web', row: { title: 'Launch' } } : null;
      },
      conceal: true,
    });
    app.get('/documents/:documentId', guard, (req, res) => {
      res.json(req.fga.loaded);
    });
    await request(app).get('/documents/doc-1').set('x-user', 'bob').expect(200, { title: 'Launch' });
    await request(app).get('/documents/doc-9').set('x-user', 'bob').expect(404);
    const broken = await request(app).get('/documents/broken').set('x-user', 'bob').expect(503);
    expect(problemCode(broken)).toBe('authorization_unavailable');
  });

  it('composes guards with anyOf / allOf and runs requirement data via guard()', async () => {
    const { fga } = createTestFga();
    const canView = fga.requirePermission('project', 'project:view');
    const canEdit = fga.requirePermission('project', 'project:edit');
    const app = express();
    app.get('/any/:projectId', fga.anyOf(canEdit, canView), ok);
    app.get('/all/:projectId', fga.allOf(canView, canEdit), ok);
    app.get(
      '/data/:projectId',
      fga.guard({ kind: 'permission', resourceType: 'project', permission: 'project:edit' }),
      ok,
    );
    await request(app).get('/any/web').set('x-user', 'bob').expect(200);
    await request(app).get('/all/web').set('x-user', 'bob').expect(403);
    await request(app).get('/data/web').set('x-user', 'bob').expect(403);
    await request(app).get('/data/web').set('x-user', 'alice').expect(200);
  });

  it('checks organization permissions on the caller’s organization resource', async () => {
    const { fga } = createTestFga();
    const app = express();
    app.post('/workspaces', fga.requireOrganizationPermission('workspace:create'), ok);
    await request(app).post('/workspaces').set('x-user', 'alice').expect(200);
    await request(app).post('/workspaces').set('x-user', 'bob').expect(403);
  });

  it('reads params of a guard inside a mounted router', async () => {
    const { fga } = createTestFga();
    const app = express();
    const router = express.Router({ mergeParams: true });
    router.get('/projects/:projectId', fga.requirePermission('project', 'project:view'), ok);
    app.use('/api/v1', router);
    await request(app).get('/api/v1/projects/web').set('x-user', 'bob').expect(200);
    await request(app).get('/api/v1/projects/api').set('x-user', 'bob').expect(403);
  });

  it('reads ids from the parsed body, the query string and a header', async () => {
    const { fga } = createTestFga();
    const app = express();
    app.use(express.json());
    app.post(
      '/edit',
      fga.requirePermission('project', 'project:view', { resource: { body: 'project' } }),
      ok,
    );
    app.get(
      '/view',
      fga.requirePermission('project', 'project:view', { resource: { query: 'project' } }),
      ok,
    );
    app.get(
      '/head',
      fga.requirePermission('project', 'project:view', { resource: { header: 'x-project' } }),
      ok,
    );
    await request(app).post('/edit').set('x-user', 'bob').send({ project: 'web' }).expect(200);
    await request(app).post('/edit').set('x-user', 'bob').send({ project: 'api' }).expect(403);
    // a repeated query key: the first value is the id on both query parsers (qs and querystring)
    await request(app).get('/view?project=web&project=api').set('x-user', 'bob').expect(200);
    await request(app).get('/view?project=api').set('x-user', 'bob').expect(403);
    await request(app).get('/head').set('x-user', 'bob').set('x-project', 'web').expect(200);
    const missing = await request(app).get('/view').set('x-user', 'bob').expect(400);
    expect(problemCode(missing)).toBe('bad_request');
  });

  it('asks the authorizer once when the guard and the handler ask the same question', async () => {
    const { fga, authorizer } = createTestFga();
    const app = express();
    app.get('/projects/:projectId', fga.requirePermission('project', 'project:view'), async (req, res) => {
      const again = await req.fga.can('project:view', { type: 'project', externalId: 'web' });
      res.json({ again });
    });
    await request(app).get('/projects/web').set('x-user', 'bob').expect(200, { again: true });
    expect(authorizer.callsTo('check')).toHaveLength(1);
  });

  it('passes a failing response writer to Express instead of leaking a rejection', async () => {
    const { fga } = createTestFga();
    const app = express();
    app.use((_req, res, next) => {
      // a response whose writer throws, e.g. a broken compression middleware
      res.setHeader = () => {
        throw new Error('writer broke');
      };
      next();
    });
    app.get('/projects/:projectId', fga.requirePermission('project', 'project:view'), ok);
    app.use((err: Error, _req: Request, res: Response, _next: NextFunction) => {
      res.statusCode = 500;
      res.end(err.message);
    });
    const res = await request(app).get('/projects/api').set('x-user', 'bob').expect(500);
    expect(res.text).toBe('writer broke');
  });
});

describe('declaring guards', () => {
  it('throws at start-up for an unknown permission slug, naming it', () => {
    const { fga } = createTestFga();
    expect(() => fga.requirePermission('project', 'projct:view')).toThrow(ConfigurationError);
    expect(() => fga.requirePermission('project', 'projct:view')).toThrow(/projct:view/);
  });

  it('returns named middleware carrying its compiled requirement', () => {
    const { fga } = createTestFga();
    const guard = fga.requirePermission('project', 'project:view');
    expect(guard.name).toBe('fgaRequirePermission');
    expect(guard.length).toBe(3);
    expect(guard.requirement.description).toContain('project:view');
    expect(fga.anyOf(guard).name).toBe('fgaRequirePermission');
  });
});
