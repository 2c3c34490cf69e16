import type { AuthzRequest } from '@fgakit/core/http';
import Router from '@koa/router';
import Koa from 'koa';
import bodyParser from 'koa-bodyparser';
import supertest from 'supertest';
import { describe, expect, it } from 'vitest';
import { sendFgaResponse, toAuthzRequest } from './to-authz-request.js';

function echoApp(): Koa {
  const app = new Koa();
  const router = new Router();
  router.post('/projects/:projectId/files/:id', (ctx) => {
    const view = toAuthzRequest(ctx);
    ctx.body = {
      method: view.method,
      path: view.path,
      projectId: view.param('projectId'),
      id: view.param('id'),
      missingParam: view.param('nope') ?? null,
      tag: view.query('tag') ?? null,
      trace: view.header('X-Trace') ?? null,
      missingHeader: view.header('x-none') ?? null,
      body: view.body() ?? null,
      stable: toAuthzRequest(ctx) === view,
      native: view.native === ctx,
    };
  });
  app.use(bodyParser());
  app.use(router.routes());
  return app;
}

describe('toAuthzRequest', () => {
  it('reads method, path, @koa/router params, the first query value, headers and the parsed body', async () => {
    const res = await supertest(echoApp().callback())
      .post('/projects/web%20app/files/f-1?tag=a&tag=b')
      .set('x-trace', 't-1')
      .send({ projectId: 'from-body' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      method: 'POST',
      path: '/projects/web%20app/files/f-1',
      projectId: 'web app',
      id: 'f-1',
      missingParam: null,
      tag: 'a',
      trace: 't-1',
      missingHeader: null,
      body: { projectId: 'from-body' },
      stable: true,
      native: true,
    });
  });

  it('answers undefined for params and body when no router or body parser ran', async () => {
    const app = new Koa();
    app.use((ctx) => {
      const view = toAuthzRequest(ctx);
      ctx.body = { param: view.param('id') ?? null, body: view.body() ?? null };
    });
    const res = await supertest(app.callback()).post('/x').send({ a: 1 });
    expect(res.body).toEqual({ param: null, body: null });
  });

  it('sees a body parsed after the view was built (accessors read ctx live)', async () => {
    const app = new Koa();
    let view: AuthzRequest<Koa.Context> | undefined;
    app.use(async (ctx, next) => {
      view = toAuthzRequest(ctx);
      await next();
    });
    app.use(bodyParser());
    app.use((ctx) => {
      ctx.body = { body: view?.body() ?? null };
    });
    const res = await supertest(app.callback()).post('/x').send({ late: true });
    expect(res.body).toEqual({ body: { late: true } });
  });

  it('leaves `signal` out, so a request pays for no AbortController or close listener', async () => {
    const app = new Koa();
    app.use((ctx) => {
      const listeners = ctx.res.listenerCount('close');
      const view = toAuthzRequest(ctx);
      ctx.body = {
        hasSignal: 'signal' in view,
        signal: view.signal ?? null,
        addedCloseListeners: ctx.res.listenerCount('close') - listeners,
      };
    });
    const res = await supertest(app.callback()).get('/');
    expect(res.body).toEqual({ hasSignal: false, signal: null, addedCloseListeners: 0 });
  });
});

describe('sendFgaResponse', () => {
  it('writes status, every header and the JSON body verbatim, keeping the problem content type', async () => {
    const app = new Koa();
    app.use((ctx) => {
      sendFgaResponse(ctx, {
        status: 503,
        headers: { 'content-type': 'application/problem+json', 'retry-after': '2' },
        body: { type: 'urn:fgakit:problem:authorization_unavailable', code: 'authorization_unavailable' },
      });
    });
    const res = await supertest(app.callback()).get('/');
    expect(res.status).toBe(503);
    expect(res.headers['content-type']).toBe('application/problem+json');
    expect(res.headers['retry-after']).toBe('2');
    expect(JSON.parse(res.text)).toEqual({
      type: 'urn:fgakit:problem:authorization_unavailable',
      code: 'authorization_unavailable',
    });
  });
});
