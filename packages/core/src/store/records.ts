// Internal record shapes the store persists. Kept lean for memory: timestamps are epoch-ms numbers,
// `createdAt` is not stored (the ULID of the id encodes it), and `updatedAt` is 0 until the first update.
import type { MembershipStatus } from '../model/types.js';

/** Fields every record shares. `updatedAt` is epoch ms of the last update, or 0 if never updated. */
interface RecordBase {
  readonly id: string;
  readonly updatedAt: number;
}

/** Metadata as key/value pairs: user-chosen keys never become object properties (`__proto__` is safe). */
export type MetadataEntries = readonly (readonly [string, string])[];

/** Environment settings (one record, id `settings`). */
export interface SettingsRecord extends RecordBase {
  readonly kind: 'settings';
  readonly multipleRoles: boolean;
  readonly defaultRoleSlug: string;
  readonly maxTypeDepth: number;
}

/** An organization. Its organization resource is a separate {@link ResourceRecord}. */
export interface OrganizationRecord extends RecordBase {
  readonly kind: 'organization';
  readonly name: string;
  readonly externalId: string | null;
  readonly metadata: MetadataEntries;
}

/** A user. */
export interface UserRecord extends RecordBase {
  readonly kind: 'user';
  readonly email: string;
  readonly emailVerified: boolean;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly externalId: string | null;
  readonly metadata: MetadataEntries;
}

/** An organization membership; `roleIds` are organization-scoped role ids. */
export interface MembershipRecord extends RecordBase {
  readonly kind: 'membership';
  readonly userId: string;
  readonly organizationId: string;
  readonly status: MembershipStatus;
  readonly roleIds: readonly string[];
}

/** An environment role (`organizationId` null) or a custom role of one organization. */
export interface RoleRecord extends RecordBase {
  readonly kind: 'role';
  readonly slug: string;
  readonly name: string;
  readonly description: string | null;
  readonly organizationId: string | null;
  readonly resourceTypeSlug: string;
  /** Permission slugs in the order they were added. */
  readonly permissions: readonly string[];
}

/** A permission. */
export interface PermissionRecord extends RecordBase {
  readonly kind: 'permission';
  readonly slug: string;
  readonly name: string;
  readonly description: string | null;
  readonly system: boolean;
  readonly resourceTypeSlug: string;
}

/** A resource type; `parentTypeSlugs` is empty only for `organization`. */
export interface ResourceTypeRecord extends RecordBase {
  readonly kind: 'resource_type';
  readonly slug: string;
  readonly name: string;
  readonly description: string | null;
  readonly parentTypeSlugs: readonly string[];
}

/**
 * A resource. Unlike the public shape, `parentId` of a top-level resource is its organization
 * resource's id; only the organization resource itself has `parentId: null`.
 */
export interface ResourceRecord extends RecordBase {
  readonly kind: 'resource';
  readonly organizationId: string;
  readonly type: string;
  readonly externalId: string;
  readonly name: string;
  readonly description: string | null;
  readonly parentId: string | null;
}

/** A role assignment. Immutable, so it has no `updatedAt`. */
export interface RoleAssignmentRecord {
  readonly kind: 'role_assignment';
  readonly id: string;
  readonly membershipId: string;
  readonly roleId: string;
  readonly resourceId: string;
}

/** Every record a store holds. */
export type StoreRecord =
  | SettingsRecord
  | OrganizationRecord
  | UserRecord
  | MembershipRecord
  | RoleRecord
  | PermissionRecord
  | ResourceTypeRecord
  | ResourceRecord
  | RoleAssignmentRecord;

/** The kind tag of a record. */
export type RecordKind = StoreRecord['kind'];

/** One change of a batch: insert-or-replace a record, or delete one by id. */
export type Change =
  | { readonly op: 'put'; readonly record: StoreRecord }
  | { readonly op: 'delete'; readonly kind: RecordKind; readonly id: string };

/** The id of the single settings record. */
export const SETTINGS_ID = 'settings';
