// Environment settings rules: the default role must be an organization-scoped environment role,
// and the type-depth limit may not drop below the hierarchy that already exists.
import { toSettings } from '../engine/to-public.js';
import { ValidationError } from '../errors.js';
import type { SettingsRecord } from '../store/records.js';
import type { ModelContext, Plan } from './context.js';
import { optionalBoolean } from './rules.js';
import { type EnvironmentSettings, ORGANIZATION_TYPE } from './types.js';

const MAX_TYPE_DEPTH_LIMIT = 20;

/** Validates a settings patch into the full record to store. */
export function settingsRecord(ctx: ModelContext, input: Partial<EnvironmentSettings>): SettingsRecord {
  const current = ctx.index.settings;
  const multipleRoles = optionalBoolean(input.multipleRoles, 'multipleRoles') ?? current.multipleRoles;
  const defaultRoleSlug = input.defaultRoleSlug ?? current.defaultRoleSlug;
  if (input.defaultRoleSlug !== undefined) {
    const role = ctx.index.envRoles.get(defaultRoleSlug);
    if (role === undefined || role.rec.resourceTypeSlug !== ORGANIZATION_TYPE) {
      throw new ValidationError(
        'invalid_role',
        `defaultRoleSlug '${defaultRoleSlug}' must name an existing environment role scoped to 'organization'.`,
        { field: 'defaultRoleSlug' },
      );
    }
  }
  const maxTypeDepth = input.maxTypeDepth ?? current.maxTypeDepth;
  if (!Number.isInteger(maxTypeDepth) || maxTypeDepth < 1 || maxTypeDepth > MAX_TYPE_DEPTH_LIMIT) {
    throw new ValidationError(
      'invalid_request_parameters',
      `maxTypeDepth must be an integer from 1 to ${MAX_TYPE_DEPTH_LIMIT} (got ${String(maxTypeDepth)}).`,
      { field: 'maxTypeDepth' },
    );
  }
  let deepest = 0;
  for (const type of ctx.index.types.values()) deepest = Math.max(deepest, type.depth);
  if (maxTypeDepth < deepest) {
    throw new ValidationError(
      'resource_hierarchy_too_deep',
      `maxTypeDepth ${maxTypeDepth} is below the existing hierarchy (${deepest} levels); flatten it first.`,
      { field: 'maxTypeDepth' },
    );
  }
  return { ...current, multipleRoles, defaultRoleSlug, maxTypeDepth, updatedAt: ctx.now() };
}

/** Updates environment settings. */
export function planUpdateSettings(
  ctx: ModelContext,
  input: Partial<EnvironmentSettings>,
): Plan<EnvironmentSettings> {
  const record = settingsRecord(ctx, input);
  return { changes: [{ op: 'put', record }], read: () => toSettings(ctx.index.settings) };
}
