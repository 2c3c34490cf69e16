// The fgakit demo API (examples/README.md) on Express 5: each route declares its guard with
// @fgakit/express, then hands req.fga to the shared, framework-neutral handler.
import { STATUS_CODES } from 'node:http';
import type { Demo, DemoDocument, DemoResult } from '@fgakit/example-shared';
import { createFga } from '@fgakit/express';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';

/** Write a shared handler's answer verbatim: its status, headers and JSON body. */
function send(res: Response, result: DemoResult): void {
  res.status(result.status);
  if (result.headers !== undefined) res.set({ ...result.headers });
  if (result.body === undefined) {
    res.end();
    return;
  }
  // res.end, not res.json: keep the handler's content type (e.g. application/problem+json) as it is
  if (!res.hasHeader('content-type')) res.type('application/json');
  res.end(JSON.stringify(result.body));
}

/**
 * Build the Express demo app over a demo made by `createDemo()`. Tests drive it with supertest.
 *
 * @example
 * ```ts
 * const app = createApp(await createDemo({ env: process.env, framework: 'express' }));
 * app.listen(3000);
 * ```
 */
export function createApp(demo: Demo): Express {
  const { handlers } = demo;
  const fga = createFga(demo.runtimeOptions);
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json());
  app.use(fga.middleware());

  if (demo.issueDevToken !== undefined) {
    const issueDevToken = demo.issueDevToken;
    app.post('/dev/token', async (req, res) => send(res, await issueDevToken(req.body)));
  }
  if (demo.jwks !== undefined) {
    const jwks = demo.jwks;
    app.get('/.well-known/jwks.json', async (_req, res) => {
      res.json(await jwks());
    });
  }

  // a denied write answers 404 when the caller may not even view the target, so existence never leaks
  const viewWorkspace = fga.requirePermission('workspace', 'workspace:view', { conceal: true });
  const viewProject = fga.requirePermission('project', 'project:view', { conceal: true });
  const editProject = fga.requirePermission('project', 'project:edit', {
    conceal: { unless: 'project:view' },
  });
  const deleteProject = fga.requirePermission('project', 'project:delete', {
    conceal: { unless: 'project:view' },
  });
  const createProject = fga.requirePermission('workspace', 'project:create', {
    conceal: { unless: 'workspace:view' },
  });
  const deployApp = fga.requirePermission('app', 'app:deploy', { conceal: { unless: 'app:view' } });
  // documents live in the app's own store: document:view is checked on the document's project
  const viewDocument = fga.requirePermission('project', 'document:view', {
    load: demo.loadDocument,
    conceal: true,
  });

  app.get('/workspaces/:workspaceId', viewWorkspace, async (req, res) =>
    send(res, await handlers.getWorkspace(req.fga, req.params.workspaceId)),
  );
  app.get('/workspaces/:workspaceId/projects', viewWorkspace, async (req, res) =>
    send(res, await handlers.listProjects(req.fga, req.params.workspaceId)),
  );
  app.post('/workspaces/:workspaceId/projects', createProject, async (req, res) =>
    send(res, await handlers.createProject(req.fga, req.params.workspaceId, req.body)),
  );
  app.get('/projects/:projectId', viewProject, async (req, res) =>
    send(res, await handlers.getProject(req.fga, req.params.projectId)),
  );
  app.patch('/projects/:projectId', editProject, async (req, res) =>
    send(res, await handlers.updateProject(req.fga, req.params.projectId, req.body)),
  );
  app.delete('/projects/:projectId', deleteProject, async (req, res) =>
    send(res, await handlers.deleteProject(req.fga, req.params.projectId)),
  );
  app.post('/apps/:appId/deploy', deployApp, async (req, res) =>
    send(res, await handlers.deployApp(req.fga, req.params.appId)),
  );
  app.get('/documents/:documentId', viewDocument, async (req, res) =>
    send(res, await handlers.getDocument(fga.context<DemoDocument>(req))),
  );
  app.get('/projects/:projectId/permissions', viewProject, async (req, res) =>
    send(res, await handlers.projectPermissions(req.fga, req.params.projectId)),
  );

  // Express 5 routes async rejections here: fgakit errors become their problem answer
  app.use(fga.errorHandler());
  app.use(function demoErrorHandler(err: unknown, _req: Request, res: Response, next: NextFunction): void {
    if (res.headersSent) {
      next(err);
      return;
    }
    // body-parser marks client mistakes (malformed JSON) with a 4xx status; anything else is ours
    const status = (err as { status?: unknown }).status;
    const clientError = typeof status === 'number' && status >= 400 && status < 500;
    if (!clientError) console.error(err);
    const code = clientError ? 'bad_request' : 'internal_error';
    const answer = clientError ? status : 500;
    send(res, {
      status: answer,
      headers: { 'content-type': 'application/problem+json' },
      body: {
        type: `urn:fgakit:problem:${code}`,
        title: STATUS_CODES[answer] ?? 'Error',
        status: answer,
        detail: clientError ? 'The request could not be read.' : 'Something went wrong.',
        code,
      },
    });
  });
  return app;
}
