// The one interface every backend implements (DESIGN §3): guards, tests and the server talk to
// this and do not care whether the embedded engine or WorkOS answers.
import type {
  MembershipStatus,
  OrganizationMembership,
  Page,
  PageOptions,
  Resource,
  ResourceRef,
  Revision,
} from './model/types.js';

/**
 * How fresh an answer must be. `cached` allows a decision cache to answer; `fresh` bypasses caches;
 * `{ atLeast }` requires state at least as new as a revision a write returned (SPEC D18).
 */
export type Consistency = 'cached' | 'fresh' | { readonly atLeast: Revision };

/** Per-call options of every {@link Authorizer} method. */
export interface AuthorizerCallOptions {
  readonly consistency?: Consistency;
  readonly signal?: AbortSignal;
}

/** "May membership `membershipId` do `permission` on `resource`?" */
export interface CheckQuery {
  readonly membershipId: string;
  /** Permission slug, byte-exact (SPEC D12). */
  readonly permission: string;
  /** Resolved inside the membership's organization (SPEC D9). */
  readonly resource: ResourceRef;
}

/**
 * Why a decision came out as it did.
 * - `organization_role`: an organization-scoped role of the membership holds the permission.
 * - `role_assignment`: a role assigned on the resource or one of its ancestors holds it.
 * - `token_permission`: an org-wide permission in a verified access token (fast path; never a deny).
 * - `no_matching_role`: no applicable role holds the permission.
 * - `unknown_permission`: the slug is not defined in the model (SPEC D17).
 * - `membership_inactive`: the membership is `inactive` or `pending` (SPEC D1).
 */
export type DecisionReason =
  | 'organization_role'
  | 'role_assignment'
  | 'token_permission'
  | 'no_matching_role'
  | 'unknown_permission'
  | 'membership_inactive';

/** Which layer produced a decision. */
export type DecisionSource = 'token' | 'engine' | 'cache' | 'remote';

/** The answer to a {@link CheckQuery}. A "no" is a value here, never an exception. */
export interface Decision {
  readonly allowed: boolean;
  readonly reason: DecisionReason;
  /** Store revision the decision was evaluated at (0 when unknown, e.g. a token fast path). */
  readonly revision: Revision;
  readonly source: DecisionSource;
}

/** "Which resources under `parent` may this membership `permission`?" (SPEC D3). */
export interface ListResourcesQuery {
  readonly membershipId: string;
  readonly permission: string;
  /** Required; the organization resource is a valid parent. */
  readonly parent: ResourceRef;
  readonly page?: PageOptions;
}

/** "Who may `permission` on `resource`?" (SPEC D5). */
export interface ListMembershipsQuery {
  readonly resource: ResourceRef;
  /** Needed to resolve an external-id `resource`; ignored when `resource` is by id. */
  readonly organizationId?: string;
  readonly permission: string;
  /** `direct` (default): a role assigned on exactly `resource`. `indirect`: everyone `check` allows. */
  readonly assignment?: 'direct' | 'indirect';
  readonly page?: PageOptions;
}

/** "Every permission this membership has on `resource`" (SPEC D4). */
export interface EffectivePermissionsQuery {
  readonly membershipId: string;
  readonly resource: ResourceRef;
}

/** Look up the membership of a user in an organization (for identity resolution). */
export interface FindMembershipQuery {
  readonly userId: string;
  readonly organizationId: string;
}

/** A resource as an explanation shows it. */
export interface ResourceSummary {
  readonly id: string;
  readonly type: string;
  readonly externalId: string;
  readonly name: string;
}

/** One role that applies at the checked resource, and where it comes from. */
export interface ExplainedRole {
  readonly roleSlug: string;
  /** `organization_role`: one of the membership's org-scoped roles; `role_assignment`: assigned on `resource`. */
  readonly via: 'organization_role' | 'role_assignment';
  /** Where the role applies from: the assignment's resource, or the organization resource. */
  readonly resource: ResourceSummary;
  /** The role assignment's id, for `role_assignment`. */
  readonly roleAssignmentId: string | null;
  /** Whether this role holds the permission asked about. */
  readonly grants: boolean;
}

/** Why a check came out as it did: which role, assigned on which resource, granted it — or why nothing did. */
export interface Explanation {
  readonly query: CheckQuery;
  readonly decision: Decision;
  readonly membership: {
    readonly id: string;
    readonly status: MembershipStatus;
    readonly organizationId: string;
  };
  readonly permission: {
    readonly slug: string;
    readonly known: boolean;
    readonly resourceTypeSlug: string | null;
  };
  /** The checked resource first, then each ancestor up to and including the organization resource. */
  readonly path: readonly ResourceSummary[];
  /** Every role applicable at the resource (org-scoped roles and assignments on the path). */
  readonly roles: readonly ExplainedRole[];
  /** One sentence a person can read, e.g. `allowed: role "workspace-admin" assigned on workspace "engineering" includes "app:deploy"`. */
  readonly summary: string;
}

/**
 * The authorization interface every backend implements: the embedded `LocalAuthorizer`, the
 * WorkOS-backed authorizer, and the decision cache wrapped around either.
 *
 * Unknown memberships and resources (or resources of another organization) reject with a
 * `NotFoundError` (SPEC D9, D16); a failing backend rejects with `AuthorizationUnavailableError`.
 */
export interface Authorizer {
  /** Decide one query. */
  check(query: CheckQuery, options?: AuthorizerCallOptions): Promise<Decision>;
  /**
   * Optional: {@link check} answered without a promise when the answer is at hand (the embedded
   * engine, a decision-cache hit); a promise otherwise. Throws what `check` would reject with.
   * Guards prefer it: a request whose decision is known at once never waits for a microtask.
   */
  checkNow?(query: CheckQuery, options?: AuthorizerCallOptions): Decision | Promise<Decision>;
  /** Decide several queries; results are in query order. */
  checkMany(queries: readonly CheckQuery[], options?: AuthorizerCallOptions): Promise<Decision[]>;
  /** Every permission slug the membership effectively has on the resource, in permission creation order. */
  effectivePermissions(query: EffectivePermissionsQuery, options?: AuthorizerCallOptions): Promise<string[]>;
  /** Descendants of `parent` the membership may `permission` (SPEC D3). */
  listResources(query: ListResourcesQuery, options?: AuthorizerCallOptions): Promise<Page<Resource>>;
  /** Memberships that may `permission` on the resource (SPEC D5). */
  listMemberships(
    query: ListMembershipsQuery,
    options?: AuthorizerCallOptions,
  ): Promise<Page<OrganizationMembership>>;
  /** The user's membership in the organization (any status), or `null`. */
  findMembership(
    query: FindMembershipQuery,
    options?: AuthorizerCallOptions,
  ): Promise<OrganizationMembership | null>;
  /** Why `check` answers as it does. */
  explain(query: CheckQuery, options?: AuthorizerCallOptions): Promise<Explanation>;
}
