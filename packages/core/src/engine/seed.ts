// The state every environment starts with: settings, the built-in `organization` resource type
// and the default `member` role (SPEC §1.5, §1.7). Committed once, when a store is empty.
import { ConfigurationError } from '../errors.js';
import { ID_PREFIX } from '../model/ids.js';
import { type EnvironmentSettings, ORGANIZATION_TYPE } from '../model/types.js';
import type { Change, SettingsRecord } from '../store/records.js';
import { SETTINGS_ID } from '../store/records.js';
import type { UlidGenerator } from '../util/ulid.js';

/** Validates settings given to a constructor; a bad value is a start-up error naming the option. */
export function checkSettingsOption(settings: Partial<EnvironmentSettings> | undefined): void {
  if (settings === undefined) return;
  const { multipleRoles, defaultRoleSlug, maxTypeDepth } = settings;
  if (multipleRoles !== undefined && typeof multipleRoles !== 'boolean') {
    throw new ConfigurationError('invalid_configuration', 'settings.multipleRoles must be true or false.');
  }
  if (
    defaultRoleSlug !== undefined &&
    (typeof defaultRoleSlug !== 'string' || !/^[a-z0-9_-]{1,48}$/.test(defaultRoleSlug))
  ) {
    throw new ConfigurationError(
      'invalid_configuration',
      'settings.defaultRoleSlug must be a role slug (a-z, 0-9, -, _; ≤ 48).',
    );
  }
  if (
    maxTypeDepth !== undefined &&
    (!Number.isInteger(maxTypeDepth) || maxTypeDepth < 1 || maxTypeDepth > 20)
  ) {
    throw new ConfigurationError(
      'invalid_configuration',
      'settings.maxTypeDepth must be an integer from 1 to 20.',
    );
  }
}

/** The seed batch of an empty store. */
export function seedChanges(
  ids: UlidGenerator,
  settings: Partial<EnvironmentSettings> | undefined,
): Change[] {
  const record: SettingsRecord = {
    kind: 'settings',
    id: SETTINGS_ID,
    multipleRoles: settings?.multipleRoles ?? true,
    defaultRoleSlug: settings?.defaultRoleSlug ?? 'member',
    maxTypeDepth: settings?.maxTypeDepth ?? 5,
    updatedAt: 0,
  };
  const roleName = record.defaultRoleSlug === 'member' ? 'Member' : record.defaultRoleSlug;
  return [
    { op: 'put', record },
    {
      op: 'put',
      record: {
        kind: 'resource_type',
        id: ids.next(ID_PREFIX.resourceType),
        slug: ORGANIZATION_TYPE,
        name: 'Organization',
        description: null,
        parentTypeSlugs: [],
        updatedAt: 0,
      },
    },
    {
      op: 'put',
      record: {
        kind: 'role',
        id: ids.next(ID_PREFIX.role),
        slug: record.defaultRoleSlug,
        name: roleName,
        description: null,
        organizationId: null,
        resourceTypeSlug: ORGANIZATION_TYPE,
        permissions: [],
        updatedAt: 0,
      },
    },
  ];
}
