// Converts index nodes to the public camelCase shapes of model/types.ts (ISO timestamps,
// slugs instead of ids). Only list and admin paths call these; checks never allocate them.
import type {
  EnvironmentSettings,
  Organization,
  OrganizationMembership,
  Permission,
  Resource,
  ResourceType,
  Role,
  RoleAssignment,
  User,
} from '../model/types.js';
import type { MetadataEntries, SettingsRecord } from '../store/records.js';
import { timeOfId } from '../util/ulid.js';
import type {
  AssignmentNode,
  MembershipNode,
  OrgNode,
  PermissionNode,
  ResourceNode,
  RoleNode,
  TypeNode,
  UserNode,
} from './nodes.js';

/** First instant whose ISO string no longer has a four-digit year; beyond it use the slow path. */
const FOUR_DIGIT_YEARS_END = Date.UTC(10_000, 0, 1);
let lastMs = Number.NaN;
let lastIso = '';
let minuteStart = Number.NaN;
let minutePrefix = '';

/**
 * `new Date(ms).toISOString()`, faster: list pages format two timestamps per item and
 * `toISOString` dominated paging. Entities are created in bursts, so consecutive calls mostly
 * repeat one millisecond or one minute: memoize the last result and the `YYYY-MM-DDTHH:MM:` prefix.
 */
export function iso(ms: number): string {
  if (ms === lastMs) return lastIso;
  let out: string;
  if (Number.isInteger(ms) && ms >= 0 && ms < FOUR_DIGIT_YEARS_END) {
    const inMinute = ms % 60_000; // JS time has no leap seconds: every minute is 60,000 ms
    const minute = ms - inMinute;
    if (minute !== minuteStart) {
      minuteStart = minute;
      minutePrefix = new Date(minute).toISOString().slice(0, 17);
    }
    const seconds = Math.floor(inMinute / 1000);
    const millis = inMinute % 1000;
    out = `${minutePrefix}${seconds < 10 ? '0' : ''}${seconds}.${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis}Z`;
  } else {
    out = new Date(ms).toISOString();
  }
  lastMs = ms;
  lastIso = out;
  return out;
}

/** createdAt / updatedAt of a record whose id encodes its creation time. */
function timestamps(id: string, updatedAt: number): { createdAt: string; updatedAt: string } {
  const created = timeOfId(id);
  const createdAt = iso(created);
  return { createdAt, updatedAt: updatedAt === 0 ? createdAt : iso(updatedAt) };
}

function metadataObject(entries: MetadataEntries): Readonly<Record<string, string>> {
  // fromEntries defines own properties, so a `__proto__` key stays an ordinary key.
  return Object.fromEntries(entries);
}

/** Public settings. */
export function toSettings(rec: SettingsRecord): EnvironmentSettings {
  return {
    multipleRoles: rec.multipleRoles,
    defaultRoleSlug: rec.defaultRoleSlug,
    maxTypeDepth: rec.maxTypeDepth,
  };
}

/** Public organization. */
export function toOrganization(node: OrgNode): Organization {
  const { rec } = node;
  return {
    id: rec.id,
    name: rec.name,
    externalId: rec.externalId,
    metadata: metadataObject(rec.metadata),
    ...timestamps(rec.id, rec.updatedAt),
  };
}

/** Public user. */
export function toUser(node: UserNode): User {
  const { rec } = node;
  return {
    id: rec.id,
    email: rec.email,
    emailVerified: rec.emailVerified,
    firstName: rec.firstName,
    lastName: rec.lastName,
    externalId: rec.externalId,
    metadata: metadataObject(rec.metadata),
    ...timestamps(rec.id, rec.updatedAt),
  };
}

/** Public membership: `role` is the first of `roles` in priority order (D13). */
export function toMembership(node: MembershipNode): OrganizationMembership {
  const { rec } = node;
  const roles = node.roles.map((role) => role.rec.slug);
  return {
    id: rec.id,
    userId: rec.userId,
    organizationId: rec.organizationId,
    status: rec.status,
    role: roles[0] ?? '',
    roles,
    ...timestamps(rec.id, rec.updatedAt),
  };
}

/** Public role. */
export function toRole(node: RoleNode): Role {
  const { rec } = node;
  return {
    id: rec.id,
    slug: rec.slug,
    name: rec.name,
    description: rec.description,
    type: rec.organizationId === null ? 'EnvironmentRole' : 'OrganizationRole',
    organizationId: rec.organizationId,
    resourceTypeSlug: rec.resourceTypeSlug,
    permissions: [...rec.permissions],
    ...timestamps(rec.id, rec.updatedAt),
  };
}

/** Public permission. */
export function toPermission(node: PermissionNode): Permission {
  const { rec } = node;
  return {
    id: rec.id,
    slug: rec.slug,
    name: rec.name,
    description: rec.description,
    system: rec.system,
    resourceTypeSlug: rec.resourceTypeSlug,
    ...timestamps(rec.id, rec.updatedAt),
  };
}

/** Public resource type. */
export function toResourceType(node: TypeNode): ResourceType {
  const { rec } = node;
  return {
    id: rec.id,
    slug: rec.slug,
    name: rec.name,
    description: rec.description,
    parentTypeSlugs: [...rec.parentTypeSlugs],
    ...timestamps(rec.id, rec.updatedAt),
  };
}

/** Public resource: a top-level resource reports `parentResourceId: null` (D6). */
export function toResource(node: ResourceNode): Resource {
  const { rec } = node;
  const parent = node.parent;
  return {
    id: rec.id,
    externalId: rec.externalId,
    name: rec.name,
    description: rec.description,
    resourceTypeSlug: rec.type,
    organizationId: rec.organizationId,
    parentResourceId: parent === null || parent === node.org.root ? null : parent.rec.id,
    ...timestamps(rec.id, rec.updatedAt),
  };
}

/** Public role assignment. */
export function toRoleAssignment(node: AssignmentNode): RoleAssignment {
  const { rec, resource } = node;
  const time = iso(timeOfId(rec.id));
  return {
    id: rec.id,
    organizationMembershipId: rec.membershipId,
    roleSlug: node.role.rec.slug,
    resource: {
      id: resource.rec.id,
      externalId: resource.rec.externalId,
      resourceTypeSlug: resource.rec.type,
    },
    source: { type: 'direct', groupRoleAssignmentId: null },
    createdAt: time,
    updatedAt: time,
  };
}
