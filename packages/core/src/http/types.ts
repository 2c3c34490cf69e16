// The adapter contract of @fgakit/core/http: the framework-neutral request an adapter builds, the
// runtime it calls, and the outcome it writes. Adapters are `toAuthzRequest()` plus a writer.
import type { Authorizer, AuthorizerCallOptions, Consistency, Decision } from '../authorizer.js';
import type { FgaError } from '../errors.js';
import type {
  CustomIdentityFunction,
  Identity,
  IdentityResolver,
  MembershipCacheOptions,
} from '../identity/types.js';
import type { Page, PageOptions, Resource, ResourceRef } from '../model/types.js';

/**
 * The framework-neutral view of one HTTP request. Accessors are functions so they read the native
 * request live (a body parser that runs after the request was wrapped is still seen).
 *
 * @example Express
 * ```ts
 * const toAuthzRequest = (req: express.Request): AuthzRequest<express.Request> => ({
 *   method: req.method,
 *   path: req.path,
 *   header: (name) => req.get(name),
 *   param: (name) => req.params[name],
 *   query: (name) => firstString(req.query[name]),
 *   body: () => req.body,
 *   native: req,
 * });
 * ```
 */
export interface AuthzRequest<Native = unknown> {
  /** Upper-case HTTP method. */
  readonly method: string;
  /** Path without the query string, e.g. `/projects/web`. */
  readonly path: string;
  /** Header value by case-insensitive name; the first value when repeated. */
  header(name: string): string | undefined;
  /** Route parameter (`:projectId`) by name. */
  param(name: string): string | undefined;
  /** Query-string value by name; the first value when repeated. */
  query(name: string): string | undefined;
  /** Parsed request body, if a body parser ran; `undefined` otherwise. */
  body(): unknown;
  /** Cookie by exact name. Optional: when absent, core parses the `Cookie` header itself. */
  cookie?(name: string): string | undefined;
  /** Aborted when the client goes away; forwarded to the authorizer. */
  readonly signal?: AbortSignal | undefined;
  /**
   * The framework's own request object (Express `req`, Koa `ctx`, Fastify request). Core keys the
   * per-request {@link FgaContext} on it, so it must be the same object for the whole request.
   */
  readonly native: Native;
}

/**
 * An RFC 9457 problem body (`application/problem+json`) with fgakit's stable `code`.
 *
 * @example
 * ```json
 * { "type": "urn:fgakit:problem:permission_denied", "title": "Forbidden", "status": 403,
 *   "detail": "Permission denied.", "code": "permission_denied" }
 * ```
 */
export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  /** Stable fgakit error code (`authentication_required`, `permission_denied`, `entity_not_found`, ...). */
  readonly code: string;
  /** Extra client-safe members (e.g. `retry_after`), never internal details. */
  readonly [member: string]: unknown;
}

/**
 * Everything an adapter writes for a rejected request: status, headers (lower-case names, always
 * including `content-type: application/problem+json`; `retry-after` on 503, `www-authenticate`
 * on 401) and a JSON body. Write it verbatim: `res.status(s).set(headers).send(JSON.stringify(body))`.
 */
export interface FgaResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** A {@link ProblemDetails}, or whatever a hook chose to send instead. */
  readonly body: ProblemDetails | Readonly<Record<string, unknown>>;
}

/** Where a requirement finds the resource id. Default: route param `:<type>Id` (camel-cased), else `:id`. */
export type ResourceIdSource =
  | { readonly param: string }
  | { readonly query: string }
  /** A top-level string field of the parsed JSON body. */
  | { readonly body: string }
  | { readonly header: string };

/** What an async loader found: the FGA resource to check (by external id or id) and the app's row. */
export type LoadedResource<Row = unknown> =
  | { readonly externalId: string; readonly row?: Row }
  | { readonly id: string; readonly row?: Row };

/**
 * Loads the resource to check, e.g. a document row, answering its nearest FGA-managed parent
 * (SPEC §4.1). `null` → not found (404). A throw → 503 `authorization_unavailable`, unless the
 * thrown value is an fgakit error, which keeps its own status.
 *
 * @example Documents live in the app's DB; `document:view` is checked on the document's project
 * ```ts
 * fga.requirePermission('project', 'document:view', {
 *   load: async (req) => {
 *     const doc = await db.documents.find(req.param('documentId'));
 *     return doc ? { externalId: doc.projectId, row: doc } : null;
 *   },
 *   conceal: true,
 * });
 * ```
 */
