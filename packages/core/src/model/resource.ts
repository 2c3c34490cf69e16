// Resource rules (SPEC §1.8, D6, D9, D11): external id unique per (organization, type), parent
// in the same organization and of an allowed parent type, cycle-checked moves, the immutable
// organization resource, and deletion refused while dependents exist unless it cascades.
import type { CreateResourceInput, ListResourcesOptions, UpdateResourceInput } from '../admin.js';
import { requireResourceIn } from '../engine/evaluate.js';
import type { OrgNode, ResourceNode, TypeNode } from '../engine/nodes.js';
import { toResource } from '../engine/to-public.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import type { ResourceRecord } from '../store/records.js';
import { paginate, readPageOptions } from '../util/paginate.js';
import { subtreeDeletion } from './cascade.js';
import type { ModelContext, Plan } from './context.js';
import { ID_PREFIX } from './ids.js';
import { requireOrganization } from './organization.js';
import { requireTypeNode } from './resource-type.js';
import { MAX_DESCRIPTION, MAX_NAME, optionalText, requireExternalId, requireText } from './rules.js';
import {
  ORGANIZATION_TYPE,
  type OrganizationResourceRef,
  type Page,
  type Resource,
  type ResourceRef,
} from './types.js';

/** The resource an organization-free reference names, or `NotFoundError`. */
export function requireResource(ctx: ModelContext, ref: OrganizationResourceRef): ResourceNode {
  if ('id' in ref) {
    const node = ctx.index.resources.get(ref.id);
    if (node === undefined) throw new NotFoundError('resource', String(ref.id));
    return node;
  }
  return requireResourceIn(ctx.index, requireOrganization(ctx, ref.organizationId), ref);
}

function resolveParent(ctx: ModelContext, org: OrgNode, ref: ResourceRef | null | undefined): ResourceNode {
  if (ref === undefined || ref === null) {
    if (org.root === null) throw new NotFoundError('resource', org.rec.id);
    return org.root;
  }
  return requireResourceIn(ctx.index, org, ref);
}

function assertParentType(type: TypeNode, parent: ResourceNode): void {
  if (!type.parents.includes(parent.type)) {
    const allowed = type.rec.parentTypeSlugs.map((slug) => `'${slug}'`).join(', ');
    throw new ValidationError(
      'invalid_parent_resource_type',
      `A '${type.rec.slug}' cannot sit under a '${parent.rec.type}'; its parent must be one of ${allowed}.`,
      { field: 'parent' },
    );
  }
}

function assertMutable(node: ResourceNode): void {
  if (node.rec.type === ORGANIZATION_TYPE) {
    throw new ValidationError(
      'organization_resource_immutable',
      `Resource ${node.rec.id} is the organization resource; it lives and dies with organization ${node.rec.organizationId}.`,
      { field: 'resource' },
    );
  }
}

/** Creates a resource (under the organization resource when no parent is given). */
export function planCreateResource(ctx: ModelContext, input: CreateResourceInput): Plan<Resource> {
  const org = requireOrganization(ctx, input.organizationId);
  const type = requireTypeNode(ctx, input.resourceTypeSlug);
  if (type.rec.slug === ORGANIZATION_TYPE) {
    throw new ValidationError(
      'invalid_request_parameters',
      'Organization resources are created with their organization; use another resourceTypeSlug.',
      { field: 'resourceTypeSlug' },
    );
  }
  const externalId = requireExternalId(input.externalId, 'externalId');
  const name = requireText(input.name, 'name', MAX_NAME);
  const description = optionalText(input.description, 'description', MAX_DESCRIPTION) ?? null;
  const parent = resolveParent(ctx, org, input.parent);
  assertParentType(type, parent);
  if (ctx.index.resourceByExternalId(org, type.rec.slug, externalId) !== undefined) {
    throw new ConflictError(
      'authorization_resource_external_id_conflict',
      `A '${type.rec.slug}' with externalId '${externalId}' already exists in organization ${org.rec.id}.`,
      { details: { field: 'externalId' } },
    );
  }
  const record: ResourceRecord = {
    kind: 'resource',
    id: ctx.ids.next(ID_PREFIX.resource),
    organizationId: org.rec.id,
    type: type.rec.slug,
    externalId,
    name,
    description,
    parentId: parent.rec.id,
    updatedAt: 0,
  };
  return {
    changes: [{ op: 'put', record }],
    read: () => toResource(ctx.index.resources.get(record.id) as ResourceNode),
  };
}

