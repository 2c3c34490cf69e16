// The fgakit demo API (examples/README.md) on Koa 2 + @koa/router: each route declares its guard
// with @fgakit/koa, then hands ctx.state.fga to the shared, framework-neutral handler.
import type { Demo, DemoDocument, DemoResult } from '@fgakit/example-shared';
import { createFga } from '@fgakit/koa';
import Router from '@koa/router';
import Koa from 'koa';
import bodyParser from 'koa-bodyparser';

/** Write a shared handler's answer on the Koa context. */
function send(ctx: Koa.Context, result: DemoResult): void {
  ctx.status = result.status;
  if (result.headers !== undefined) ctx.set({ ...result.headers });
  if (result.body === undefined) return;
  // keep the handler's content type (e.g. application/problem+json): serialize the body ourselves
  if (ctx.response.get('content-type') === '') ctx.type = 'application/json';
  ctx.body = JSON.stringify(result.body);
}

/** A param of the matched route (always present: the route's path declares it). */
function param(ctx: { readonly params: Readonly<Record<string, string>> }, name: string): string {
  return ctx.params[name] ?? '';
}

/**
 * Build the Koa demo app over a demo made by `createDemo()`. Tests drive `app.callback()`.
 *
 * @example
 * ```ts
 * const app = createApp(await createDemo({ env: process.env, framework: 'koa' }));
 * app.listen(3000);
 * ```
 */
export function createApp(demo: Demo): Koa {
  const { handlers } = demo;
  const fga = createFga(demo.runtimeOptions);
  const app = new Koa();
  const router = new Router();

  if (demo.issueDevToken !== undefined) {
    const issueDevToken = demo.issueDevToken;
    router.post('/dev/token', async function devToken(ctx) {
      send(ctx, await issueDevToken(ctx.request.body));
    });
  }
  if (demo.jwks !== undefined) {
    const jwks = demo.jwks;
    router.get('/.well-known/jwks.json', async function devJwks(ctx) {
      ctx.body = await jwks();
    });
  }

  // a denied write answers 404 when the caller may not even view the target, so existence never leaks
  const canViewWorkspace = fga.requirePermission('workspace', 'workspace:view', { conceal: true });
  const canViewProject = fga.requirePermission('project', 'project:view', { conceal: true });
  const canEditProject = fga.requirePermission('project', 'project:edit', {
    conceal: { unless: 'project:view' },
  });
  const canDeleteProject = fga.requirePermission('project', 'project:delete', {
    conceal: { unless: 'project:view' },
  });
  const canCreateProject = fga.requirePermission('workspace', 'project:create', {
    conceal: { unless: 'workspace:view' },
  });
  const canDeployApp = fga.requirePermission('app', 'app:deploy', { conceal: { unless: 'app:view' } });
  // documents live in the app's own store: document:view is checked on the document's project
  const canViewDocument = fga.requirePermission('project', 'document:view', {
    load: demo.loadDocument,
    conceal: true,
  });

  router
    .get('/workspaces/:workspaceId', canViewWorkspace, async function getWorkspace(ctx) {
      send(ctx, await handlers.getWorkspace(ctx.state.fga, param(ctx, 'workspaceId')));
    })
    .get('/workspaces/:workspaceId/projects', canViewWorkspace, async function listProjects(ctx) {
      send(ctx, await handlers.listProjects(ctx.state.fga, param(ctx, 'workspaceId')));
    })
    .post('/workspaces/:workspaceId/projects', canCreateProject, async function createProject(ctx) {
      send(ctx, await handlers.createProject(ctx.state.fga, param(ctx, 'workspaceId'), ctx.request.body));
    })
    .get('/projects/:projectId', canViewProject, async function getProject(ctx) {
      send(ctx, await handlers.getProject(ctx.state.fga, param(ctx, 'projectId')));
    })
    .patch('/projects/:projectId', canEditProject, async function updateProject(ctx) {
      send(ctx, await handlers.updateProject(ctx.state.fga, param(ctx, 'projectId'), ctx.request.body));
    })
    .delete('/projects/:projectId', canDeleteProject, async function deleteProject(ctx) {
      send(ctx, await handlers.deleteProject(ctx.state.fga, param(ctx, 'projectId')));
    })
    .post('/apps/:appId/deploy', canDeployApp, async function deployApp(ctx) {
      send(ctx, await handlers.deployApp(ctx.state.fga, param(ctx, 'appId')));
    })
    .get('/documents/:documentId', canViewDocument, async function getDocument(ctx) {
      send(ctx, await handlers.getDocument(fga.context<DemoDocument>(ctx)));
    })
    .get('/projects/:projectId/permissions', canViewProject, async function projectPermissions(ctx) {
      send(ctx, await handlers.projectPermissions(ctx.state.fga, param(ctx, 'projectId')));
    });

  app.use(fga.middleware());
  app.use(bodyParser());
  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}
