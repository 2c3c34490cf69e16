// The per-request access object (`req.fga`): identity and membership resolved once, every
// decision memoized, the token fast path applied, and authorizer failures classified (fail closed).
import type { Authorizer, AuthorizerCallOptions, Consistency, Decision } from '../authorizer.js';
import { AuthenticationError, isFgaError, NotFoundError, PermissionDeniedError } from '../errors.js';
import type { MembershipResolver } from '../identity/resolve-membership.js';
import { resolveIdentityNow } from '../identity/resolvers.js';
import type { Identity, IdentityResolver, IdentityResult } from '../identity/types.js';
import {
  ORGANIZATION_TYPE,
  type Page,
  type PageOptions,
  type Resource,
  type ResourceRef,
} from '../model/types.js';
import type { AuthzRequest, FgaContext, FgaContextSummary } from './types.js';
import { classify, Watchdog } from './watchdog.js';

/** What a context needs from its runtime. */
export interface ContextDeps {
  readonly authorizer: Authorizer;
  readonly resolvers: readonly IdentityResolver<AuthzRequest>[];
  /** The chain as one function (`compileResolverChain(resolvers)`); the runtime passes it. */
  readonly resolveIdentity?:
    | ((request: AuthzRequest) => IdentityResult | Promise<IdentityResult>)
    | undefined;
  readonly memberships: MembershipResolver;
  readonly tokenFastPath: boolean;
  readonly timeoutMs: number;
  readonly retryAfterSeconds: number;
  /** The runtime's shared call timer; created from `timeoutMs` when absent. */
  readonly watchdog?: Watchdog | undefined;
}

/** Options of one decision made by a guard. */
export interface DecideOptions {
  readonly tokenFastPath?: boolean | undefined;
  readonly consistency?: Consistency | undefined;
}

/** The context plus the internal hooks guards use. */
export interface InternalContext<Row = unknown> extends FgaContext<Row> {
  decide(permission: string, resource: ResourceRef, options: DecideOptions): Promise<Decision>;
  /**
   * `decide` without a promise when the identity, the membership and the decision are all known at
   * once (a synchronous resolver or a cached token, and an authorizer with `checkNow`). Throws
   * what `decide` would reject with.
   */
  decideNow(permission: string, resource: ResourceRef, options: DecideOptions): Decision | Promise<Decision>;
  /** The identity, without a promise once it is known (or when every resolver answers at once). */
  identifyNow(): Identity | Promise<Identity>;
  /** Run a loader (or any app callback) under the timeout; classified like authorizer failures. */
  guarded<T>(work: (signal: AbortSignal | undefined) => Promise<T> | T): Promise<T>;
  setResource(ref: ResourceRef): void;
  setLoaded(row: unknown): void;
  /** Authorizer calls made through this context (for tests and logs). */
  readonly calls: number;
}

/**
 * Create the access object of one request. Prefer `runtime.context(request)`, which keys it on
 * the native request so the guard and the handler share it.
 *
 * @example
 * ```ts
 * const fga = createRequestContext(deps, request);
 * await fga.can('project:view', { type: 'project', externalId: 'web' });
 * ```
 */
export function createRequestContext<Row = unknown>(
  deps: ContextDeps,
  request: AuthzRequest,
): InternalContext<Row> {
  return new RequestContext<Row>(deps, request);
}

const watchdogs = new WeakMap<ContextDeps, Watchdog>();

/** The runtime passes its watchdog; hand-built deps (tests) get one per deps object. */
function watchdogOf(deps: ContextDeps): Watchdog {
  if (deps.watchdog !== undefined) return deps.watchdog;
  let watchdog = watchdogs.get(deps);
  if (watchdog === undefined) {
    watchdog = new Watchdog(deps.timeoutMs, deps.retryAfterSeconds);
    watchdogs.set(deps, watchdog);
  }
  return watchdog;
}

/**
 * One request's context. A class, so a request allocates one object with its state instead of ~25
 * closures; the methods live on the prototype (call them on the context, e.g. `req.fga.can(...)`).
 * Values known synchronously (a custom resolver's answer, a cached token, a membership id in the
 * identity or the membership cache) are used without a promise; only calls that return a promise are
 * raced against the runtime's timeout.
 */
class RequestContext<Row> implements InternalContext<Row> {
  readonly #deps: ContextDeps;
  readonly #watchdog: Watchdog;
  readonly request: AuthzRequest;
  #identity: Identity | undefined = undefined;
  #identityPromise: Promise<Identity> | undefined = undefined;
  #membershipId: string | undefined = undefined;
  #membershipPromise: Promise<string> | undefined = undefined;
  #resource: ResourceRef | undefined = undefined;
  #loaded: Row | undefined = undefined;
  #calls = 0;
  /**
   * Created on the second memoized decision. The first (often the only one) lives in the three fields
   * below, compared field by field, so a request with one guard builds no memo key string.
   */
  #memo: Map<string, Decision | Promise<Decision>> | undefined = undefined;
  #firstPermission: string | undefined = undefined;
  #firstRef: ResourceRef | undefined = undefined;
  #firstDecision: Decision | Promise<Decision> | undefined = undefined;

