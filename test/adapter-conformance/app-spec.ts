// The test app every adapter mounts for the suite, as data: each route's method, path (Express-style
// `:params`), requirement (a RequirementSpec the adapter compiles with its runtime, or `null` for an
// unguarded route) and handler behaviour, which the adapter runs with `spec.handle(route, fga)`.
import type { ResourceRef } from '@fgakit/core';
import type { FgaContext, RequirementSpec } from '@fgakit/core/http';
import { documents } from './acme-fixture.js';

/** What a route's handler does once the guard let the request through. */
export type HandlerBehaviour =
  /** 200 `{ ok: true, resource, membershipId }` */
  | { readonly kind: 'ok' }
  /** 200 `{ loaded }`: the row the async loader returned */
  | { readonly kind: 'loaded' }
  /** 200 `{ allowed }` after asking the guard's question again (the request memo must answer) */
  | { readonly kind: 'recheck'; readonly permission: string }
  /** 200 `{ can }` for a project named by the `:projectId` param */
  | { readonly kind: 'can'; readonly permission: string }
  /** 200 `{ externalIds }` (sorted) of `listResources(permission, organization)` */
  | { readonly kind: 'listResources'; readonly permission: string }
  /** 200 `{ permissions }` (sorted) on the project named by `:projectId` */
  | { readonly kind: 'effectivePermissions' }
  /** `fga.assert(permission, project)`; a denial is thrown and written through `runtime.responseFor` */
  | { readonly kind: 'assert'; readonly permission: string };

export interface ConformanceRoute {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Express/Koa-style path with `:params`. */
  readonly path: string;
  /** Compile with `runtime.compile(requirement)` when mounting; `null`: no guard. */
  readonly requirement: RequirementSpec | null;
  readonly handler: HandlerBehaviour;
}

/** Result of a handler: the adapter writes it as JSON with this status. */
export interface HandlerResult {
  readonly status: number;
  readonly body: Readonly<Record<string, unknown>>;
}

export interface ConformanceAppSpec {
  readonly routes: readonly ConformanceRoute[];
  /**
   * Run a route's handler behaviour. `params` are the route params. Throws fgakit errors (e.g. from
   * `assert`): the adapter writes them with `runtime.responseFor(err)`.
   */
  handle(
    route: ConformanceRoute,
    fga: FgaContext,
    params: Readonly<Record<string, unknown>>,
  ): Promise<HandlerResult>;
  /** Cookie that may carry the access token (in addition to `Authorization: Bearer`). */
  readonly tokenCookie: string;
}

const perm = (
  resourceType: string,
  permission: string,
  options?: Extract<RequirementSpec, { kind: 'permission' }>['options'],
): RequirementSpec => ({
  kind: 'permission',
  resourceType,
  permission,
  ...(options === undefined ? {} : { options }),
});

const loadDocument = async (request: { param(name: string): string | undefined }) => {
  const id = request.param('documentId');
  if (id === 'doc-boom') throw new Error('document store is down');
  const doc = id === undefined ? undefined : documents.get(id);
  return doc === undefined ? null : { externalId: doc.projectId, row: doc };
};

