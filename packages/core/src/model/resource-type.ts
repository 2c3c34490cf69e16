// Resource type rules (SPEC §1.7, D11, D15): a DAG under `organization`, at most `maxTypeDepth`
// levels and 10 child types per type; parents removable only when no instance sits under them.
import type { CreateResourceTypeInput, UpdateResourceTypeInput } from '../admin.js';
import type { TypeNode } from '../engine/nodes.js';
import { toResourceType } from '../engine/to-public.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import type { ResourceTypeRecord } from '../store/records.js';
import type { ModelContext, Plan } from './context.js';
import { ID_PREFIX } from './ids.js';
import {
  MAX_DESCRIPTION,
  MAX_NAME,
  optionalText,
  requireRoleSlug,
  requireStringList,
  requireText,
} from './rules.js';
import { ORGANIZATION_TYPE, type ResourceType } from './types.js';

const MAX_CHILD_TYPES = 10;
const MAX_TYPES = 50;

/** The resource type with this slug, or `NotFoundError`. */
export function requireTypeNode(ctx: ModelContext, slug: string): TypeNode {
  const type = ctx.index.types.get(slug);
  if (type === undefined) throw new NotFoundError('resource_type', String(slug));
  return type;
}

function resolveParents(ctx: ModelContext, value: unknown, self: TypeNode | null): TypeNode[] {
  const slugs = requireStringList(value, 'parentTypeSlugs');
  if (slugs.length === 0) {
    throw new ValidationError(
      'invalid_request_parameters',
      "parentTypeSlugs must name at least one type; use ['organization'] for a top-level type.",
      { field: 'parentTypeSlugs' },
    );
  }
  return slugs.map((slug, i) => {
    const parent = requireTypeNode(ctx, slug);
    if (self?.descendants.has(parent)) {
      throw new ValidationError(
        'resource_hierarchy_cycle',
        `'${slug}' is '${self.rec.slug}' or one of its descendant types; making it a parent would create a cycle.`,
        { field: `parentTypeSlugs[${i}]` },
      );
    }
    if (!parent.children.has(self as TypeNode) && parent.children.size >= MAX_CHILD_TYPES) {
      throw new ValidationError(
        'invalid_request_parameters',
        `Type '${slug}' already has ${MAX_CHILD_TYPES} child types, the maximum.`,
        { field: `parentTypeSlugs[${i}]` },
      );
    }
    return parent;
  });
}

/** Longest path from this type down to a leaf type. */
function heightBelow(type: TypeNode): number {
  let height = 0;
  for (const child of type.children) height = Math.max(height, heightBelow(child) + 1);
  return height;
}

function assertDepth(ctx: ModelContext, slug: string, parents: readonly TypeNode[], height: number): void {
  const depth = Math.max(...parents.map((parent) => parent.depth)) + 1;
  const max = ctx.index.settings.maxTypeDepth;
  if (depth + height > max) {
    throw new ValidationError(
      'resource_hierarchy_too_deep',
      `Type '${slug}' would put ${depth + height} levels below 'organization' (maximum ${max}); flatten the hierarchy or raise maxTypeDepth.`,
      { field: 'parentTypeSlugs' },
    );
  }
}

/** Creates a resource type. */
export function planCreateResourceType(
  ctx: ModelContext,
  input: CreateResourceTypeInput,
): Plan<ResourceType> {
  const slug = requireRoleSlug(input.slug, 'slug');
  const name = requireText(input.name, 'name', MAX_NAME);
  const description = optionalText(input.description, 'description', MAX_DESCRIPTION) ?? null;
  if (ctx.index.types.has(slug)) {
    throw new ConflictError(
      'authorization_resource_type_slug_conflict',
      `Resource type '${slug}' already exists; choose another slug.`,
      { details: { field: 'slug' } },
    );
  }
  if (ctx.index.types.size > MAX_TYPES) {
    throw new ValidationError(
      'invalid_request_parameters',
      `An environment may have at most ${MAX_TYPES} resource types.`,
      {
        field: 'slug',
      },
    );
  }
  const parents = resolveParents(ctx, input.parentTypeSlugs ?? [ORGANIZATION_TYPE], null);
  assertDepth(ctx, slug, parents, 0);
  const record: ResourceTypeRecord = {
    kind: 'resource_type',
    id: ctx.ids.next(ID_PREFIX.resourceType),
    slug,
    name,
    description,
    parentTypeSlugs: parents.map((parent) => parent.rec.slug),
    updatedAt: 0,
  };
  return { changes: [{ op: 'put', record }], read: () => toResourceType(requireTypeNode(ctx, slug)) };
}