export type ResourceLoader<Row = unknown> = (
  request: AuthzRequest,
  context: FgaContext,
) => Promise<LoadedResource<Row> | null> | LoadedResource<Row> | null;

/**
 * Whether a denial answers 404 instead of 403 so existence never leaks. `true`: always 404.
 * `{ unless: 'project:view' }`: 404 unless the caller holds that permission on the same resource
 * (then 403, e.g. a denied edit on a project the caller may see).
 */
export type ConcealOption = boolean | { readonly unless: string };

/** Options of one permission requirement. Every field is optional. */
export interface PermissionRequirementOptions<Row = unknown> {
  /** Where the id comes from (ignored for `organization`-typed requirements and with `load`). */
  readonly resource?: ResourceIdSource | undefined;
  /** Async loader (nearest-FGA-parent pattern); mutually exclusive with `resource`. */
  readonly load?: ResourceLoader<Row> | undefined;
  /** Whether ids are external ids of `resourceType` (default) or FGA resource ids. */
  readonly by?: 'externalId' | 'id' | undefined;
  /** Overrides the runtime's `conceal` for this requirement. */
  readonly conceal?: ConcealOption | undefined;
  /** Overrides the runtime's `tokenFastPath` for this requirement. */
  readonly tokenFastPath?: boolean | undefined;
  /** Passed to the authorizer (`fresh` bypasses decision caches). */
  readonly consistency?: Consistency | undefined;
}

/**
 * A requirement as plain data (no runtime needed), e.g. stored by a decorator. Compile it with
 * {@link FgaRuntime.compile}, which validates it against the model.
 */
export type RequirementSpec =
  | {
      readonly kind: 'permission';
      readonly resourceType: string;
      readonly permission: string;
      readonly options?: PermissionRequirementOptions | undefined;
    }
  | { readonly kind: 'anyOf'; readonly requirements: readonly (RequirementSpec | Requirement)[] }
  | { readonly kind: 'allOf'; readonly requirements: readonly (RequirementSpec | Requirement)[] };

/**
 * A compiled, validated requirement. Create it once at start-up (route declaration), run it per
 * request with {@link FgaRuntime.authorize}.
 */
export interface Requirement {
  readonly kind: 'permission' | 'anyOf' | 'allOf';
  /** Human-readable form, e.g. `project:view on project(:projectId)`. */
  readonly description: string;
  /** The data it was compiled from. */
  readonly spec: RequirementSpec;
}

/** Why a request was rejected: 401, 403 or 404. */
export interface DeniedEvent {
  readonly request: AuthzRequest;
  readonly context: FgaContext;
  readonly requirement: Requirement | null;
  /** `AuthenticationError` (401), `PermissionDeniedError` (403) or `NotFoundError` (404). */
  readonly error: FgaError;
  /** What will be sent unless the hook returns a replacement. */
  readonly response: FgaResponse;
}

/** The request could not be decided: 503 (authorizer or loader failed or timed out) or 500. */
export interface ErrorEvent {
  readonly request: AuthzRequest;
  readonly context: FgaContext;
  readonly requirement: Requirement | null;
  /** The error as fgakit classified it (`AuthorizationUnavailableError`, `ConfigurationError`, ...). */
  readonly error: FgaError;
  /** The original thrown value, for logs. */
  readonly cause: unknown;
  readonly response: FgaResponse;
}

/** A hook may observe, or return a replacement response. It never turns a rejection into an allow. */
export type OutcomeHook<E> = (event: E) => FgaResponse | undefined | Promise<FgaResponse | undefined>;

