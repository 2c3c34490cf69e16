// The demo API contract (examples/README.md) as data: the same request must get the same status,
// problem code and body from the Express, Koa and NestJS demo apps. Each app adds one test file
// that calls defineDemoApiContract with its createApp.
import type { RequestListener, Server } from 'node:http';
import { createDemo, type Demo } from '@fgakit/example-shared';
import request from 'supertest';
import { describe, expect, it } from 'vitest';

/** Who sends the request: a seeded user's email (a dev token is fetched first), a raw token, or nobody. */
type Caller =
  | { readonly as: string; readonly token?: never }
  | { readonly token: string; readonly as?: never }
  | { readonly as?: never; readonly token?: never };

/** One row: a request and what every demo app must answer. */
export type DemoContractRow = Caller & {
  readonly id: string;
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly body?: unknown;
  readonly expect: {
    readonly status: number;
    /** Problem `code` of an error answer. */
    readonly code?: string;
    /** Exact JSON body of a success answer. */
    readonly body?: unknown;
  };
};

const NOT_FOUND = { status: 404, code: 'entity_not_found' } as const;
const FORBIDDEN = { status: 403, code: 'permission_denied' } as const;
const project = (id: string, name: string) => ({ id, type: 'project', name });

/** Every row of the contract. Ids are unique and stable (see DEMO_CONTRACT_IDS). */
// biome-ignore format: one row per line reads as a table
export const DEMO_CONTRACT: readonly DemoContractRow[] = [
  // sign-in (dev mode only) and identity
  { id: 'dev-token-missing-email', method: 'POST', path: '/dev/token', body: {}, expect: { status: 422, code: 'invalid_request_parameters' } },
  { id: 'dev-token-unknown-user', method: 'POST', path: '/dev/token', body: { email: 'nobody@acme.test' }, expect: NOT_FOUND },
  { id: 'no-token', method: 'GET', path: '/projects/web', expect: { status: 401, code: 'authentication_required' } },
  { id: 'garbage-token', token: 'not-a-jwt', method: 'GET', path: '/projects/web', expect: { status: 401, code: 'invalid_token' } },

  // GET /workspaces/:workspaceId — workspace:view, concealed
  { id: 'workspace-alice-engineering', as: 'alice@acme.test', method: 'GET', path: '/workspaces/engineering', expect: { status: 200, body: { id: 'engineering', type: 'workspace', name: 'Engineering' } } },
  { id: 'workspace-bob-marketing-org-role', as: 'bob@acme.test', method: 'GET', path: '/workspaces/marketing', expect: { status: 200, body: { id: 'marketing', type: 'workspace', name: 'Marketing' } } },
  { id: 'workspace-eve-other-org', as: 'eve@globex.test', method: 'GET', path: '/workspaces/engineering', expect: NOT_FOUND },
  { id: 'workspace-missing', as: 'alice@acme.test', method: 'GET', path: '/workspaces/nope', expect: NOT_FOUND },
  { id: 'workspace-dave-inactive', as: 'dave@acme.test', method: 'GET', path: '/workspaces/marketing', expect: NOT_FOUND },

  // GET /workspaces/:workspaceId/projects — the projects the caller may view
  { id: 'projects-alice-engineering', as: 'alice@acme.test', method: 'GET', path: '/workspaces/engineering/projects', expect: { status: 200, body: { data: [project('api', 'API'), project('web', 'Web')] } } },
  { id: 'projects-bob-engineering', as: 'bob@acme.test', method: 'GET', path: '/workspaces/engineering/projects', expect: { status: 200, body: { data: [project('web', 'Web')] } } },
  { id: 'projects-carol-engineering-none', as: 'carol@acme.test', method: 'GET', path: '/workspaces/engineering/projects', expect: { status: 200, body: { data: [] } } },
  { id: 'projects-frank-marketing-admin', as: 'frank@acme.test', method: 'GET', path: '/workspaces/marketing/projects', expect: { status: 200, body: { data: [project('campaign', 'Campaign')] } } },
  { id: 'projects-eve-other-org', as: 'eve@globex.test', method: 'GET', path: '/workspaces/engineering/projects', expect: NOT_FOUND },

  // POST /workspaces/:workspaceId/projects — project:create on the workspace
  { id: 'create-project-alice', as: 'alice@acme.test', method: 'POST', path: '/workspaces/engineering/projects', body: { id: 'mobile', name: 'Mobile' }, expect: { status: 201, body: project('mobile', 'Mobile') } },
  { id: 'create-project-bob-forbidden', as: 'bob@acme.test', method: 'POST', path: '/workspaces/engineering/projects', body: { id: 'mobile', name: 'Mobile' }, expect: FORBIDDEN },
  { id: 'create-project-eve-concealed', as: 'eve@globex.test', method: 'POST', path: '/workspaces/engineering/projects', body: { id: 'mobile', name: 'Mobile' }, expect: NOT_FOUND },
  { id: 'create-project-invalid-id', as: 'alice@acme.test', method: 'POST', path: '/workspaces/engineering/projects', body: { id: 'Bad Id', name: 'Bad' }, expect: { status: 422, code: 'invalid_request_parameters' } },
  { id: 'create-project-duplicate', as: 'alice@acme.test', method: 'POST', path: '/workspaces/engineering/projects', body: { id: 'web', name: 'Web' }, expect: { status: 409, code: 'authorization_resource_external_id_conflict' } },

  // GET /projects/:projectId — project:view, concealed
  { id: 'project-bob-web', as: 'bob@acme.test', method: 'GET', path: '/projects/web', expect: { status: 200, body: project('web', 'Web') } },
  { id: 'project-bob-api-concealed', as: 'bob@acme.test', method: 'GET', path: '/projects/api', expect: NOT_FOUND },
  { id: 'project-carol-web-concealed', as: 'carol@acme.test', method: 'GET', path: '/projects/web', expect: NOT_FOUND },
  { id: 'project-alice-api-inherited', as: 'alice@acme.test', method: 'GET', path: '/projects/api', expect: { status: 200, body: project('api', 'API') } },
  { id: 'project-frank-campaign-admin', as: 'frank@acme.test', method: 'GET', path: '/projects/campaign', expect: { status: 200, body: project('campaign', 'Campaign') } },

  // PATCH /projects/:projectId — project:edit; 404 when the caller may not view it
  { id: 'patch-project-bob-web', as: 'bob@acme.test', method: 'PATCH', path: '/projects/web', body: { name: 'Web 2' }, expect: { status: 200, body: project('web', 'Web 2') } },
  { id: 'patch-project-bob-api-concealed', as: 'bob@acme.test', method: 'PATCH', path: '/projects/api', body: { name: 'X' }, expect: NOT_FOUND },
  { id: 'patch-project-carol-web-concealed', as: 'carol@acme.test', method: 'PATCH', path: '/projects/web', body: { name: 'X' }, expect: NOT_FOUND },
  { id: 'patch-project-invalid-name', as: 'bob@acme.test', method: 'PATCH', path: '/projects/web', body: { name: '' }, expect: { status: 422, code: 'invalid_request_parameters' } },

  // DELETE /projects/:projectId — project:delete; 403 when the caller may view it, else 404
  { id: 'delete-project-alice-web', as: 'alice@acme.test', method: 'DELETE', path: '/projects/web', expect: { status: 204 } },
  { id: 'delete-project-bob-web-forbidden', as: 'bob@acme.test', method: 'DELETE', path: '/projects/web', expect: FORBIDDEN },
  { id: 'delete-project-bob-api-concealed', as: 'bob@acme.test', method: 'DELETE', path: '/projects/api', expect: NOT_FOUND },

  // POST /apps/:appId/deploy — app:deploy; 403 when the caller may view the app, else 404
  { id: 'deploy-carol-frontend', as: 'carol@acme.test', method: 'POST', path: '/apps/frontend/deploy', expect: { status: 202, body: { app: 'frontend', status: 'deploying' } } },
  { id: 'deploy-alice-frontend-inherited', as: 'alice@acme.test', method: 'POST', path: '/apps/frontend/deploy', expect: { status: 202, body: { app: 'frontend', status: 'deploying' } } },
  { id: 'deploy-bob-frontend-forbidden', as: 'bob@acme.test', method: 'POST', path: '/apps/frontend/deploy', expect: FORBIDDEN },
  { id: 'deploy-carol-backend-concealed', as: 'carol@acme.test', method: 'POST', path: '/apps/backend/deploy', expect: NOT_FOUND },
  { id: 'deploy-eve-other-org', as: 'eve@globex.test', method: 'POST', path: '/apps/frontend/deploy', expect: NOT_FOUND },

  // GET /documents/:documentId — document:view on the document's project, concealed
  { id: 'document-bob-doc-1', as: 'bob@acme.test', method: 'GET', path: '/documents/doc-1', expect: { status: 200, body: { id: 'doc-1', project: 'web', title: 'Web launch checklist' } } },
  { id: 'document-bob-doc-2-concealed', as: 'bob@acme.test', method: 'GET', path: '/documents/doc-2', expect: NOT_FOUND },
  { id: 'document-bob-missing', as: 'bob@acme.test', method: 'GET', path: '/documents/doc-404', expect: NOT_FOUND },
  { id: 'document-carol-doc-1-concealed', as: 'carol@acme.test', method: 'GET', path: '/documents/doc-1', expect: NOT_FOUND },
  { id: 'document-frank-doc-2-admin', as: 'frank@acme.test', method: 'GET', path: '/documents/doc-2', expect: { status: 200, body: { id: 'doc-2', project: 'campaign', title: 'Campaign brief' } } },

  // GET /projects/:projectId/permissions — effective permissions, sorted
  { id: 'permissions-bob-web', as: 'bob@acme.test', method: 'GET', path: '/projects/web/permissions', expect: { status: 200, body: { data: ['app:view', 'document:edit', 'document:view', 'project:edit', 'project:view', 'workspace:view'] } } },
  { id: 'permissions-alice-web', as: 'alice@acme.test', method: 'GET', path: '/projects/web/permissions', expect: { status: 200, body: { data: ['app:deploy', 'app:view', 'document:edit', 'document:view', 'project:create', 'project:delete', 'project:edit', 'project:view', 'workspace:edit', 'workspace:view'] } } },
  { id: 'permissions-carol-web-concealed', as: 'carol@acme.test', method: 'GET', path: '/projects/web/permissions', expect: NOT_FOUND },
];

