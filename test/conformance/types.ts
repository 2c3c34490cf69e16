// The authorizer conformance suite as data: scenarios name admin operations and the answers every
// backend must give. A backend only provides a BackendFactory (see define-suite.ts).
import type {
  Admin,
  Authorizer,
  DecisionReason,
  EnvironmentSettings,
  FgaErrorCode,
  PageOptions,
  ResourceRef,
} from '@fgakit/core';

/** What a backend hands the interpreter for one scenario: a fresh, empty environment. */
export interface BackendInstance {
  readonly authorizer: Authorizer;
  readonly admin: Admin;
  close(): Promise<void>;
}

/** One per backend file (memory today; Postgres and WorkOS later). */
export interface BackendFactory {
  readonly name: string;
  create(settings?: Partial<EnvironmentSettings>): Promise<BackendInstance>;
}

/**
 * A symbolic reference: `'@name'` is replaced by the id of the object a step registered with
 * `as: 'name'`; any other string is used as is. In a resource position of a query, `'@org'` naming an
 * organization means that organization's resource.
 */
export type Symbolic = string;

/** A resource in a query: `'@name'` or an explicit ref whose strings may be symbolic. */
export type Target = Symbolic | ResourceRef;

/** `[membership, permission slug, resource]`. */
export type CheckTuple = readonly [membership: Symbolic, permission: string, resource: Target];

/** How a rejection must look: one code, any of several codes, or only an HTTP status. */
export type ErrorMatcher = FgaErrorCode | readonly FgaErrorCode[] | { readonly status: number };

type AdminMethod = {
  [K in keyof Admin]: Admin[K] extends (...args: never[]) => Promise<unknown> ? K : never;
}[keyof Admin];

/** One admin operation by name; `input` is shorthand for a single-argument `args`. */
export type AdminCall = {
  [K in AdminMethod]:
    | { readonly op: K; readonly args: Parameters<Admin[K]> }
    | { readonly op: K; readonly input: Parameters<Admin[K]>[0] };
}[AdminMethod];

/** A setup step: an admin call that must succeed, optionally registering its result's id. */
export type Step = AdminCall & { readonly as?: string };

/** What a successful admin call must return, beyond not throwing. */
export interface CallAssertions {
  readonly as?: string;
  readonly note?: string;
  /** Must reject with this error (and, under `strictRevisions`, leave the revision unchanged). */
  readonly rejects?: ErrorMatcher;
  /** Partial deep match on the raw result (symbolic strings resolved; a RegExp matches a string). */
  readonly returns?: unknown;
  /** The ids of the returned list or page, in order. */
  readonly returnsIds?: readonly Symbolic[];
}

export type CallExpectation = AdminCall & CallAssertions;

export interface CheckExpectation {
  readonly check: CheckTuple;
  readonly allowed: boolean;
  /** One reason, or any of several where the SPEC leaves the choice open. */
  readonly reason?: DecisionReason | readonly DecisionReason[];
  /** Ask for state at least as new as the last successful write (SPEC D18). */
  readonly atLeastLastWrite?: boolean;
  readonly note?: string;
}

export interface CheckRejectsExpectation {
  readonly checkRejects: CheckTuple;
  readonly code: ErrorMatcher;
  readonly note?: string;
}

export interface CheckManyExpectation {
  readonly checkMany: readonly CheckTuple[];
  readonly allowed: readonly boolean[];
  readonly note?: string;
}

/** Assertions shared by the list expectations. */
export interface ListAssertions {
  /** Same ids in any order. */
  readonly ids?: readonly Symbolic[];
  /** Same ids in exactly this order. */
  readonly orderedIds?: readonly Symbolic[];
  readonly listMetadata?: { readonly before: Symbolic | null; readonly after: Symbolic | null };
  readonly rejects?: ErrorMatcher;
  readonly note?: string;
}

export interface ListResourcesExpectation extends ListAssertions {
  readonly listResources: {
    readonly membership: Symbolic;
    readonly permission: string;
    readonly parent: Target;
    readonly page?: PageOptions;
  };
}

export interface ListMembershipsExpectation extends ListAssertions {
  readonly listMemberships: {
    readonly resource: Target;
    readonly permission: string;
    readonly organization?: Symbolic;
    readonly assignment?: 'direct' | 'indirect';
    readonly page?: PageOptions;
  };
}

export interface EffectivePermissionsExpectation {
  readonly effectivePermissions: { readonly membership: Symbolic; readonly resource: Target };
  /** Exactly these slugs, in this order (permission creation order, SPEC D4). */
  readonly permissions?: readonly string[];
  readonly rejects?: ErrorMatcher;
  readonly note?: string;
}

export interface ExplainExpectation {
  readonly explain: CheckTuple;
  readonly allowed: boolean;
  readonly reason?: DecisionReason | readonly DecisionReason[];
  /** Ids of the checked resource and its ancestors, up to the organization resource. */
  readonly path?: readonly Target[];
  /** Roles that must appear with `grants: true`, and where they apply from. */
  readonly granting?: readonly {
    readonly role: string;
    readonly via: 'organization_role' | 'role_assignment';
    readonly resource: Target;
  }[];
  /** No listed role may grant (for denials). */
  readonly noneGrant?: boolean;
  readonly permissionKnown?: boolean;
  readonly note?: string;
}

export interface FindMembershipExpectation {
  readonly findMembership: { readonly user: Symbolic; readonly organization: Symbolic };
  /** The membership's id, or `null` when there is none. */
  readonly id: Symbolic | null;
  readonly status?: 'active' | 'inactive' | 'pending';
  readonly note?: string;
}

/** `admin.revision()` equals the revision the last successful write returned (SPEC D18). */
export interface RevisionExpectation {
  readonly revisionIsLastWrite: true;
  readonly note?: string;
}

/** Every role assignment of these memberships reports `source.type = 'direct'` (SPEC D19). */
export interface DirectSourcesExpectation {
  readonly allAssignmentsDirect: readonly Symbolic[];
  readonly note?: string;
}

export type Expectation =
  | CallExpectation
  | CheckExpectation
  | CheckRejectsExpectation
  | CheckManyExpectation
  | ListResourcesExpectation
  | ListMembershipsExpectation
  | EffectivePermissionsExpectation
  | ExplainExpectation
  | FindMembershipExpectation
  | RevisionExpectation
  | DirectSourcesExpectation;

export interface Scenario {
  /** Stable id, named by spec reference, e.g. `D9-cross-org-resource`. */
  readonly id: string;
  readonly title: string;
  /** Where the behaviour is specified, e.g. `§8 D9`. */
  readonly spec: string;
  readonly settings?: Partial<EnvironmentSettings>;
  readonly setup: readonly Step[];
  /** Run in order; writes among them change the state later expectations see. */
  readonly expect: readonly Expectation[];
  /** Assert every successful write returns a larger revision and every rejected one changes nothing. */
  readonly strictRevisions?: boolean;
}
