// createFga(): options validated at creation, req.fga defined lazily without touching req.user,
// and the error handler turning fgakit errors thrown in handlers into problem responses.
import { ConfigurationError, PermissionDeniedError } from '@fgakit/core';
import { createFgaRuntime } from '@fgakit/core/http';
import type { NextFunction, Request, Response } from 'express';
import request from 'supertest';
import { describe, expect, it, vi } from 'vitest';
import { createFga } from './fga-middleware.js';
import {
  createTestFga,
  EXPRESS_VERSIONS,
  headerIdentity,
  identityOf,
  problemCode,
  seededAuthorizer,
} from './test-fixtures.js';
import { toAuthzRequest } from './to-authz-request.js';

describe('createFga', () => {
  it.each([
    { scenario: 'no options', options: undefined },
    { scenario: 'no authorizer', options: { identity: headerIdentity } },
    { scenario: 'no identity', options: { authorizer: seededAuthorizer() } },
    {
      scenario: 'a bad timeout',
      options: { authorizer: seededAuthorizer(), identity: headerIdentity, timeoutMs: -1 },
    },
  ])('throws ConfigurationError at creation for $scenario', ({ options }) => {
    expect(() => createFga(options as never)).toThrow(ConfigurationError);
  });

  it('adopts an existing core runtime, so several adapters can share one', () => {
    const runtime = createFgaRuntime({ authorizer: seededAuthorizer(), identity: headerIdentity });
    expect(createFga(runtime).runtime).toBe(runtime);
  });

  it('returns named middleware; the error handler has the four parameters Express looks for', () => {
    const { fga } = createTestFga();
    expect(fga.middleware().name).toBe('fgaMiddleware');
    expect(fga.errorHandler().name).toBe('fgaErrorHandler');
    expect(fga.errorHandler().length).toBe(4);
  });
});