/** The committed list of row ids: a row cannot disappear without this list changing too. */
// biome-ignore format: grouped by route like DEMO_CONTRACT
export const DEMO_CONTRACT_IDS = [
  'dev-token-missing-email', 'dev-token-unknown-user', 'no-token', 'garbage-token',
  'workspace-alice-engineering', 'workspace-bob-marketing-org-role', 'workspace-eve-other-org', 'workspace-missing', 'workspace-dave-inactive',
  'projects-alice-engineering', 'projects-bob-engineering', 'projects-carol-engineering-none', 'projects-frank-marketing-admin', 'projects-eve-other-org',
  'create-project-alice', 'create-project-bob-forbidden', 'create-project-eve-concealed', 'create-project-invalid-id', 'create-project-duplicate',
  'project-bob-web', 'project-bob-api-concealed', 'project-carol-web-concealed', 'project-alice-api-inherited', 'project-frank-campaign-admin',
  'patch-project-bob-web', 'patch-project-bob-api-concealed', 'patch-project-carol-web-concealed', 'patch-project-invalid-name',
  'delete-project-alice-web', 'delete-project-bob-web-forbidden', 'delete-project-bob-api-concealed',
  'deploy-carol-frontend', 'deploy-alice-frontend-inherited', 'deploy-bob-frontend-forbidden', 'deploy-carol-backend-concealed', 'deploy-eve-other-org',
  'document-bob-doc-1', 'document-bob-doc-2-concealed', 'document-bob-missing', 'document-carol-doc-1-concealed', 'document-frank-doc-2-admin',
  'permissions-bob-web', 'permissions-alice-web', 'permissions-carol-web-concealed',
] as const;

