// The demo API's handlers, framework-neutral: each app authorizes with its own guard, then calls
// one of these with the request's FgaContext and writes the DemoResult it gets back.
import { type Admin, type Resource, ValidationError } from '@fgakit/core';
import type { FgaContext } from '@fgakit/core/http';
import type { DemoDocument } from './documents.js';
import { answer, type DemoResult, json } from './result.js';

/** A resource as the demo API shows it: its external id, type and name. */
export interface ResourceView {
  readonly id: string;
  readonly type: string;
  readonly name: string;
}

function view(resource: Resource): ResourceView {
  return { id: resource.externalId, type: resource.resourceTypeSlug, name: resource.name };
}

const PROJECT_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

function readName(body: unknown, required: boolean): string | undefined {
  const name = typeof body === 'object' && body !== null ? (body as { name?: unknown }).name : undefined;
  if (name === undefined && !required) return undefined;
  if (typeof name !== 'string' || name.trim() === '' || name.length > 48) {
    throw new ValidationError(
      'invalid_request_parameters',
      'name: a non-empty string of at most 48 characters',
      {
        field: 'name',
      },
    );
  }
  return name;
}

function readProjectId(body: unknown): string {
  const id = typeof body === 'object' && body !== null ? (body as { id?: unknown }).id : undefined;
  if (typeof id !== 'string' || !PROJECT_ID.test(id)) {
    throw new ValidationError(
      'invalid_request_parameters',
      'id: lowercase letters, digits and dashes, starting with a letter or digit (at most 64)',
      { field: 'id' },
    );
  }
  return id;
}

/** The demo API's handlers over one organization's admin API. */
export interface DemoHandlers {
  /** `GET /workspaces/:workspaceId` */
  getWorkspace(fga: FgaContext, workspaceId: string): Promise<DemoResult>;
  /** `GET /workspaces/:workspaceId/projects`: the projects the caller may view, by id. */
  listProjects(fga: FgaContext, workspaceId: string): Promise<DemoResult>;
  /** `POST /workspaces/:workspaceId/projects` with `{ "id": "mobile", "name": "Mobile" }`. */
  createProject(fga: FgaContext, workspaceId: string, body: unknown): Promise<DemoResult>;
  /** `GET /projects/:projectId` */
  getProject(fga: FgaContext, projectId: string): Promise<DemoResult>;
  /** `PATCH /projects/:projectId` with `{ "name": "…" }`. */
  updateProject(fga: FgaContext, projectId: string, body: unknown): Promise<DemoResult>;
  /** `DELETE /projects/:projectId`: removes the project and everything under it. */
  deleteProject(fga: FgaContext, projectId: string): Promise<DemoResult>;
  /** `POST /apps/:appId/deploy` */
  deployApp(fga: FgaContext, appId: string): Promise<DemoResult>;
  /** `GET /documents/:documentId`: the row the guard's loader found. */
  getDocument(fga: FgaContext<DemoDocument>): Promise<DemoResult>;
  /** `GET /projects/:projectId/permissions`: the caller's effective permissions there, sorted. */
  projectPermissions(fga: FgaContext, projectId: string): Promise<DemoResult>;
}

/** Build the handlers over `admin`, scoped to the caller's organization. */
export function createHandlers(admin: Admin): DemoHandlers {
  // The caller's organization: every lookup is scoped to it, so another tenant's ids are not found.
  async function organizationOf(fga: FgaContext): Promise<string> {
    const organization = await fga.organizationResource();
    if (!('externalId' in organization))
      throw new Error('the organization resource is addressed by external id');
    return organization.externalId;
  }

  async function resourceOf(fga: FgaContext, type: string, externalId: string): Promise<Resource> {
    return admin.getResource({ organizationId: await organizationOf(fga), type, externalId });
  }

  return {
    getWorkspace: (fga, workspaceId) =>
      answer(async () => json(200, view(await resourceOf(fga, 'workspace', workspaceId)))),

    listProjects: (fga, workspaceId) =>
      answer(async () => {
        const parent = { type: 'workspace', externalId: workspaceId };
        const projects: ResourceView[] = [];
        let after: string | undefined;
        do {
          const page = await fga.listResources('project:view', parent, {
            limit: 100,
            order: 'asc',
            ...(after === undefined ? {} : { after }),
          });
          projects.push(...page.data.map(view));
          after = page.listMetadata.after ?? undefined;
        } while (after !== undefined);
        projects.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
        return json(200, { data: projects });
      }),

    createProject: (fga, workspaceId, body) =>
      answer(async () => {
        const externalId = readProjectId(body);
        const name = readName(body, true) ?? externalId;
        const { data } = await admin.createResource({
          organizationId: await organizationOf(fga),
          resourceTypeSlug: 'project',
          externalId,
          name,
          parent: { type: 'workspace', externalId: workspaceId },
        });
        return json(201, view(data));
      }),

    getProject: (fga, projectId) =>
      answer(async () => json(200, view(await resourceOf(fga, 'project', projectId)))),

    updateProject: (fga, projectId, body) =>
      answer(async () => {
        const name = readName(body, true);
        const project = await resourceOf(fga, 'project', projectId);
        const { data } = await admin.updateResource({ id: project.id }, name === undefined ? {} : { name });
        return json(200, view(data));
      }),

    deleteProject: (fga, projectId) =>
      answer(async () => {
        const project = await resourceOf(fga, 'project', projectId);
        await admin.deleteResource({ id: project.id }, { cascadeDelete: true });
        return { status: 204 };
      }),

    deployApp: (fga, appId) =>
      answer(async () => {
        const app = await resourceOf(fga, 'app', appId);
        return json(202, { app: app.externalId, status: 'deploying' });
      }),

    getDocument: (fga) =>
      answer(async () => {
        const document = fga.loaded;
        if (document === undefined)
          throw new Error('getDocument runs behind the document guard (its loader)');
        return json(200, { id: document.id, project: document.projectId, title: document.title });
      }),

    projectPermissions: (fga, projectId) =>
      answer(async () => {
        const permissions = await fga.effectivePermissions({ type: 'project', externalId: projectId });
        return json(200, { data: [...permissions].sort() });
      }),
  };
}