  constructor(deps: ContextDeps, request: AuthzRequest) {
    this.#deps = deps;
    this.#watchdog = watchdogOf(deps);
    this.request = request;
  }

  get identity(): Identity | undefined {
    return this.#identity;
  }

  get membershipId(): string | undefined {
    return this.#membershipId;
  }

  get resource(): ResourceRef | undefined {
    return this.#resource;
  }

  get loaded(): Row | undefined {
    return this.#loaded;
  }

  get calls(): number {
    return this.#calls;
  }

  /**
   * Run `work` with the client's abort signal, classified like authorizer failures. A value returned
   * synchronously cannot hang, so only a promise is raced against the timeout. The signal is passed as
   * the adapter gave it: a per-call AbortController would cost more than the embedded engine's check.
   */
  #guard<T>(work: (signal: AbortSignal | undefined) => T | Promise<T>): T | Promise<T> {
    let result: T | Promise<T>;
    try {
      result = work(this.request.signal);
    } catch (err) {
      return Promise.reject(classify(err, this.#deps.retryAfterSeconds));
    }
    return isPending(result) ? this.#watchdog.race(result) : result;
  }

  guarded<T>(work: (signal: AbortSignal | undefined) => Promise<T> | T): Promise<T> {
    const result = this.#guard(work);
    return isPending(result) ? result : Promise.resolve(result);
  }

  identifyNow(): Identity | Promise<Identity> {
    if (this.#identity !== undefined) return this.#identity;
    if (this.#identityPromise !== undefined) return this.#identityPromise;
    // what #guard does, without a closure per request
    let result: IdentityResult | Promise<IdentityResult>;
    try {
      const deps = this.#deps;
      result =
        deps.resolveIdentity !== undefined
          ? deps.resolveIdentity(this.request)
          : resolveIdentityNow(deps.resolvers, this.request);
    } catch (err) {
      result = Promise.reject(classify(err, this.#deps.retryAfterSeconds));
    }
    if (!isPending(result)) return this.#settleIdentity(result);
    const pending = this.#watchdog.race(result).then((settled) => this.#settleIdentity(settled));
    this.#identityPromise = pending;
    return pending;
  }

  #settleIdentity(result: IdentityResult): Identity {
    if (!result.ok) {
      // remembered, so asking again gives the same 401 without running the resolvers again
      this.#identityPromise ??= Promise.reject(result.error);
      this.#identityPromise.catch(noop);
      throw result.error;
    }
    this.#identity = result.identity;
    return result.identity;
  }

  identify(): Promise<Identity> {
    if (this.#identityPromise !== undefined) return this.#identityPromise;
    let now: Identity | Promise<Identity>;
    try {
      now = this.identifyNow();
    } catch (err) {
      return Promise.reject(err);
    }
    if (isPending(now)) return now;
    this.#identityPromise = Promise.resolve(now);
    return this.#identityPromise;
  }

  /** The membership id, without a promise when the identity or the membership cache has it. */
  #membershipNow(): string | Promise<string> {
    if (this.#membershipId !== undefined) return this.#membershipId;
    if (this.#membershipPromise !== undefined) return this.#membershipPromise;
    const who = this.identifyNow();
    if (isPending(who)) return this.resolveMembershipId();
    if (who.membershipId !== undefined) {
      // the token or the resolver named it: nothing to look up
      this.#membershipId = who.membershipId;
      return who.membershipId;
    }
    // what #guard does, without a closure per request
    const memberships = this.#deps.memberships;
    const signal = this.request.signal;
    this.#calls += 1;
    let result: string | Promise<string>;
    try {
      result =
        memberships.resolveNow !== undefined
          ? memberships.resolveNow(who, signal)
          : memberships.resolve(who, signal);
    } catch (err) {
      return Promise.reject(classify(err, this.#deps.retryAfterSeconds));
    }
    if (!isPending(result)) {
      this.#membershipId = result;
      return result;
    }
    const pending = this.#watchdog.race(result).then((id) => {
      this.#membershipId = id;
      return id;
    });
    this.#membershipPromise = pending;
    return pending;
  }

  resolveMembershipId(): Promise<string> {
    if (this.#membershipPromise !== undefined) return this.#membershipPromise;
    if (this.#membershipId !== undefined) return Promise.resolve(this.#membershipId);
    const who = this.identifyNow();
    if (isPending(who)) {
      this.#membershipPromise = Promise.resolve(who).then(() => this.#membershipNow());
      return this.#membershipPromise;
    }
    let now: string | Promise<string>;
    try {
      now = this.#membershipNow();
    } catch (err) {
      return Promise.reject(err);
    }
    return isPending(now) ? now : Promise.resolve(now);
  }

  async organizationResource(): Promise<ResourceRef> {
    const who = await this.identifyNow();
    if (who.organizationId === null) {
      throw new AuthenticationError('membership_unresolved', 'The identity names no organization.');
    }
    return { type: ORGANIZATION_TYPE, externalId: who.organizationId };
  }

  decide(permission: string, ref: ResourceRef, options: DecideOptions): Promise<Decision> {
    let now: Decision | Promise<Decision>;
    try {
      now = this.decideNow(permission, ref, options);
    } catch (err) {
      return Promise.reject(err);
    }
    return isPending(now) ? now : Promise.resolve(now);
  }

  decideNow(permission: string, ref: ResourceRef, options: DecideOptions): Decision | Promise<Decision> {
    const who = this.#identity;
    if (who === undefined) {
      const pending = this.identifyNow();
      if (isPending(pending)) return pending.then(() => this.decideNow(permission, ref, options));
      return this.decideNow(permission, ref, options);
    }
    const fastPath = options.tokenFastPath ?? this.#deps.tokenFastPath;
    // An org-wide permission in a verified token covers every resource of its organization (SPEC
    // §4.2). Refs by raw id could name another organization's resource, so only external ids qualify.
    if (
      fastPath &&
      who.organizationId !== null &&
      who.permissions?.includes(permission) === true &&
      'externalId' in ref
    ) {
      return TOKEN_DECISION;
    }
    const consistency = options.consistency;
    if (consistency !== undefined) return this.#check(permission, ref, consistency, false);
    // the request's first question (often its only one) has nothing to recall
    if (this.#firstPermission !== undefined || this.#memo !== undefined) {
      const remembered = this.#recall(permission, ref);
      if (remembered !== undefined) return remembered;
    }
    const decided = this.#check(permission, ref, undefined, true);
    if (this.#firstPermission === undefined) {
      this.#firstPermission = permission;
      this.#firstRef = ref;
      this.#firstDecision = decided;
    } else {
      this.#memo ??= new Map();
      this.#memo.set(memoKey(permission, ref), decided);
    }
    return decided;
  }

  #recall(permission: string, ref: ResourceRef): Decision | Promise<Decision> | undefined {
    if (this.#firstPermission === permission && sameRef(this.#firstRef, ref)) return this.#firstDecision;
    return this.#memo?.get(memoKey(permission, ref));
  }

  #forget(permission: string, ref: ResourceRef): void {
    if (this.#firstPermission === permission && sameRef(this.#firstRef, ref)) {
      this.#firstPermission = undefined;
      this.#firstRef = undefined;
      this.#firstDecision = undefined;
    } else this.#memo?.delete(memoKey(permission, ref));
  }

  /**
   * Ask the authorizer, synchronously when the membership is known and the authorizer answers at
   * once (`checkNow`). A failure that is not a denial is thrown (or rejected) after forgetting the
   * memo entry, so the next ask tries again (forgetting an entry not stored yet is harmless).
   */
  #check(
    permission: string,
    ref: ResourceRef,
    consistency: Consistency | undefined,
    memoized: boolean,
  ): Decision | Promise<Decision> {
    let membershipId: string | Promise<string>;
    try {
      membershipId = this.#membershipNow();
    } catch (err) {
      return this.#failed(err, permission, ref, memoized);
    }
    if (isPending(membershipId)) {
      return membershipId.then(
        (id) => this.#checkAs(id, permission, ref, consistency, memoized),
        (err: unknown) => this.#failed(err, permission, ref, memoized),
      );
    }
    return this.#checkAs(membershipId, permission, ref, consistency, memoized);
  }

  #checkAs(
    membershipId: string,
    permission: string,
    ref: ResourceRef,
    consistency: Consistency | undefined,
    memoized: boolean,
  ): Decision | Promise<Decision> {
    const authorizer = this.#deps.authorizer;
    const signal = this.request.signal;
    const call: AuthorizerCallOptions =
      signal === undefined
        ? consistency === undefined
          ? NO_OPTIONS
          : { consistency }
        : consistency === undefined
          ? { signal }
          : { signal, consistency };
    const query = { membershipId, permission, resource: ref };
    this.#calls += 1;
    let decided: Decision | Promise<Decision>;
    try {
      decided =
        authorizer.checkNow !== undefined ? authorizer.checkNow(query, call) : authorizer.check(query, call);
    } catch (err) {
      return this.#failed(classify(err, this.#deps.retryAfterSeconds), permission, ref, memoized);
    }
    if (!isPending(decided)) return decided;
    // only a promise can hang: it alone is raced against the runtime's timeout
    return this.#watchdog
      .race(decided)
      .then(undefined, (err: unknown) => this.#failed(err, permission, ref, memoized));
  }

  /** D9/D16: an unknown resource (or one of another organization) is a denial, never an oracle. */
  #failed(err: unknown, permission: string, ref: ResourceRef, memoized: boolean): Decision {
    if (err instanceof NotFoundError || (isFgaError(err) && err.status < 500 && err.status !== 401)) {
      return NOT_FOUND_DENIAL;
    }
    if (memoized) this.#forget(permission, ref);
    throw err;
  }

  check(permission: string, ref: ResourceRef, options?: AuthorizerCallOptions): Promise<Decision> {
    return this.decide(
      permission,
      ref,
      options?.consistency === undefined ? NO_DECIDE_OPTIONS : { consistency: options.consistency },
    );
  }

  async can(permission: string, ref: ResourceRef, options?: AuthorizerCallOptions): Promise<boolean> {
    return (await this.check(permission, ref, options)).allowed;
  }

  async assert(permission: string, ref: ResourceRef, options?: AuthorizerCallOptions): Promise<void> {
    const decision = await this.check(permission, ref, options);
    if (!decision.allowed) {
      throw new PermissionDeniedError('permission_denied', `Permission "${permission}" is required.`, {
        details: { permission },
      });
    }
  }

  async listResources(permission: string, parent: ResourceRef, page?: PageOptions): Promise<Page<Resource>> {
    const membershipId = await this.resolveMembershipId();
    const authorizer = this.#deps.authorizer;
    return this.#guard((signal) => {
      this.#calls += 1;
      return authorizer.listResources(
        { membershipId, permission, parent, ...(page === undefined ? {} : { page }) },
        signal === undefined ? {} : { signal },
      );
    });
  }

  async effectivePermissions(ref: ResourceRef): Promise<string[]> {
    const membershipId = await this.resolveMembershipId();
    const authorizer = this.#deps.authorizer;
    return this.#guard((signal) => {
      this.#calls += 1;
      return authorizer.effectivePermissions(
        { membershipId, resource: ref },
        signal === undefined ? {} : { signal },
      );
    });
  }

  toJSON(): FgaContextSummary {
    const who = this.#identity;
    const summary: { -readonly [K in keyof FgaContextSummary]: FgaContextSummary[K] } = {};
    if (who?.userId) summary.userId = who.userId;
    if (who?.organizationId) summary.organizationId = who.organizationId;
    const membershipId = this.#membershipId ?? who?.membershipId;
    if (membershipId !== undefined) summary.membershipId = membershipId;
    if (this.#resource !== undefined) summary.resource = this.#resource;
    return summary;
  }

  setResource(ref: ResourceRef): void {
    this.#resource = ref;
  }

  setLoaded(row: unknown): void {
    this.#loaded = row as Row;
  }
}

// Shared, frozen answers: the engine's own decisions are shared the same way.
const TOKEN_DECISION: Decision = Object.freeze({
  allowed: true,
  reason: 'token_permission',
  revision: 0,
  source: 'token',
} satisfies Decision);
const NOT_FOUND_DENIAL: Decision = Object.freeze({
  allowed: false,
  reason: 'no_matching_role',
  revision: 0,
  source: 'engine',
} satisfies Decision);
const NO_OPTIONS: AuthorizerCallOptions = Object.freeze({});
const NO_DECIDE_OPTIONS: DecideOptions = Object.freeze({});

function noop(): void {}

/** Whether a maybe-synchronous answer is still to come (any `then` method, as `await` decides). */
export function isPending<T>(value: T | Promise<T>): value is Promise<T> {
  return (
    typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function'
  );
}

/**
 * The memo key of (permission, resource): length-prefixed parts, as `encodeKey` builds them, so no
 * choice of ids can collide, but without the intermediate arrays.
 */
function sameRef(a: ResourceRef | undefined, b: ResourceRef): boolean {
  if (a === undefined) return false;
  if (a === b) return true;
  if ('id' in a) return 'id' in b && a.id === b.id;
  return !('id' in b) && a.type === b.type && a.externalId === b.externalId;
}

function memoKey(permission: string, ref: ResourceRef): string {
  return 'id' in ref
    ? `${permission.length}:${permission}2:id${ref.id.length}:${ref.id}`
    : `${permission.length}:${permission}3:ext${ref.type.length}:${ref.type}${ref.externalId.length}:${ref.externalId}`;
}