/** Updates name, description or parent types (cycle-, depth- and instance-checked). */
export function planUpdateResourceType(
  ctx: ModelContext,
  slug: string,
  input: UpdateResourceTypeInput,
): Plan<ResourceType> {
  const type = requireTypeNode(ctx, slug);
  const name = input.name === undefined ? type.rec.name : requireText(input.name, 'name', MAX_NAME);
  const description = optionalText(input.description, 'description', MAX_DESCRIPTION);
  let parentTypeSlugs = type.rec.parentTypeSlugs;
  if (input.parentTypeSlugs !== undefined) {
    if (slug === ORGANIZATION_TYPE) {
      throw new ValidationError(
        'invalid_request_parameters',
        "The 'organization' type is the root; it has no parents.",
        {
          field: 'parentTypeSlugs',
        },
      );
    }
    const parents = resolveParents(ctx, input.parentTypeSlugs, type);
    assertDepth(ctx, slug, parents, heightBelow(type));
    const next = new Set(parents);
    for (const old of type.parents) {
      const count = type.instancesUnder.get(old.rec.slug) ?? 0;
      if (!next.has(old) && count > 0) {
        throw new ConflictError(
          'resource_type_in_use',
          `${count} '${slug}' resource(s) sit under a '${old.rec.slug}'; move or delete them before removing that parent type.`,
          { details: { field: 'parentTypeSlugs' } },
        );
      }
    }
    assertRolesStayInScope(ctx, type, parents);
    parentTypeSlugs = parents.map((parent) => parent.rec.slug);
  }
  const record: ResourceTypeRecord = {
    ...type.rec,
    name,
    description: description === undefined ? type.rec.description : description,
    parentTypeSlugs,
    updatedAt: ctx.now(),
  };
  return { changes: [{ op: 'put', record }], read: () => toResourceType(requireTypeNode(ctx, slug)) };
}

/** Refuses a parent change that would leave a role holding a permission of a type no longer below it. */
function assertRolesStayInScope(ctx: ModelContext, type: TypeNode, parents: readonly TypeNode[]): void {
  const childrenOf = (node: TypeNode): Iterable<TypeNode> => {
    const children = [...node.children].filter((child) => child !== type);
    if (parents.includes(node)) children.push(type);
    return children;
  };
  const reaches = (from: TypeNode, to: TypeNode): boolean => {
    const stack = [from];
    const seen = new Set<TypeNode>();
    while (stack.length > 0) {
      const node = stack.pop() as TypeNode;
      if (node === to) return true;
      if (seen.has(node)) continue;
      seen.add(node);
      stack.push(...childrenOf(node));
    }
    return false;
  };
  for (const permission of ctx.index.permissions.values()) {
    if (!type.descendants.has(permission.type)) continue;
    for (const role of permission.roles) {
      if (!reaches(role.type, permission.type)) {
        throw new ConflictError(
          'resource_type_in_use',
          `Role '${role.rec.slug}' (type '${role.type.rec.slug}') holds '${permission.rec.slug}', which would no longer be below its type; remove it from the role first.`,
          { details: { field: 'parentTypeSlugs' } },
        );
      }
    }
  }
}

/** Deletes a leaf type no role, permission or resource uses (D15). */
export function planDeleteResourceType(ctx: ModelContext, slug: string): Plan<void> {
  const type = requireTypeNode(ctx, slug);
  if (slug === ORGANIZATION_TYPE) {
    throw new ConflictError('resource_type_in_use', "The built-in 'organization' type cannot be deleted.");
  }
  const uses: [
    number,
    (
      | 'resource_type_has_child_types'
      | 'resource_type_has_roles'
      | 'resource_type_has_permissions'
      | 'resource_type_has_resources'
    ),
    string,
  ][] = [
    [type.children.size, 'resource_type_has_child_types', 'child type(s)'],
    [type.roleCount, 'resource_type_has_roles', 'role(s)'],
    [type.permissionCount, 'resource_type_has_permissions', 'permission(s)'],
    [type.resourceCount, 'resource_type_has_resources', 'resource(s)'],
  ];
  for (const [count, code, what] of uses) {
    if (count > 0) {
      throw new ConflictError(code, `Resource type '${slug}' still has ${count} ${what}; delete them first.`);
    }
  }
  return { changes: [{ op: 'delete', kind: 'resource_type', id: type.rec.id }], read: () => undefined };
}

/** Every type: `organization` first, then in creation order. */
export function listResourceTypes(ctx: ModelContext): ResourceType[] {
  const types = [...ctx.index.types.values()].sort((a, b) =>
    a.rec.slug === ORGANIZATION_TYPE
      ? -1
      : b.rec.slug === ORGANIZATION_TYPE
        ? 1
        : a.rec.id < b.rec.id
          ? -1
          : 1,
  );
  return types.map(toResourceType);
}
