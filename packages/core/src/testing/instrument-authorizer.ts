// An instrumenting wrapper around any real Authorizer, for tests of guards and adapters: every call
// is delegated to the wrapped authorizer (the real engine answers) and recorded, and the wrapper
// can be switched at run time to fail or hang so 503 paths can be exercised. It never decides
// anything itself, so tests cannot drift from the engine's semantics.
import type {
  Authorizer,
  AuthorizerCallOptions,
  CheckQuery,
  EffectivePermissionsQuery,
  FindMembershipQuery,
  ListMembershipsQuery,
  ListResourcesQuery,
} from '../authorizer.js';

/**
 * One call an {@link InstrumentedAuthorizer} received, typed by method. `checkMany` is recorded once,
 * with every query (the wrapped authorizer's own internal calls are not seen).
 *
 * @example
 * ```ts
 * expect(fga.calls).toEqual([{ method: 'check', query: { membershipId, permission: 'project:view', resource } }]);
 * ```
 */
export type AuthorizerCall =
  | { readonly method: 'check'; readonly query: CheckQuery }
  | { readonly method: 'checkMany'; readonly query: readonly CheckQuery[] }
  | { readonly method: 'effectivePermissions'; readonly query: EffectivePermissionsQuery }
  | { readonly method: 'listResources'; readonly query: ListResourcesQuery }
  | { readonly method: 'listMemberships'; readonly query: ListMembershipsQuery }
  | { readonly method: 'findMembership'; readonly query: FindMembershipQuery }
  | { readonly method: 'explain'; readonly query: CheckQuery };

/**
 * The name of an {@link Authorizer} method.
 *
 * @example
 * ```ts
 * const method: AuthorizerMethod = 'check';
 * ```
 */
export type AuthorizerMethod = AuthorizerCall['method'];

/**
 * How an {@link InstrumentedAuthorizer} answers: `delegate` (the wrapped authorizer answers),
 * `fail` (every call rejects with the configured error) or `hang` (every call stays pending until
 * its `signal` aborts, then rejects with the signal's reason).
 *
 * @example
 * ```ts
 * const mode: InstrumentedMode = 'hang';
 * ```
 */
export type InstrumentedMode = 'delegate' | 'fail' | 'hang';

/**
 * Options of {@link instrumentAuthorizer}.
 *
 * @example
 * ```ts
 * const fga = instrumentAuthorizer(engine, { error: new AuthorizationUnavailableError('authorization_unavailable', 'down') });
 * ```
 */
export interface InstrumentAuthorizerOptions {
  /** Mode to start in (default `delegate`). */
  readonly mode?: InstrumentedMode | undefined;
  /**
   * What `fail` mode rejects with when {@link InstrumentedAuthorizer.fail} names nothing. Default: a
   * new plain `Error` per call ("authorizer failure (instrumentAuthorizer)"), which the runtime
   * answers as 503 `authorization_unavailable`.
   */
  readonly error?: unknown;
}

/**
 * An {@link Authorizer} that delegates to `inner`, records every call and can be made to fail or
 * hang. Model introspection (`hasPermission`, `hasResourceType`) is passed through when `inner`
 * has it, so guards still validate slugs at declaration; it is never failed or recorded.
 *
 * @example
 * ```ts
 * const fga = instrumentAuthorizer(new LocalAuthorizer());
 * fga.fail();            // the next calls reject: the guard must answer 503
 * fga.restore();         // back to the engine
 * expect(fga.callsTo('check')).toHaveLength(1);
 * ```
 */
export interface InstrumentedAuthorizer<A extends Authorizer = Authorizer> extends Authorizer {
  /** The wrapped authorizer (e.g. a `LocalAuthorizer`, for `inner.admin`). */
  readonly inner: A;
  /** Every call received, in order, including the ones that failed or hung. */
  readonly calls: readonly AuthorizerCall[];
  /** The current mode. */
  readonly mode: InstrumentedMode;
  /** The calls of one method, in order. */
  callsTo<M extends AuthorizerMethod>(method: M): Extract<AuthorizerCall, { readonly method: M }>[];
  /** Forget the recorded calls. */
  clearCalls(): void;
  /** From now on every call rejects with `error` (default: the `error` option, else a plain `Error`). */
  fail(error?: unknown): void;
  /** From now on every call stays pending until its `signal` aborts (forever without a signal). */
  hang(): void;
  /** Delegate to `inner` again. */
  restore(): void;
  /** `inner.hasPermission`, when `inner` has it. */
  hasPermission?(slug: string): boolean;
  /** `inner.hasResourceType`, when `inner` has it. */
  hasResourceType?(slug: string): boolean;
}

