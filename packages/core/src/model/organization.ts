// Organization rules: external id unique, metadata limits, and the organization resource (D6)
// created with the organization and deleted with it, along with everything else it owns.
import type { CreateOrganizationInput, UpdateOrganizationInput } from '../admin.js';
import type { OrgNode } from '../engine/nodes.js';
import { toOrganization } from '../engine/to-public.js';
import { ConflictError, NotFoundError } from '../errors.js';
import type { OrganizationRecord, ResourceRecord } from '../store/records.js';
import { paginate } from '../util/paginate.js';
import { organizationDeletion } from './cascade.js';
import type { ModelContext, Plan } from './context.js';
import { ID_PREFIX } from './ids.js';
import { MAX_NAME, optionalExternalId, optionalMetadata, requireText } from './rules.js';
import { ORGANIZATION_TYPE, type Organization, type Page, type PageOptions } from './types.js';

const MAX_ORGANIZATION_NAME = 255;

/** The organization with this id, or `NotFoundError`. */
export function requireOrganization(ctx: ModelContext, id: string): OrgNode {
  const org = ctx.index.organizations.get(id);
  if (org === undefined) throw new NotFoundError('organization', String(id));
  return org;
}

function assertExternalIdFree(ctx: ModelContext, externalId: string | null, self: string | null): void {
  if (externalId === null) return;
  const owner = ctx.index.organizationsByExternalId.get(externalId);
  if (owner !== undefined && owner.rec.id !== self) {
    throw new ConflictError(
      'external_id_already_used',
      `externalId '${externalId}' is already used by organization ${owner.rec.id}; choose another.`,
      { details: { field: 'externalId' } },
    );
  }
}

function rootResourceRecord(org: OrganizationRecord, id: string, updatedAt: number): ResourceRecord {
  return {
    kind: 'resource',
    id,
    organizationId: org.id,
    type: ORGANIZATION_TYPE,
    externalId: org.id,
    name: org.name.slice(0, MAX_NAME),
    description: null,
    parentId: null,
    updatedAt,
  };
}

/** Creates an organization and its organization resource in one batch. */
export function planCreateOrganization(
  ctx: ModelContext,
  input: CreateOrganizationInput,
): Plan<Organization> {
  const name = requireText(input.name, 'name', MAX_ORGANIZATION_NAME);
  const externalId = optionalExternalId(input.externalId, 'externalId') ?? null;
  const metadata = optionalMetadata(input.metadata, 'metadata') ?? [];
  assertExternalIdFree(ctx, externalId, null);
  const record: OrganizationRecord = {
    kind: 'organization',
    id: ctx.ids.next(ID_PREFIX.organization),
    name,
    externalId,
    metadata,
    updatedAt: 0,
  };
  const root = rootResourceRecord(record, ctx.ids.next(ID_PREFIX.resource), 0);
  return {
    changes: [
      { op: 'put', record },
      { op: 'put', record: root },
    ],
    read: () => toOrganization(requireOrganization(ctx, record.id)),
  };
}

/** Updates name, external id or metadata (the organization resource keeps the name in step). */
export function planUpdateOrganization(
  ctx: ModelContext,
  id: string,
  input: UpdateOrganizationInput,
): Plan<Organization> {
  const org = requireOrganization(ctx, id);
  const name =
    input.name === undefined ? org.rec.name : requireText(input.name, 'name', MAX_ORGANIZATION_NAME);
  const externalId = optionalExternalId(input.externalId, 'externalId');
  const metadata = optionalMetadata(input.metadata, 'metadata');
  const nextExternalId = externalId === undefined ? org.rec.externalId : externalId;
  assertExternalIdFree(ctx, nextExternalId, org.rec.id);
  const now = ctx.now();
  const record: OrganizationRecord = {
    ...org.rec,
    name,
    externalId: nextExternalId,
    metadata: metadata ?? org.rec.metadata,
    updatedAt: now,
  };
  const changes: Plan<Organization>['changes'] = [{ op: 'put', record }];
  if (org.root !== null && name !== org.rec.name) {
    changes.push({ op: 'put', record: rootResourceRecord(record, org.root.rec.id, now) });
  }
  return { changes, read: () => toOrganization(requireOrganization(ctx, id)) };
}

/** Deletes an organization and everything in it (SPEC §2.6). */
export function planDeleteOrganization(ctx: ModelContext, id: string): Plan<void> {
  const changes: Plan<void>['changes'] = [];
  organizationDeletion(requireOrganization(ctx, id), changes);
  return { changes, read: () => undefined };
}

/** The organization with an external id, or `NotFoundError`. */
export function getOrganizationByExternalId(ctx: ModelContext, externalId: string): Organization {
  const org = ctx.index.organizationsByExternalId.get(externalId);
  if (org === undefined) throw new NotFoundError('organization', String(externalId));
  return toOrganization(org);
}

/** Organizations, paginated by creation. */
export function listOrganizations(ctx: ModelContext, options: PageOptions | undefined): Page<Organization> {
  const all = [...ctx.index.organizations.values()];
  const page = paginate(
    all,
    (org) => org.rec.id,
    options,
    (id) => ctx.index.organizations.has(id),
  );
  return { data: page.data.map(toOrganization), listMetadata: page.listMetadata };
}