/** A running demo app for one test: what supertest talks to, and how to stop it. */
export interface DemoAppHandle {
  readonly server: Server | RequestListener;
  close?(): Promise<void>;
}

/** One framework's demo app under the contract. */
export interface DemoApiTarget {
  readonly name: string;
  createApp(demo: Demo): Promise<DemoAppHandle> | DemoAppHandle;
}

async function tokenFor(server: Server | RequestListener, email: string): Promise<string> {
  const response = await request(server).post('/dev/token').send({ email }).expect(200);
  const token: unknown = response.body.access_token;
  if (typeof token !== 'string') throw new Error(`no access_token for ${email}: ${response.text}`);
  return token;
}

/** Run every contract row against one framework's demo app, each row on a freshly seeded app. */
export function defineDemoApiContract(target: DemoApiTarget): void {
  describe(`demo API contract: ${target.name}`, () => {
    it('keeps every contract row (ids are stable and unique)', () => {
      expect(DEMO_CONTRACT.map((row) => row.id)).toEqual([...DEMO_CONTRACT_IDS]);
    });

    it('serves the dev JWKS', async () => {
      const app = await target.createApp(
        await createDemo({ env: { NODE_ENV: 'test' }, framework: target.name }),
      );
      try {
        const response = await request(app.server).get('/.well-known/jwks.json').expect(200);
        expect(Array.isArray(response.body.keys)).toBe(true);
      } finally {
        await app.close?.();
      }
    });

    it.each(DEMO_CONTRACT.map((row) => [row.id, row] as const))('%s', async (_id, row) => {
      const app = await target.createApp(
        await createDemo({ env: { NODE_ENV: 'test' }, framework: target.name }),
      );
      try {
        const token =
          'as' in row ? await tokenFor(app.server, row.as) : 'token' in row ? row.token : undefined;
        let pending = request(app.server)[
          row.method === 'PATCH'
            ? 'patch'
            : row.method === 'DELETE'
              ? 'delete'
              : row.method === 'POST'
                ? 'post'
                : 'get'
        ](row.path);
        if (token !== undefined) pending = pending.set('authorization', `Bearer ${token}`);
        const response = row.body === undefined ? await pending : await pending.send(row.body as object);
        expect({ status: response.status, body: response.body }).toMatchObject({ status: row.expect.status });
        if (row.expect.code !== undefined) {
          expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
          expect(response.body.code).toBe(row.expect.code);
          expect(response.body.status).toBe(row.expect.status);
        }
        if (row.expect.body !== undefined) expect(response.body).toEqual(row.expect.body);
      } finally {
        await app.close?.();
      }
    });

    it('answers a missing and a forbidden document with identical bodies', async () => {
      const app = await target.createApp(
        await createDemo({ env: { NODE_ENV: 'test' }, framework: target.name }),
      );
      try {
        const bob = await tokenFor(app.server, 'bob@acme.test');
        const missing = await request(app.server)
          .get('/documents/doc-404')
          .set('authorization', `Bearer ${bob}`);
        const forbidden = await request(app.server)
          .get('/documents/doc-2')
          .set('authorization', `Bearer ${bob}`);
        expect(missing.status).toBe(404);
        expect(forbidden.body).toEqual(missing.body);
      } finally {
        await app.close?.();
      }
    });
  });
}
