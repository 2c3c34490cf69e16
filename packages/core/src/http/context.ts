// The per-request access object (`req.fga`): identity and membership resolved once, every
// decision memoized, the token fast path applied, and authorizer failures classified (fail closed).
import type { Authorizer, AuthorizerCallOptions, Consistency, Decision } from '../authorizer.js';
import { encodeKey, resourceKeyParts } from '../cache/cache-key.js';
import {
  AuthenticationError,
  AuthorizationUnavailableError,
  isFgaError,
  NotFoundError,
  PermissionDeniedError,
} from '../errors.js';
import type { MembershipResolver } from '../identity/resolve-membership.js';
import { resolveIdentity } from '../identity/resolvers.js';
import type { Identity, IdentityResolver } from '../identity/types.js';
import {
  ORGANIZATION_TYPE,
  type Page,
  type PageOptions,
  type Resource,
  type ResourceRef,
} from '../model/types.js';
import type { AuthzRequest, FgaContext } from './types.js';

/** What a context needs from its runtime. */
export interface ContextDeps {
  readonly authorizer: Authorizer;
  readonly resolvers: readonly IdentityResolver<AuthzRequest>[];
  readonly memberships: MembershipResolver;
  readonly tokenFastPath: boolean;
  readonly timeoutMs: number;
  readonly retryAfterSeconds: number;
}

/** Options of one decision made by a guard. */
export interface DecideOptions {
  readonly tokenFastPath?: boolean | undefined;
  readonly consistency?: Consistency | undefined;
}

/** The context plus the internal hooks guards use. */
export interface InternalContext<Row = unknown> extends FgaContext<Row> {
  decide(permission: string, resource: ResourceRef, options: DecideOptions): Promise<Decision>;
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
  let identity: Identity | undefined;
  let identityPromise: Promise<Identity> | undefined;
  let membershipId: string | undefined;
  let membershipPromise: Promise<string> | undefined;
  let resource: ResourceRef | undefined;
  let loaded: Row | undefined;
  let calls = 0;
  const memo = new Map<string, Promise<Decision>>();