/** Options of {@link createFgaRuntime}; validated when the runtime is created. */
export interface FgaRuntimeOptions {
  /** The authorizer every check goes to (`LocalAuthorizer`, `WorkOSAuthorizer`, `cached(...)`). */
  readonly authorizer: Authorizer;
  /**
   * How callers are identified: one resolver or a chain (first success wins). A plain function is a
   * custom resolver: `(req: AuthzRequest) => ({ userId, organizationId }) | { membershipId } | null`.
   */
  readonly identity:
    | IdentityResolver<AuthzRequest>
    | CustomIdentityFunction<AuthzRequest>
    | readonly (IdentityResolver<AuthzRequest> | CustomIdentityFunction<AuthzRequest>)[];
  /** Default conceal behaviour of every requirement (default `false`: 403). */
  readonly conceal?: ConcealOption | undefined;
  /** Allow from a verified token's org-wide `permissions` without a lookup (default `true`). */
  readonly tokenFastPath?: boolean | undefined;
  /**
   * Per-call timeout of every identity resolver, membership lookup, loader and authorizer call that
   * answers with a promise; exceeding it answers 503 (default 5000 ms). One timer per runtime serves
   * every pending call; answers given synchronously never start one.
   */
  readonly timeoutMs?: number | undefined;
  /** `Retry-After` seconds on 503 when the error names none (default 1). */
  readonly retryAfterSeconds?: number | undefined;
  /** (user, organization) → membership id cache; `false` disables it. */
  readonly membershipCache?: MembershipCacheOptions | false | undefined;
  /** Prefix of problem `type` URIs (default `urn:fgakit:problem:`); the code is appended. */
  readonly problemTypeBase?: string | undefined;
  /** Called on 401/403/404. */
  readonly onDenied?: OutcomeHook<DeniedEvent> | undefined;
  /** Called on 503/500. */
  readonly onError?: OutcomeHook<ErrorEvent> | undefined;
}

/**
 * The per-request access object, exposed by adapters as `req.fga`, `ctx.state.fga` and
 * `@Membership()`. Created lazily by {@link FgaRuntime.context}; it memoizes identity and every
 * decision for the request, so asking the same question twice costs one authorizer call.
 *
 * `check`/`can` answer a "no" as a value; they throw `AuthenticationError` without an identity and
 * `AuthorizationUnavailableError` when the authorizer fails (turn those into responses with
 * {@link FgaRuntime.responseFor}).
 *
 * @example In a handler
 * ```ts
 * if (await req.fga.can('project:edit', { type: 'project', externalId: req.params.projectId })) { ... }
 * const perms = await req.fga.effectivePermissions({ type: 'project', externalId: 'web' });
 * ```
 */
export interface FgaContext<Row = unknown> {
  readonly request: AuthzRequest;
  /** The resolved identity, once {@link identify} (or a guard) has run; else `undefined`. */
  readonly identity: Identity | undefined;
  /** The resolved membership id, once known; else `undefined`. */
  readonly membershipId: string | undefined;
  /** The resource the last passing guard checked (by id or type + external id). */
  readonly resource: ResourceRef | undefined;
  /** The row an async loader returned, if any. */
  readonly loaded: Row | undefined;
  /** The caller's organization resource `{ type: 'organization', externalId: organizationId }`. */
  organizationResource(): Promise<ResourceRef>;
  /** Resolve the identity (memoized); throws `AuthenticationError` (401). */
  identify(): Promise<Identity>;
  /** Resolve the membership id (memoized, membership-cached); throws `AuthenticationError`. */
  resolveMembershipId(): Promise<string>;
  /** One decision (memoized per request). A missing resource is a denial (`allowed: false`). */
  check(permission: string, resource: ResourceRef, options?: AuthorizerCallOptions): Promise<Decision>;
  /** `check(...).allowed`. */
  can(permission: string, resource: ResourceRef, options?: AuthorizerCallOptions): Promise<boolean>;
  /** Throws `PermissionDeniedError` unless allowed. */
  assert(permission: string, resource: ResourceRef, options?: AuthorizerCallOptions): Promise<void>;
  /** Resources under `parent` the caller may `permission` (SPEC D3). */
  listResources(permission: string, parent: ResourceRef, page?: PageOptions): Promise<Page<Resource>>;
  /** Every permission the caller has on `resource` (SPEC D4). */
  effectivePermissions(resource: ResourceRef): Promise<string[]>;
  /**
   * What `JSON.stringify` writes for the context (say, a logger serializing `ctx.state`): who the
   * caller is, as far as known, and the checked resource; never the request, the token or claims.
   */
  toJSON(): FgaContextSummary;
}

