// Public shapes of the WorkOS FGA model as fgakit's TypeScript API returns them (camelCase).
// The HTTP server maps these to WorkOS's snake_case wire shapes; see SPEC §1.

/** Monotonic store revision; every write advances it (SPEC D18). */
export type Revision = number;

/** ISO-8601 timestamp with milliseconds, e.g. `2026-01-15T12:00:00.000Z`. */
export type Timestamp = string;

/** Slug of the built-in root resource type. */
export const ORGANIZATION_TYPE = 'organization';

/** A tenant; owns one organization resource, the root of its resource tree (SPEC D6). */
export interface Organization {
  readonly id: string;
  readonly name: string;
  readonly externalId: string | null;
  readonly metadata: Readonly<Record<string, string>>;
  readonly createdAt: Timestamp;
  readonly updatedAt: Timestamp;
}

/** A person; joins organizations through organization memberships. */
export interface User {
  readonly id: string;
  readonly email: string;
  readonly emailVerified: boolean;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly externalId: string | null;
  readonly metadata: Readonly<Record<string, string>>;
  readonly createdAt: Timestamp;
  readonly updatedAt: Timestamp;
}

/** Lifecycle state of an organization membership; only `active` ones are ever authorized (SPEC D1). */
export type MembershipStatus = 'active' | 'inactive' | 'pending';

/** A user's membership in one organization: the subject of every check. */
export interface OrganizationMembership {
  readonly id: string;
  readonly userId: string;
  readonly organizationId: string;
  readonly status: MembershipStatus;
  /** Primary role: the first of `roles` in priority order (SPEC D13). */
  readonly role: string;
  /** Every organization-scoped role slug, in priority order; never empty. */
  readonly roles: readonly string[];
  readonly createdAt: Timestamp;
  readonly updatedAt: Timestamp;
}

/** `EnvironmentRole`s are usable by every organization; `OrganizationRole`s (custom roles) by one. */
export type RoleType = 'EnvironmentRole' | 'OrganizationRole';

/** A bundle of permissions scoped to a resource type. */
export interface Role {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly description: string | null;
  readonly type: RoleType;
  /** Owning organization for custom roles; `null` for environment roles. Not on the WorkOS wire. */
  readonly organizationId: string | null;
  readonly resourceTypeSlug: string;
  /** Permission slugs in the order they were added. */
  readonly permissions: readonly string[];
  readonly createdAt: Timestamp;
  readonly updatedAt: Timestamp;
}

/** A permission slug, scoped to one resource type. */
export interface Permission {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly description: string | null;
  /** WorkOS-managed; cannot be deleted or edited. */
  readonly system: boolean;
  readonly resourceTypeSlug: string;
  readonly createdAt: Timestamp;
  readonly updatedAt: Timestamp;
}

/** A node of the resource-type DAG under `organization` (SPEC §1.7, D11, D15). */
export interface ResourceType {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly description: string | null;
  /** Types an instance of this type may sit under; empty only for `organization`. */
  readonly parentTypeSlugs: readonly string[];
  readonly createdAt: Timestamp;
  readonly updatedAt: Timestamp;
}

/** A resource instance in one organization's tree. */
export interface Resource {
  readonly id: string;
  readonly externalId: string;
  readonly name: string;
  readonly description: string | null;
  readonly resourceTypeSlug: string;
  readonly organizationId: string;
  /** `null` for top-level resources (whose parent is the organization resource) and for the organization resource. */
  readonly parentResourceId: string | null;
  readonly createdAt: Timestamp;
  readonly updatedAt: Timestamp;
}

/** Where a role assignment came from; group assignments are reserved for a later release (SPEC D19). */
export interface RoleAssignmentSource {
  readonly type: 'direct' | 'group';
  readonly groupRoleAssignmentId: string | null;
}

/** A role granted to a membership on one resource of the role's type. Immutable. */
export interface RoleAssignment {
  readonly id: string;
  readonly organizationMembershipId: string;
  readonly roleSlug: string;
  readonly resource: {
    readonly id: string;
    readonly externalId: string;
    readonly resourceTypeSlug: string;
  };
  readonly source: RoleAssignmentSource;
  readonly createdAt: Timestamp;
  readonly updatedAt: Timestamp;
}

/** Environment-wide settings of the embedded engine. */
export interface EnvironmentSettings {
  /** Whether a membership may hold several organization-scoped roles (SPEC D13). Default `true`. */
  readonly multipleRoles: boolean;
  /** Role given to a membership created without one. Default `member`. */
  readonly defaultRoleSlug: string;
  /** How many resource-type levels may sit below `organization` (SPEC D11). Default 5. */
  readonly maxTypeDepth: number;
}

/**
 * A resource, addressed by id or by type + external id. External ids are resolved inside the
 * organization implied by the call (the membership's, or the one named alongside).
 * The organization resource is `{ type: 'organization', externalId: <organization id> }`.
 */
export type ResourceRef = { readonly id: string } | { readonly type: string; readonly externalId: string };

/** A resource addressed without any organization context: by id, or by organization + type + external id. */
export type OrganizationResourceRef =
  | { readonly id: string }
  | { readonly organizationId: string; readonly type: string; readonly externalId: string };

/** Sort order of a list; `normal` is descending with reversed cursor semantics (SPEC §3.0). */
export type ListOrder = 'asc' | 'desc' | 'normal';

/** WorkOS pagination (SPEC §3.0, D14): `limit` 1–100 (default 10), cursors are object ids. */
export interface PageOptions {
  readonly limit?: number;
  readonly before?: string;
  readonly after?: string;
  readonly order?: ListOrder;
}

/** One page of a list and the cursors around it. */
export interface Page<T> {
  readonly data: readonly T[];
  readonly listMetadata: { readonly before: string | null; readonly after: string | null };
}

/** The result of a write: the written object and the store revision it produced (SPEC D18). */
export interface Write<T> {
  readonly data: T;
  readonly revision: Revision;
}

/** The result of a delete: the store revision it produced. */
export interface Deleted {
  readonly revision: Revision;
}
