// Permission rules (SPEC §1.6, D10, D12): slug grammar with a literal `*`, environment-wide
// uniqueness, immutable system permissions, and deletion that removes the slug from every role.
import type { CreatePermissionInput, UpdatePermissionInput } from '../admin.js';
import type { PermissionNode } from '../engine/nodes.js';
import { toPermission } from '../engine/to-public.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import type { PermissionRecord } from '../store/records.js';
import { paginate } from '../util/paginate.js';
import type { ModelContext, Plan } from './context.js';
import { ID_PREFIX } from './ids.js';
import { requireType } from './role.js';
import {
  MAX_DESCRIPTION,
  MAX_NAME,
  optionalBoolean,
  optionalText,
  requirePermissionSlug,
  requireText,
} from './rules.js';
import type { Page, PageOptions, Permission } from './types.js';

/** The permission with this slug, or `NotFoundError`. */
export function requirePermission(ctx: ModelContext, slug: string): PermissionNode {
  const permission = ctx.index.permissions.get(slug);
  if (permission === undefined) throw new NotFoundError('permission', String(slug));
  return permission;
}

function assertEditable(permission: PermissionNode): void {
  if (permission.rec.system) {
    throw new ValidationError(
      'system_permission_immutable',
      `Permission '${permission.rec.slug}' is a system permission; it cannot be edited or deleted.`,
      { field: 'slug' },
    );
  }
}

/** Creates a permission. */
export function planCreatePermission(ctx: ModelContext, input: CreatePermissionInput): Plan<Permission> {
  const slug = requirePermissionSlug(input.slug, 'slug');
  const name = requireText(input.name, 'name', MAX_NAME);
  const description = optionalText(input.description, 'description', MAX_DESCRIPTION) ?? null;
  const type = requireType(ctx, input.resourceTypeSlug);
  const system = optionalBoolean(input.system, 'system') ?? false;
  if (ctx.index.permissions.has(slug)) {
    throw new ConflictError(
      'permission_slug_conflict',
      `Permission '${slug}' already exists; choose another slug.`,
      {
        details: { field: 'slug' },
      },
    );
  }
  const record: PermissionRecord = {
    kind: 'permission',
    id: ctx.ids.next(ID_PREFIX.permission),
    slug,
    name,
    description,
    system,
    resourceTypeSlug: type.rec.slug,
    updatedAt: 0,
  };
  return { changes: [{ op: 'put', record }], read: () => toPermission(requirePermission(ctx, slug)) };
}

/** Updates name or description (not of system permissions). */
export function planUpdatePermission(
  ctx: ModelContext,
  slug: string,
  input: UpdatePermissionInput,
): Plan<Permission> {
  const permission = requirePermission(ctx, slug);
  assertEditable(permission);
  const name = input.name === undefined ? permission.rec.name : requireText(input.name, 'name', MAX_NAME);
  const description = optionalText(input.description, 'description', MAX_DESCRIPTION);
  const record: PermissionRecord = {
    ...permission.rec,
    name,
    description: description === undefined ? permission.rec.description : description,
    updatedAt: ctx.now(),
  };
  return { changes: [{ op: 'put', record }], read: () => toPermission(requirePermission(ctx, slug)) };
}

/** Deletes a permission and removes it from every role, in one batch. */
export function planDeletePermission(ctx: ModelContext, slug: string): Plan<void> {
  const permission = requirePermission(ctx, slug);
  assertEditable(permission);
  const now = ctx.now();
  const changes: Plan<void>['changes'] = [];
  for (const role of permission.roles) {
    changes.push({
      op: 'put',
      record: { ...role.rec, permissions: role.rec.permissions.filter((p) => p !== slug), updatedAt: now },
    });
  }
  changes.push({ op: 'delete', kind: 'permission', id: permission.rec.id });
  return { changes, read: () => undefined };
}

/** Permissions, paginated by creation. */
export function listPermissions(ctx: ModelContext, options: PageOptions | undefined): Page<Permission> {
  const { index } = ctx;
  const all = [...index.permissions.values()];
  const page = paginate(
    all,
    (p) => p.rec.id,
    options,
    (id) => index.permissionsById.has(id),
  );
  return { data: page.data.map(toPermission), listMetadata: page.listMetadata };
}