/**
 * The JSON form of an {@link FgaContext}: the ids resolved so far (absent until known).
 *
 * @example
 * ```ts
 * JSON.stringify({ fga: req.fga }); // {"fga":{"userId":"user_01…","organizationId":"org_01…","membershipId":"om_01…"}}
 * ```
 */
export interface FgaContextSummary {
  readonly userId?: string;
  readonly organizationId?: string;
  readonly membershipId?: string;
  readonly resource?: ResourceRef;
}

/** The result of {@link FgaRuntime.authorize}: continue to the handler, or write `response`. */
export type GuardOutcome<Row = unknown> =
  | {
      readonly ok: true;
      readonly context: FgaContext<Row>;
      /** The decisions that allowed it (one per satisfied permission requirement). */
      readonly decisions: readonly Decision[];
    }
  | {
      readonly ok: false;
      readonly context: FgaContext<Row>;
      readonly response: FgaResponse;
      /** The classified error (for frameworks that prefer throwing, e.g. Nest's `HttpException`). */
      readonly error: FgaError;
    };

/**
 * The runtime every adapter calls, created once with {@link createFgaRuntime}. Requirements are
 * compiled (and slugs validated against a local model) when declared; `authorize` never throws.
 *
 * @example Express-style middleware
 * ```ts
 * const fga = createFgaRuntime({ authorizer, identity: bearerToken(verifier) });
 * const guard = fga.requirePermission('project', 'project:view', { conceal: true });
 * app.get('/projects/:projectId', async (req, res, next) => {
 *   const outcome = await fga.authorize(toAuthzRequest(req), guard);
 *   if (outcome.ok) return next();
 *   res.status(outcome.response.status).set(outcome.response.headers).send(JSON.stringify(outcome.response.body));
 * });
 * ```
 */
export interface FgaRuntime {
  readonly authorizer: Authorizer;
  /** Compile and validate a permission requirement; throws `ConfigurationError` at start-up. */
  requirePermission<Row = unknown>(
    resourceType: string,
    permission: string,
    options?: PermissionRequirementOptions<Row>,
  ): Requirement;
  /** An organization-level requirement, checked on the caller's organization resource. */
  requireOrganizationPermission(
    permission: string,
    options?: Pick<PermissionRequirementOptions, 'conceal' | 'tokenFastPath' | 'consistency'>,
  ): Requirement;
  /** Satisfied when any requirement is (evaluated in order, stops at the first allow). */
  anyOf(...requirements: readonly (Requirement | RequirementSpec)[]): Requirement;
  /** Satisfied when every requirement is (stops at the first denial). */
  allOf(...requirements: readonly (Requirement | RequirementSpec)[]): Requirement;
  /** Compile a {@link RequirementSpec} (decorator metadata); returns it unchanged if already compiled. */
  compile(spec: RequirementSpec | Requirement): Requirement;
  /** The request's {@link FgaContext}, created on first use and keyed on `request.native`. */
  context<Row = unknown>(request: AuthzRequest): FgaContext<Row>;
  /** Run a requirement for a request. Never throws: every failure becomes a response. */
  authorize<Row = unknown>(request: AuthzRequest, requirement: Requirement): Promise<GuardOutcome<Row>>;
  /**
   * {@link authorize}, answered without a promise when the outcome is known at once: a synchronous
   * identity (custom resolver or cached token), a known membership and an authorizer with
   * `checkNow` (the embedded engine). Otherwise a promise, as `authorize`. Never throws. Adapters
   * use it so an allowed request goes on to the handler in the same tick.
   *
   * @example
   * ```ts
   * const outcome = fga.authorizeNow(request, canView);
   * if (outcome instanceof Promise) outcome.then(finish);
   * else finish(outcome);
   * ```
   */
  authorizeNow<Row = unknown>(
    request: AuthzRequest,
    requirement: Requirement,
  ): GuardOutcome<Row> | Promise<GuardOutcome<Row>>;
  /**
   * The response for an error thrown in a handler (e.g. by `req.fga.assert`), or `undefined` when
   * it is not an fgakit error. Adapters call it from their error path.
   */
  responseFor(error: unknown, request?: AuthzRequest): FgaResponse | undefined;
}