describe.each(EXPRESS_VERSIONS)('fga.middleware() and fga.errorHandler() on $version', ({ express }) => {
  it('defines req.fga lazily: nothing is resolved for a handler that never reads it', async () => {
    const identity = vi.fn(headerIdentity);
    const { fga } = createTestFga({ identity });
    const app = express();
    app.use(fga.middleware());
    app.get('/health', (req, res) => {
      res.json({ defined: 'fga' in req, enumerable: Object.keys(req).includes('fga') });
    });
    await request(app).get('/health').set('x-user', 'bob').expect(200, { defined: true, enumerable: false });
    expect(identity).not.toHaveBeenCalled();
  });

  it("defines req.fga once, on the app's request prototype, never as a property of each request", async () => {
    const { fga } = createTestFga();
    const app = express();
    app.use(fga.middleware());
    app.get('/projects/:projectId', fga.requirePermission('project', 'project:view'), (req, res) => {
      const view = toAuthzRequest(req);
      res.json({
        own: Object.hasOwn(req, 'fga'),
        onPrototype: Object.hasOwn(app.request, 'fga'),
        // the view rides on res.locals: fgakit adds no property at all to req
        reqSymbols: fgakitSymbols(req),
        localsSymbols: fgakitSymbols(res.locals),
        sameView: view.native === req && toAuthzRequest(req) === view,
      });
    });
    await request(app)
      .get('/projects/web')
      .set('x-user', 'bob')
      .expect(200, {
        own: false,
        onPrototype: true,
        reqSymbols: [],
        localsSymbols: ['Symbol(fgakit.requestView)'],
        sameView: true,
      });
    // in an app whose prototype has the getter, a request that met no fgakit middleware has no context
    const other = express();
    other.get('/guarded/:projectId', fga.requirePermission('project', 'project:view'), (_req, res) => {
      res.end();
    });
    other.get('/plain', (req, res) => res.json({ fga: req.fga === undefined }));
    await request(other).get('/guarded/web').set('x-user', 'bob').expect(200);
    await request(other).get('/plain').expect(200, { fga: true });
  });

  it('gives req.fga of the first runtime a request met, even with several runtimes in one app', async () => {
    const first = createTestFga().fga;
    const second = createTestFga().fga;
    const app = express();
    app.get(
      '/projects/:projectId',
      first.middleware(),
      second.requirePermission('project', 'project:view'),
      (req, res) => {
        res.json({ first: req.fga === first.context(req), second: req.fga === second.context(req) });
      },
    );
    app.get('/only-second/:projectId', second.requirePermission('project', 'project:view'), (req, res) => {
      res.json({ second: req.fga === second.context(req) });
    });
    await request(app).get('/projects/web').set('x-user', 'bob').expect(200, { first: true, second: false });
    await request(app).get('/only-second/web').set('x-user', 'bob').expect(200, { second: true });
  });

  it('falls back to a getter on the request itself when it is not an Express request', async () => {
    const { fga } = createTestFga();
    const { createServer } = await import('node:http');
    const server = createServer((req, res) => {
      const expressReq = Object.assign(req, { params: { projectId: 'web' } }) as unknown as Request;
      fga.middleware()(expressReq, res as unknown as Response, () => {
        res.end(
          JSON.stringify({
            own: Object.hasOwn(req, 'fga'),
            context: expressReq.fga === fga.context(expressReq),
          }),
        );
      });
    });
    const { text } = await request(server).get('/').set('x-user', 'bob');
    expect(JSON.parse(text)).toEqual({ own: true, context: true });
  });

  it('never touches req.user, and req.fga answers questions in handlers', async () => {
    const { fga } = createTestFga();
    const app = express();
    const user = { name: 'from passport' };
    app.use((req, _res, next) => {
      (req as Request & { user?: unknown }).user = user;
      next();
    });
    app.use(fga.middleware());
    app.get('/me', async (req, res) => {
      const identity = await req.fga.identify();
      res.json({
        sameUser: (req as Request & { user?: unknown }).user === user,
        userId: identity.userId,
        sameContext: req.fga === fga.context(req),
        canViewWeb: await req.fga.can('project:view', { type: 'project', externalId: 'web' }),
        canViewApi: await req.fga.can('project:view', { type: 'project', externalId: 'api' }),
      });
    });
    await request(app)
      .get('/me')
      .set('x-user', 'bob')
      .expect(200, {
        sameUser: true,
        userId: identityOf('bob')?.userId,
        sameContext: true,
        canViewWeb: true,
        canViewApi: false,
      });
  });

  it('turns fgakit errors thrown in handlers into problem responses, others go to next(err)', async () => {
    const { fga } = createTestFga();
    const app = express();
    app.use(fga.middleware());
    app.get('/sync', () => {
      throw new PermissionDeniedError('permission_denied', 'no');
    });
    // Express 4 does not catch async rejections itself: the handler forwards them, as users must
    app.get('/assert/:projectId', (req, _res, next) => {
      req.fga
        .assert('project:edit', { type: 'project', externalId: String(req.params.projectId) })
        .then(() => next(), next);
    });
    app.get('/boom', () => {
      throw new Error('not ours');
    });
    app.use(fga.errorHandler());
    app.use((err: Error, _req: Request, res: Response, _next: NextFunction) => {
      res.status(500).json({ fallthrough: err.message });
    });
    const denied = await request(app).get('/sync').expect(403);
    expect(denied.headers['content-type']).toBe('application/problem+json');
    expect(problemCode(denied)).toBe('permission_denied');
    const anonymous = await request(app).get('/assert/web').expect(401);
    expect(problemCode(anonymous)).toBe('authentication_required');
    expect(problemCode(await request(app).get('/assert/web').set('x-user', 'bob').expect(403))).toBe(
      'permission_denied',
    );
    await request(app).get('/boom').expect(500, { fallthrough: 'not ours' });
  });

  it('leaves a response that already started to Express', async () => {
    const { fga } = createTestFga();
    const app = express();
    app.get('/stream', (_req, res, next) => {
      res.write('partial');
      next(new PermissionDeniedError('permission_denied', 'too late'));
    });
    const seen: unknown[] = [];
    app.use(fga.errorHandler());
    app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
      seen.push(err);
      res.end();
    });
    const res = await request(app).get('/stream');
    expect(res.status).toBe(200);
    expect(seen).toHaveLength(1);
  });

  it('types custom identity functions with the Express request as `native`', async () => {
    const { fga } = createTestFga({
      identity: (request) => {
        const user = request.native.get('x-session-user');
        return (user === undefined ? undefined : identityOf(user)) ?? null;
      },
    });
    const app = express();
    app.get('/projects/:projectId', fga.requirePermission('project', 'project:view'), (_req, res) => {
      res.sendStatus(204);
    });
    await request(app).get('/projects/web').set('x-session-user', 'bob').expect(204);
    await request(app).get('/projects/web').expect(401);
  });
});

/** The symbol keys fgakit put on an object (Node's own request symbols left out). */
function fgakitSymbols(target: object): string[] {
  return Object.getOwnPropertySymbols(target)
    .map(String)
    .filter((name) => name.startsWith('Symbol(fgakit.'));
}
