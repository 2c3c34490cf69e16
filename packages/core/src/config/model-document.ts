// The model file as fgakit's API hands it out once parsed and validated: every default filled in,
// every cross-reference checked. Written by hand as YAML or JSON (see `parseModel`).
import type { MembershipStatus } from '../model/types.js';

/** A resource type below `organization` (SPEC §1.7). */
export interface ModelResourceType {
  readonly slug: string;
  /** Defaults to the slug, title-cased (`workspace` → `Workspace`). */
  readonly name: string;
  readonly description: string | null;
  /** Types an instance may sit under; defaults to `['organization']`. */
  readonly parents: readonly string[];
}

/** A permission slug scoped to one resource type (SPEC §1.6). */
export interface ModelPermission {
  readonly slug: string;
  /** Defaults to the slug. */
  readonly name: string;
  readonly description: string | null;
  /** Defaults to `organization`. */
  readonly resourceType: string;
}

/** An environment role, or (inside an organization) a custom role (SPEC §1.5). */
export interface ModelRole {
  readonly slug: string;
  /** Defaults to the slug, title-cased (`workspace-admin` → `Workspace Admin`). */
  readonly name: string;
  readonly description: string | null;
  /** Defaults to `organization`; the role may only be assigned on resources of exactly this type. */
  readonly resourceType: string;
  /** Permissions of this type or of a descendant type (the scoping rule). */
  readonly permissions: readonly string[];
}

/** A resource instance in an organization's tree, with the resources under it. */
export interface ModelResource {
  readonly type: string;
  /** Unique per (organization, type). */
  readonly externalId: string;
  /** Defaults to the external id. */
  readonly name: string;
  readonly description: string | null;
  readonly children: readonly ModelResource[];
}

/** An organization to seed, with its custom roles and its resource tree. */
export interface ModelOrganization {
  /** The key every other section uses to name this organization. */
  readonly externalId: string;
  readonly name: string;
  /** Custom roles of this organization; slugs start with `org-`. */
  readonly roles: readonly ModelRole[];
  /** Top-level resources (children of the organization resource). */
  readonly resources: readonly ModelResource[];
}

/** A user to seed; the email is the key other sections use. */
export interface ModelUser {
  readonly email: string;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly externalId: string | null;
  /** Defaults to `true`. */
  readonly emailVerified: boolean;
}

/**
 * A resource addressed inside the membership's organization. `type: 'organization'` (with the
 * organization's external id) is the organization resource itself.
 */
export interface ModelResourceRef {
  readonly type: string;
  readonly externalId: string;
}

/** A role granted on one resource of the role's type. */
export interface ModelRoleAssignment {
  readonly role: string;
  readonly resource: ModelResourceRef;
}

/** A user's membership in an organization, its organization-scoped roles and its role assignments. */
export interface ModelMembership {
  /** Email of a user of `users`. */
  readonly user: string;
  /** External id of an organization of `organizations`. */
  readonly organization: string;
  /** Organization-scoped roles; empty → the environment's default role. */
  readonly roles: readonly string[];
  /** Defaults to `active`. `inactive` is seeded by creating, then deactivating. */
  readonly status: MembershipStatus;
  readonly assignments: readonly ModelRoleAssignment[];
}

/** Environment settings the model asks for; absent fields keep the engine's defaults. */
export interface ModelSettings {
  readonly multipleRoles?: boolean;
  readonly defaultRoleSlug?: string;
  readonly maxTypeDepth?: number;
}

/**
 * A validated model file: the authorization model (resource types, permissions, roles, settings)
 * and optional seed data (organizations with resources, users, memberships with role assignments).
 * Produced by `parseModel`, `loadModelFile` or `validateModel`; consumed by `applyModel`.
 *
 * @example The file format (YAML; JSON with the same keys works too)
 * ```yaml
 * settings: { multipleRoles: true, defaultRoleSlug: member, maxTypeDepth: 5 }
 * resourceTypes:
 *   - { slug: workspace }                      # parents default to [organization]
 *   - { slug: project, parents: [workspace] }
 * permissions:
 *   - { slug: project:edit, name: Edit project, resourceType: project }
 * roles:
 *   - { slug: member, permissions: [] }        # resourceType defaults to organization
 *   - { slug: workspace-admin, resourceType: workspace, permissions: [project:edit] }
 * organizations:
 *   - externalId: acme
 *     name: Acme
 *     roles: [{ slug: org-auditor, permissions: [] }]   # custom roles of this organization
 *     resources:
 *       - { type: workspace, externalId: engineering, children: [{ type: project, externalId: web }] }
 * users:
 *   - { email: alice@acme.test, firstName: Alice }
 * memberships:
 *   - user: alice@acme.test
 *     organization: acme
 *     roles: [member]                          # organization roles; status defaults to active
 *     assignments: [{ role: workspace-admin, resource: "workspace:engineering" }]
 * ```
 */
export interface ModelDocument {
  /** Where it came from (a path, or a name given to `parseModel`), for messages. */
  readonly source: string | null;
  readonly settings: ModelSettings;
  readonly resourceTypes: readonly ModelResourceType[];
  readonly permissions: readonly ModelPermission[];
  /** Environment roles, in priority order. */
  readonly roles: readonly ModelRole[];
  readonly organizations: readonly ModelOrganization[];
  readonly users: readonly ModelUser[];
  readonly memberships: readonly ModelMembership[];
}