/** Updates name/description, or moves the resource (cycle- and type-checked, D11). */
export function planUpdateResource(
  ctx: ModelContext,
  ref: OrganizationResourceRef,
  input: UpdateResourceInput,
): Plan<Resource> {
  const node = requireResource(ctx, ref);
  assertMutable(node);
  const name = input.name === undefined ? node.rec.name : requireText(input.name, 'name', MAX_NAME);
  const description = optionalText(input.description, 'description', MAX_DESCRIPTION);
  let parentId = node.rec.parentId;
  if (input.parent !== undefined) {
    const parent = resolveParent(ctx, node.org, input.parent);
    for (let a: ResourceNode | null = parent; a !== null; a = a.parent) {
      if (a === node) {
        throw new ValidationError(
          'resource_hierarchy_cycle',
          `Resource ${parent.rec.id} is ${node.rec.id} itself or one of its descendants; a resource cannot move under itself.`,
          { field: 'parent' },
        );
      }
    }
    assertParentType(node.type, parent);
    parentId = parent.rec.id;
  }
  const record: ResourceRecord = {
    ...node.rec,
    name,
    description: description === undefined ? node.rec.description : description,
    parentId,
    updatedAt: ctx.now(),
  };
  return {
    changes: [{ op: 'put', record }],
    read: () => toResource(ctx.index.resources.get(record.id) as ResourceNode),
  };
}

/** Deletes a resource; with `cascade` also its descendants and every assignment on them. */
export function planDeleteResource(
  ctx: ModelContext,
  ref: OrganizationResourceRef,
  cascade: boolean,
): Plan<void> {
  const node = requireResource(ctx, ref);
  assertMutable(node);
  if (!cascade && (node.firstChild !== null || node.assignHead !== null)) {
    throw new ConflictError(
      'resource_has_dependents',
      `Resource ${node.rec.id} has child resources or role assignments; delete them first or pass cascadeDelete: true.`,
    );
  }
  const changes: Plan<void>['changes'] = [];
  subtreeDeletion(node, changes);
  return { changes, read: () => undefined };
}

/** Resources filtered by organization, type, external id or direct parent; paginated by creation. */
export function listResources(ctx: ModelContext, options: ListResourcesOptions | undefined): Page<Resource> {
  const request = readPageOptions(options);
  const { index } = ctx;
  const orgId = options?.organizationId;
  const typeSlug = options?.resourceTypeSlug;
  const externalId = options?.resourceExternalId;
  const parentRef = options?.parent;
  if (
    (externalId !== undefined && (orgId === undefined || typeSlug === undefined)) ||
    (parentRef !== undefined && !('id' in parentRef) && orgId === undefined)
  ) {
    throw new ValidationError(
      'missing_organization_id_or_resource_type_slug',
      'Filtering by external id needs organizationId and resourceTypeSlug to resolve it.',
      { field: externalId !== undefined ? 'resourceExternalId' : 'parent' },
    );
  }
  let candidates: Iterable<ResourceNode>;
  if (parentRef !== undefined) {
    const parent = 'id' in parentRef ? index.resources.get(parentRef.id) : undefined;
    const resolved =
      parent ??
      ('id' in parentRef
        ? undefined
        : requireResourceIn(index, index.organizations.get(orgId as string), parentRef));
    const children: ResourceNode[] = [];
    for (let c = resolved?.firstChild ?? null; c !== null; c = c.nextSibling) children.push(c);
    candidates = children;
  } else if (orgId !== undefined) {
    const org = index.organizations.get(orgId);
    const maps =
      org === undefined ? [] : typeSlug !== undefined ? [org.byType.get(typeSlug)] : [...org.byType.values()];
    candidates = maps.flatMap((map) => (map === undefined ? [] : [...map.values()]));
  } else {
    candidates = index.resources.values();
  }
  const matches: ResourceNode[] = [];
  for (const node of candidates) {
    if (orgId !== undefined && node.rec.organizationId !== orgId) continue;
    if (typeSlug !== undefined ? node.rec.type !== typeSlug : node.rec.type === ORGANIZATION_TYPE) continue;
    if (externalId !== undefined && node.rec.externalId !== externalId) continue;
    matches.push(node);
  }
  matches.sort((a, b) => a.seq - b.seq);
  const page = paginate(
    matches,
    (node) => node.rec.id,
    request,
    (cursor) => index.resources.has(cursor),
  );
  return { data: page.data.map(toResource), listMetadata: page.listMetadata };
}