/**
 * Wrap a real authorizer for tests: it still answers every call, and the wrapper records the calls
 * ("the engine was called once", "not called at all: token fast path") and can be switched to fail
 * or hang to exercise 503 paths.
 *
 * @example Count engine calls behind a guard
 * ```ts
 * const { authorizer: engine, seed } = await createLocalAuthorizer({ model: 'examples/acme.fga.yaml' });
 * const authorizer = instrumentAuthorizer(engine);
 * const fga = createFgaRuntime({ authorizer, identity: bearerToken(verifier) });
 * // ... request a guarded route ...
 * expect(authorizer.callsTo('check')).toHaveLength(1);
 * ```
 *
 * @example A failing or hanging backend
 * ```ts
 * authorizer.fail();   // rejects with a plain Error → 503 authorization_unavailable
 * authorizer.hang();   // never answers → the runtime's timeout → 503 authorization_timeout
 * authorizer.restore();
 * ```
 */
export function instrumentAuthorizer<A extends Authorizer>(
  inner: A,
  options: InstrumentAuthorizerOptions = {},
): InstrumentedAuthorizer<A> {
  const calls: AuthorizerCall[] = [];
  let mode: InstrumentedMode = options.mode ?? 'delegate';
  let failure: unknown = options.error;

  /** Record the call, then delegate, fail or hang according to the mode at call time. */
  function run<T>(
    call: AuthorizerCall,
    callOptions: AuthorizerCallOptions | undefined,
    answer: () => Promise<T>,
  ): Promise<T> {
    calls.push(call);
    if (mode === 'fail') {
      return Promise.reject(failure ?? new Error('authorizer failure (instrumentAuthorizer)'));
    }
    if (mode === 'hang') return hangUntilAborted<T>(callOptions?.signal);
    return answer();
  }

  const wrapper: InstrumentedAuthorizer<A> = {
    inner,
    calls,
    get mode() {
      return mode;
    },
    callsTo: function callsTo<M extends AuthorizerMethod>(method: M) {
      return calls.filter((c): c is Extract<AuthorizerCall, { readonly method: M }> => c.method === method);
    },
    clearCalls: function clearCalls() {
      calls.length = 0;
    },
    fail: function fail(error?: unknown) {
      mode = 'fail';
      failure = error ?? options.error;
    },
    hang: function hang() {
      mode = 'hang';
    },
    restore: function restore() {
      mode = 'delegate';
    },
    check: function instrumentedCheck(query, callOptions) {
      return run({ method: 'check', query }, callOptions, () => inner.check(query, callOptions));
    },
    // present when the inner authorizer has it, so guards take the same synchronous path as with
    // the bare engine; recorded as a `check` call. `fail` throws synchronously, as a sync backend would.
    ...(inner.checkNow === undefined
      ? {}
      : {
          checkNow: function instrumentedCheckNow(query: CheckQuery, callOptions?: AuthorizerCallOptions) {
            calls.push({ method: 'check', query });
            if (mode === 'fail') throw failure ?? new Error('authorizer failure (instrumentAuthorizer)');
            if (mode === 'hang') return hangUntilAborted(callOptions?.signal);
            return (inner.checkNow as NonNullable<Authorizer['checkNow']>).call(inner, query, callOptions);
          },
        }),
    checkMany: function instrumentedCheckMany(queries, callOptions) {
      return run({ method: 'checkMany', query: queries }, callOptions, () =>
        inner.checkMany(queries, callOptions),
      );
    },
    effectivePermissions: function instrumentedEffectivePermissions(query, callOptions) {
      return run({ method: 'effectivePermissions', query }, callOptions, () =>
        inner.effectivePermissions(query, callOptions),
      );
    },
    listResources: function instrumentedListResources(query, callOptions) {
      return run({ method: 'listResources', query }, callOptions, () =>
        inner.listResources(query, callOptions),
      );
    },
    listMemberships: function instrumentedListMemberships(query, callOptions) {
      return run({ method: 'listMemberships', query }, callOptions, () =>
        inner.listMemberships(query, callOptions),
      );
    },
    findMembership: function instrumentedFindMembership(query, callOptions) {
      return run({ method: 'findMembership', query }, callOptions, () =>
        inner.findMembership(query, callOptions),
      );
    },
    explain: function instrumentedExplain(query, callOptions) {
      return run({ method: 'explain', query }, callOptions, () => inner.explain(query, callOptions));
    },
  };

  const model = inner as { hasPermission?: unknown; hasResourceType?: unknown };
  if (typeof model.hasPermission === 'function') {
    const hasPermission = model.hasPermission as (slug: string) => boolean;
    wrapper.hasPermission = (slug) => hasPermission.call(inner, slug);
  }
  if (typeof model.hasResourceType === 'function') {
    const hasResourceType = model.hasResourceType as (slug: string) => boolean;
    wrapper.hasResourceType = (slug) => hasResourceType.call(inner, slug);
  }
  return wrapper;
}

/** A promise that never settles, unless `signal` aborts: then it rejects with the signal's reason. */
function hangUntilAborted<T>(signal: AbortSignal | undefined): Promise<T> {
  return new Promise<T>((_resolve, reject) => {
    if (signal === undefined) return;
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}