  // The authorizer gets the client's abort signal as it is. A timeout answers 503 without aborting
  // the call: the backend's own timeouts end it, and a per-call AbortController would cost more
  // than the embedded engine's whole check.
  async function guarded<T>(work: (signal: AbortSignal | undefined) => Promise<T> | T): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        reject(
          new AuthorizationUnavailableError(
            'authorization_timeout',
            `Authorization did not answer within ${deps.timeoutMs} ms.`,
            { retryAfter: deps.retryAfterSeconds },
          ),
        );
      }, deps.timeoutMs);
      timer.unref?.();
    });
    try {
      return await Promise.race([Promise.resolve().then(() => work(request.signal)), timeout]);
    } catch (err) {
      throw classify(err, deps.retryAfterSeconds);
    } finally {
      clearTimeout(timer);
    }
  }

  function identify(): Promise<Identity> {
    identityPromise ??= (async () => {
      const result = await guarded(() => resolveIdentity(deps.resolvers, request));
      if (!result.ok) throw result.error;
      identity = result.identity;
      return result.identity;
    })();
    return identityPromise;
  }

  function resolveMembershipId(): Promise<string> {
    membershipPromise ??= (async () => {
      const who = await identify();
      const id = await guarded((signal) => {
        if (who.membershipId === undefined) calls += 1;
        return deps.memberships.resolve(who, signal);
      });
      membershipId = id;
      return id;
    })();
    return membershipPromise;
  }

  async function organizationResource(): Promise<ResourceRef> {
    const who = await identify();
    if (who.organizationId === null) {
      throw new AuthenticationError('membership_unresolved', 'The identity names no organization.');
    }
    return { type: ORGANIZATION_TYPE, externalId: who.organizationId };
  }

  async function decide(permission: string, ref: ResourceRef, options: DecideOptions): Promise<Decision> {
    const who = await identify();
    const fastPath = options.tokenFastPath ?? deps.tokenFastPath;
    // An org-wide permission in a verified token covers every resource of its organization (SPEC
    // §4.2). Refs by raw id could name another organization's resource, so only external ids qualify.
    if (
      fastPath &&
      who.permissions?.includes(permission) === true &&
      'externalId' in ref &&
      who.organizationId !== null
    ) {
      return { allowed: true, reason: 'token_permission', revision: 0, source: 'token' };
    }
    const consistency = options.consistency;
    const key = encodeKey([permission, ...resourceKeyParts(ref)]);
    const remembered = consistency === undefined ? memo.get(key) : undefined;
    if (remembered !== undefined) return remembered;
    const pending = (async () => {
      const membership = await resolveMembershipId();
      try {
        return await guarded((signal) => {
          calls += 1;
          const call: AuthorizerCallOptions = {
            ...(signal === undefined ? {} : { signal }),
            ...(consistency === undefined ? {} : { consistency }),
          };
          return deps.authorizer.check({ membershipId: membership, permission, resource: ref }, call);
        });
      } catch (err) {
        // D9/D16: an unknown resource (or one of another organization) is a denial, never an oracle
        if (err instanceof NotFoundError || (isFgaError(err) && err.status < 500 && err.status !== 401)) {
          return {
            allowed: false,
            reason: 'no_matching_role',
            revision: 0,
            source: 'engine',
          } satisfies Decision;
        }
        throw err;
      }
    })();
    if (consistency === undefined) {
      memo.set(key, pending);
      pending.catch(() => memo.delete(key));
    }
    return pending;
  }

  const context: InternalContext<Row> = {
    request,
    get identity() {
      return identity;
    },
    get membershipId() {
      return membershipId;
    },
    get resource() {
      return resource;
    },
    get loaded() {
      return loaded;
    },
    get calls() {
      return calls;
    },
    organizationResource,
    identify,
    resolveMembershipId,
    check: function check(permission, ref, options) {
      return decide(
        permission,
        ref,
        options?.consistency === undefined ? {} : { consistency: options.consistency },
      );
    },
    can: async function can(permission, ref, options) {
      return (await context.check(permission, ref, options)).allowed;
    },
    assert: async function assert(permission, ref, options) {
      const decision = await context.check(permission, ref, options);
      if (!decision.allowed) {
        throw new PermissionDeniedError('permission_denied', `Permission "${permission}" is required.`, {
          details: { permission },
        });
      }
    },
    listResources: async function listResources(
      permission: string,
      parent: ResourceRef,
      page?: PageOptions,
    ): Promise<Page<Resource>> {
      const membership = await resolveMembershipId();
      return guarded((signal) => {
        calls += 1;
        return deps.authorizer.listResources(
          { membershipId: membership, permission, parent, ...(page === undefined ? {} : { page }) },
          signal === undefined ? {} : { signal },
        );
      });
    },
    effectivePermissions: async function effectivePermissions(ref: ResourceRef): Promise<string[]> {
      const membership = await resolveMembershipId();
      return guarded((signal) => {
        calls += 1;
        return deps.authorizer.effectivePermissions(
          { membershipId: membership, resource: ref },
          signal === undefined ? {} : { signal },
        );
      });
    },
    decide,
    guarded,
    setResource: (ref) => {
      resource = ref;
    },
    setLoaded: (row) => {
      loaded = row as Row;
    },
  };
  return context;
}

/** fgakit errors keep their meaning; anything else from a backend or loader means "cannot decide". */
function classify(err: unknown, retryAfterSeconds: number): unknown {
  if (isFgaError(err)) return err;
  return new AuthorizationUnavailableError(
    'authorization_unavailable',
    'Authorization is temporarily unavailable.',
    {
      cause: err,
      retryAfter: retryAfterSeconds,
    },
  );
}
