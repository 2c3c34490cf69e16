// The AuthzRequest view of an Express request, on Express 4 and 5: the same object for a whole
// request, full paths under routers, first values of repeated keys, cookies, and no abort signal.
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AuthzRequest } from '@fgakit/core/http';
import type { Request, Response } from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createTestFga, EXPRESS_VERSIONS } from './test-fixtures.js';
import { toAuthzRequest } from './to-authz-request.js';

function describeView(view: AuthzRequest<Request>) {
  return {
    method: view.method,
    path: view.path,
    param: view.param('projectId') ?? null,
    query: view.query('tag') ?? null,
    nested: view.query('filter') ?? null,
    header: view.header('X-Trace') ?? null,
    cookie: view.cookie?.('session') ?? null,
    body: view.body() ?? null,
  };
}

describe.each(EXPRESS_VERSIONS)('toAuthzRequest on $version', ({ express }) => {
  it('reads the request live, with the full path under a mounted router', async () => {
    const app = express();
    const router = express.Router();
    app.use((req, _res, next) => {
      toAuthzRequest(req); // built before the body parser ran: the body is still seen later
      next();
    });
    app.use(express.json());
    router.post('/projects/:projectId', (req, res) => {
      const view = toAuthzRequest(req);
      res.json({ same: view === toAuthzRequest(req), native: view.native === req, ...describeView(view) });
    });
    app.use('/api', router);
    const res = await request(app)
      .post('/api/projects/web?tag=a&tag=b&filter[x]=1')
      .set('x-trace', 't-1')
      .set('cookie', 'theme=dark; session=abc%20def')
      .send({ name: 'Web' })
      .expect(200);
    expect(res.body).toEqual({
      same: true,
      native: true,
      method: 'POST',
      path: '/api/projects/web',
      param: 'web',
      query: 'a',
      nested: null,
      header: 't-1',
      cookie: 'abc def',
      body: { name: 'Web' },
    });
  });

  it('prefers cookies parsed by cookie-parser, signed ones first', async () => {
    const app = express();
    app.use((req, _res, next) => {
      // what cookie-parser leaves behind
      Object.assign(req, { cookies: { session: 'plain' }, signedCookies: { session: 'verified' } });
      next();
    });
    app.get('/', (req, res) => {
      res.json({ cookie: toAuthzRequest(req).cookie?.('session') });
    });
    await request(app).get('/').set('cookie', 'session=raw').expect(200, { cookie: 'verified' });
  });

  it('has no abort signal; an abandoned request whose authorizer hangs never reaches the handler', async () => {
    // the signal is left out on purpose (see createView): the runtime's timeout cuts the hung call
    const { fga, authorizer } = createTestFga({ timeoutMs: 300 });
    authorizer.hang();
    const app = express();
    let signal: AbortSignal | undefined | null = null;
    let response: Response | undefined;
    let reached = false;
    app.use((req, res, next) => {
      signal = toAuthzRequest(req).signal;
      response = res;
      next();
    });
    app.get('/projects/:projectId', fga.requirePermission('project', 'project:view'), (_req, res) => {
      reached = true;
      res.sendStatus(204);
    });
    const server = app.listen(0, '127.0.0.1');
    try {
      await new Promise((resolve) => server.once('listening', resolve));
      const { port } = server.address() as AddressInfo;
      const client = httpRequest({
        port,
        host: '127.0.0.1',
        path: '/projects/web',
        headers: { 'x-user': 'bob' },
      });
      client.on('error', () => {}); // the socket is destroyed below, on purpose
      client.end();
      // the guard is waiting on the (hanging) authorizer when the client goes away
      await expect.poll(() => authorizer.calls.length, { interval: 5 }).toBeGreaterThan(0);
      expect(response?.writableEnded).toBe(false);
      client.destroy();
      // timeoutMs later the guard answers 503 (to nobody) instead of calling the handler
      await expect.poll(() => response?.statusCode, { timeout: 2_000 }).toBe(503);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(reached).toBe(false);
      expect(signal).toBeUndefined();
    } finally {
      server.close();
    }
  });
});