export const conformanceRoutes: readonly ConformanceRoute[] = [
  {
    method: 'GET',
    path: '/projects/:projectId',
    requirement: perm('project', 'project:view', { conceal: true }),
    handler: { kind: 'ok' },
  },
  {
    method: 'PATCH',
    path: '/projects/:projectId',
    requirement: perm('project', 'project:edit', { conceal: { unless: 'project:view' } }),
    handler: { kind: 'ok' },
  },
  {
    method: 'DELETE',
    path: '/projects/:projectId',
    requirement: perm('project', 'project:delete'),
    handler: { kind: 'ok' },
  },
  {
    method: 'GET',
    path: '/workspaces/:workspaceId',
    requirement: perm('workspace', 'workspace:view', { conceal: true }),
    handler: { kind: 'ok' },
  },
  {
    method: 'POST',
    path: '/workspaces/:workspaceId/projects',
    requirement: perm('workspace', 'project:create', { conceal: { unless: 'workspace:view' } }),
    handler: { kind: 'ok' },
  },
  {
    method: 'GET',
    path: '/documents/:documentId',
    requirement: perm('project', 'document:view', { load: loadDocument, conceal: true }),
    handler: { kind: 'loaded' },
  },
  {
    method: 'GET',
    path: '/org/workspaces',
    requirement: perm('organization', 'workspace:view'),
    handler: { kind: 'ok' },
  },
  {
    method: 'POST',
    path: '/org/workspaces',
    requirement: perm('organization', 'workspace:edit'),
    handler: { kind: 'ok' },
  },
  {
    method: 'POST',
    path: '/apps/:appId/deploy',
    requirement: {
      kind: 'anyOf',
      requirements: [perm('app', 'app:deploy'), perm('organization', 'project:delete')],
    },
    handler: { kind: 'ok' },
  },
  {
    method: 'GET',
    path: '/apps/:appId/release',
    requirement: { kind: 'allOf', requirements: [perm('app', 'app:view'), perm('app', 'app:deploy')] },
    handler: { kind: 'ok' },
  },
  {
    method: 'GET',
    path: '/memo/projects/:projectId',
    requirement: perm('project', 'project:view'),
    handler: { kind: 'recheck', permission: 'project:view' },
  },
  {
    method: 'GET',
    path: '/me/projects',
    requirement: null,
    handler: { kind: 'listResources', permission: 'project:view' },
  },
  {
    method: 'GET',
    path: '/me/can/:projectId',
    requirement: null,
    handler: { kind: 'can', permission: 'project:edit' },
  },
  {
    method: 'POST',
    path: '/me/assert/:projectId',
    requirement: null,
    handler: { kind: 'assert', permission: 'project:edit' },
  },
  {
    method: 'GET',
    path: '/projects/:projectId/permissions',
    requirement: perm('project', 'project:view', { conceal: true }),
    handler: { kind: 'effectivePermissions' },
  },
  {
    method: 'GET',
    path: '/by-query/project',
    requirement: perm('project', 'project:view', { resource: { query: 'project' } }),
    handler: { kind: 'ok' },
  },
  {
    method: 'POST',
    path: '/by-body/project',
    requirement: perm('project', 'project:edit', { resource: { body: 'project' } }),
    handler: { kind: 'ok' },
  },
  {
    method: 'GET',
    path: '/by-header/project',
    requirement: perm('project', 'project:view', { resource: { header: 'x-project' } }),
    handler: { kind: 'ok' },
  },
  {
    method: 'GET',
    path: '/by-id/:id',
    requirement: perm('project', 'project:view', { by: 'id' }),
    handler: { kind: 'ok' },
  },
];

const project = (params: Readonly<Record<string, unknown>>): ResourceRef => ({
  type: 'project',
  externalId: typeof params.projectId === 'string' ? params.projectId : '',
});

async function handle(
  route: ConformanceRoute,
  fga: FgaContext,
  params: Readonly<Record<string, unknown>>,
): Promise<HandlerResult> {
  const h = route.handler;
  switch (h.kind) {
    case 'ok':
      return {
        status: 200,
        body: { ok: true, resource: fga.resource ?? null, membershipId: fga.membershipId ?? null },
      };
    case 'loaded':
      return { status: 200, body: { loaded: fga.loaded ?? null } };
    case 'recheck':
      return { status: 200, body: { allowed: await fga.can(h.permission, project(params)) } };
    case 'can':
      return { status: 200, body: { can: await fga.can(h.permission, project(params)) } };
    case 'listResources': {
      const page = await fga.listResources(h.permission, await fga.organizationResource(), { limit: 100 });
      return { status: 200, body: { externalIds: page.data.map((r) => r.externalId).sort() } };
    }
    case 'effectivePermissions':
      return { status: 200, body: { permissions: (await fga.effectivePermissions(project(params))).sort() } };
    case 'assert':
      await fga.assert(h.permission, project(params));
      return { status: 200, body: { ok: true } };
  }
}

/** The app every adapter mounts. */
export const conformanceApp: ConformanceAppSpec = {
  routes: conformanceRoutes,
  handle,
  tokenCookie: 'access_token',
};
