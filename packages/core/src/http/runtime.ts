// The runtime every adapter calls: options validated once, requirements compiled at declaration,
// and `authorize(request, requirement)` turning identity, loaders and decisions into an outcome.
import type { Decision } from '../authorizer.js';
import {
  AuthenticationError,
  AuthorizationUnavailableError,
  ConfigurationError,
  type FgaError,
  isFgaError,
  NotFoundError,
  PermissionDeniedError,
  ValidationError,
} from '../errors.js';
import { createMembershipResolver } from '../identity/resolve-membership.js';
import { compileResolverChain, toResolverChain } from '../identity/resolvers.js';
import type { Identity } from '../identity/types.js';
import { ORGANIZATION_TYPE, type ResourceRef } from '../model/types.js';
import {
  type ContextDeps,
  createRequestContext,
  type DecideOptions,
  type InternalContext,
  isPending,
} from './context.js';
import { type ProblemResponseOptions, problemResponse } from './problem.js';
import { attachContext, contextOf, RequestView, registeredView } from './request-view.js';
import {
  type CompiledComposite,
  type CompiledPermission,
  type CompiledRequirement,
  compileRequirement,
} from './requirement.js';
import type {
  AuthzRequest,
  ConcealOption,
  DeniedEvent,
  ErrorEvent,
  FgaContext,
  FgaResponse,
  FgaRuntime,
  FgaRuntimeOptions,
  GuardOutcome,
  OutcomeHook,
  PermissionRequirementOptions,
  Requirement,
} from './types.js';
import { Watchdog } from './watchdog.js';

type Verdict =
  | { readonly allowed: true; readonly decisions: readonly Decision[] }
  | { readonly allowed: false; readonly error: FgaError };

/**
 * Create the runtime the adapters call. Options are validated now; a mistake throws
 * `ConfigurationError` with the fix in its message.
 *
 * @example
 * ```ts
 * const fga = createFgaRuntime({
 *   authorizer,
 *   identity: bearerToken(createTokenVerifier({ jwksUrl: authKitJwksUrl(clientId), algorithms: ['RS256'] })),
 *   conceal: true,
 * });
 * const canViewProject = fga.requirePermission('project', 'project:view');
 * ```
 */
export function createFgaRuntime(options: FgaRuntimeOptions): FgaRuntime {
  if (typeof options !== 'object' || options === null) {
    throw config('createFgaRuntime(options): pass { authorizer, identity }.');
  }
  const { authorizer } = options;
  if (
    typeof authorizer !== 'object' ||
    authorizer === null ||
    typeof authorizer.check !== 'function' ||
    typeof authorizer.findMembership !== 'function'
  ) {
    throw config(
      'createFgaRuntime: `authorizer` is required (a LocalAuthorizer, a WorkOSAuthorizer or cached(...)).',
    );
  }
  if (options.identity === undefined) {
    throw config(
      'createFgaRuntime: `identity` is required, e.g. bearerToken(createTokenVerifier({ jwksUrl, algorithms: ["RS256"] })).',
    );
  }
  const resolvers = toResolverChain<AuthzRequest>(options.identity);
  const conceal = validateConceal(options.conceal, authorizer);
  const tokenFastPath = optionalBoolean(options.tokenFastPath, true, 'tokenFastPath');
  const timeoutMs = positiveInteger(options.timeoutMs, 5_000, 'timeoutMs');
  const retryAfterSeconds = positiveInteger(options.retryAfterSeconds, 1, 'retryAfterSeconds');
  const onDenied = optionalFunction<OutcomeHook<DeniedEvent>>(options.onDenied, 'onDenied');
  const onError = optionalFunction<OutcomeHook<ErrorEvent>>(options.onError, 'onError');
  if (
    options.problemTypeBase !== undefined &&
    (typeof options.problemTypeBase !== 'string' || options.problemTypeBase === '')
  ) {
    throw config(
      'createFgaRuntime: `problemTypeBase` must be a non-empty URI prefix such as "https://example.com/problems/".',
    );
  }
  const problemOptions: ProblemResponseOptions = {
    problemTypeBase: options.problemTypeBase,
    retryAfterSeconds,
  };
  const memberships = createMembershipResolver({ authorizer, cache: options.membershipCache });
  // one timer for every call of every request of this runtime (see watchdog.ts)
  const watchdog = new Watchdog(timeoutMs, retryAfterSeconds);
  const deps: ContextDeps = {
    authorizer,
    resolvers,
    resolveIdentity: compileResolverChain(resolvers),
    memberships,
    tokenFastPath,
    timeoutMs,
    retryAfterSeconds,
    watchdog,
  };
  // Where a request's context lives: on the adapter's view (see request-view.ts) when there is one,
  // else on a hand-built request's native object under a symbol private to this runtime (a WeakMap
  // keyed by millions of short-lived requests costs the garbage collector more). Frozen or sealed
  // natives fall back to the WeakMap.
  const owner = {}; // this runtime's key on a view
  const slot = Symbol('fgakit.context');
  const contexts = new WeakMap<object, InternalContext>();

  function contextFor(request: AuthzRequest): InternalContext {
    const view = request instanceof RequestView ? request : viewOfNative(request.native);
    if (view !== undefined) {
      let context = contextOf(view, owner) as InternalContext | undefined;
      if (context === undefined) {
        context = createRequestContext(deps, view);
        attachContext(view, owner, context);
      }
      return context;
    }
    const native = request.native;
    if (typeof native !== 'object' || native === null) return createRequestContext(deps, request);
    const carrier = native as { [slot]?: InternalContext };
    const attached = carrier[slot];
    if (attached !== undefined) return attached;
    let context = contexts.get(native);
    if (context === undefined) {
      context = createRequestContext(deps, request);
      if (Object.isExtensible(native)) {
        // non-enumerable: never seen by serializers, spreads or `for...in` over the request
        Object.defineProperty(native, slot, { value: context, configurable: true });
      } else contexts.set(native, context);
    }
    return context;
  }

  /**
   * One permission requirement. Without a promise when everything it needs is known at once (the
   * identity, the resource id, the decision); a loader always makes it asynchronous.
   */
  function evaluatePermission(
    requirement: CompiledPermission,
    context: InternalContext,
  ): Verdict | Promise<Verdict> {
    // 401 comes before any loading, so an anonymous caller learns nothing about rows
    const who = context.identifyNow();
    if (isPending(who)) return who.then(() => evaluatePermission(requirement, context));
    if (requirement.load !== undefined) return loadThenDecide(requirement, requirement.load, context);
    const ref = requirement.organizationLevel ? organizationRef(who) : readRef(requirement, context.request);
    return decideOn(requirement, ref, context);
  }

  async function loadThenDecide(
    requirement: CompiledPermission,
    load: NonNullable<CompiledPermission['load']>,
    context: InternalContext,
  ): Promise<Verdict> {
    const found = await context.guarded(() => load(context.request, context));
    if (found === null || found === undefined)
      return { allowed: false, error: new NotFoundError('resource', 'loader') };
    if ('row' in found) context.setLoaded(found.row);
    const ref = toRef(
      requirement,
      'externalId' in found ? found.externalId : found.id,
      'externalId' in found ? 'externalId' : 'id',
    );
    return decideOn(requirement, ref, context);
  }

  function decideOn(
    requirement: CompiledPermission,
    ref: ResourceRef,
    context: InternalContext,
  ): Verdict | Promise<Verdict> {
    const decision = context.decideNow(requirement.permission, ref, requirement);
    return isPending(decision)
      ? decision.then((settled) => verdictOn(requirement, ref, settled, context))
      : verdictOn(requirement, ref, decision, context);
  }

  function verdictOn(
    requirement: CompiledPermission,
    ref: ResourceRef,
    decision: Decision,
    context: InternalContext,
  ): Verdict | Promise<Verdict> {
    if (decision.allowed) {
      context.setResource(ref);
      return { allowed: true, decisions: [decision] };
    }
    const option = requirement.conceal ?? conceal;
    if (typeof option === 'boolean') return denial(requirement, option);
    // Concealment is about existence in the caller's organization, which only the authorizer knows:
    // a token's org-wide permission says nothing about whether this resource is in that organization.
    const visible = context.decideNow(option.unless, ref, NO_TOKEN_FAST_PATH);
    return isPending(visible)
      ? visible.then((settled) => denial(requirement, !settled.allowed))
      : denial(requirement, !visible.allowed);
  }

  function evaluate(requirement: CompiledRequirement, context: InternalContext): Verdict | Promise<Verdict> {
    if (requirement.kind === 'permission') return evaluatePermission(requirement, context);
    return requirement.kind === 'allOf'
      ? evaluateAll(requirement, context)
      : evaluateAny(requirement, context);
  }

  async function evaluateAll(requirement: CompiledComposite, context: InternalContext): Promise<Verdict> {
    const decisions: Decision[] = [];
    for (const child of requirement.requirements) {
      const verdict = await evaluate(child, context);
      if (!verdict.allowed) return verdict;
      decisions.push(...verdict.decisions);
    }
    return { allowed: true, decisions };
  }

  async function evaluateAny(requirement: CompiledComposite, context: InternalContext): Promise<Verdict> {
    let denial: FgaError | undefined;
    let failure: unknown;
    for (const child of requirement.requirements) {
      try {
        const verdict = await evaluate(child, context);
        if (verdict.allowed) return verdict;
        // a concealed denial wins over a plain one, so no branch leaks existence
        if (denial === undefined || verdict.error.status === 404) denial = verdict.error;
      } catch (err) {
        if (err instanceof AuthenticationError) throw err;
        failure ??= err;
      }
    }
    // one branch could not be decided and none allowed: fail closed with the error, never a deny
    if (failure !== undefined) throw failure;
    return {
      allowed: false,
      error: denial ?? new PermissionDeniedError('permission_denied', 'Permission denied.'),
    };
  }

  /** `authorize`, answered without a promise when the verdict is known at once (see `authorizeNow`). */
  function authorizeNow<Row = unknown>(
    request: AuthzRequest,
    requirement: Requirement,
  ): GuardOutcome<Row> | Promise<GuardOutcome<Row>> {
    const context = contextFor(request) as InternalContext<Row>;
    let compiled: CompiledRequirement;
    try {
      compiled = compileRequirement(authorizer, requirement);
    } catch (err) {
      return reject(context, request, null, err as FgaError, err);
    }
    let verdict: Verdict | Promise<Verdict>;
    try {
      verdict = evaluate(compiled, context as InternalContext);
    } catch (err) {
      return failed(context, request, compiled, err);
    }
    if (isPending(verdict)) {
      return verdict.then(
        (settled) => settle(context, request, compiled, settled),
        (err: unknown) => failed(context, request, compiled, err),
      );
    }
    return settle(context, request, compiled, verdict);
  }

  function settle<Row>(
    context: InternalContext<Row>,
    request: AuthzRequest,
    requirement: CompiledRequirement,
    verdict: Verdict,
  ): GuardOutcome<Row> | Promise<GuardOutcome<Row>> {
    if (verdict.allowed) return { ok: true, context, decisions: verdict.decisions };
    return deny(context, request, requirement, verdict.error);
  }

  /** A thrown error: a client error is a denial; anything else means "cannot decide" (never an allow). */
  function failed<Row>(
    context: InternalContext<Row>,
    request: AuthzRequest,
    requirement: CompiledRequirement,
    err: unknown,
  ): GuardOutcome<Row> | Promise<GuardOutcome<Row>> {
    const error = isFgaError(err)
      ? err
      : new AuthorizationUnavailableError(
          'authorization_unavailable',
          'Authorization is temporarily unavailable.',
          {
            cause: err,
            retryAfter: retryAfterSeconds,
          },
        );
    if (error.status === 401 || error.status === 403 || error.status === 404 || error.status === 400) {
      return deny(context, request, requirement, error);
    }
    return reject(context, request, requirement, error, err);
  }

  async function authorize<Row = unknown>(
    request: AuthzRequest,
    requirement: Requirement,
  ): Promise<GuardOutcome<Row>> {
    return authorizeNow<Row>(request, requirement);
  }

  function deny<Row>(
    context: InternalContext<Row>,
    request: AuthzRequest,
    requirement: Requirement | null,
    error: FgaError,
  ): GuardOutcome<Row> | Promise<GuardOutcome<Row>> {
    const response = problemResponse(error, problemOptions);
    if (onDenied === undefined) return { ok: false, context, response, error };
    return runHook(onDenied, { request, context, requirement, error, response }).then((replaced) => ({
      ok: false,
      context,
      response: replaced ?? response,
      error,
    }));
  }

  function reject<Row>(
    context: InternalContext<Row>,
    request: AuthzRequest,
    requirement: Requirement | null,
    error: FgaError,
    cause: unknown,
  ): GuardOutcome<Row> | Promise<GuardOutcome<Row>> {
    const safe = isFgaError(error)
      ? error
      : new ConfigurationError('invalid_configuration', 'Invalid requirement.', { cause });
    const response = problemResponse(safe, problemOptions);
    if (onError === undefined) return { ok: false, context, response, error: safe };
    return runHook(onError, { request, context, requirement, error: safe, cause, response }).then(
      (replaced) => ({ ok: false, context, response: replaced ?? response, error: safe }),
    );
  }

  return {
    authorizer,
    requirePermission: function requirePermission(resourceType, permission, requirementOptions) {
      return compileRequirement(authorizer, {
        kind: 'permission',
        resourceType,
        permission,
        ...(requirementOptions === undefined
          ? {}
          : { options: requirementOptions as PermissionRequirementOptions }),
      });
    },
    requireOrganizationPermission: function requireOrganizationPermission(permission, requirementOptions) {
      return compileRequirement(authorizer, {
        kind: 'permission',
        resourceType: 'organization',
        permission,
        ...(requirementOptions === undefined ? {} : { options: requirementOptions }),
      });
    },
    anyOf: function anyOf(...requirements) {
      return compileRequirement(authorizer, { kind: 'anyOf', requirements });
    },
    allOf: function allOf(...requirements) {
      return compileRequirement(authorizer, { kind: 'allOf', requirements });
    },
    compile: function compile(spec) {
      return compileRequirement(authorizer, spec);
    },
    context: function context<Row = unknown>(request: AuthzRequest): FgaContext<Row> {
      return contextFor(request) as InternalContext<Row>;
    },
    authorize,
    authorizeNow,
    responseFor: function responseFor(error: unknown): FgaResponse | undefined {
      return isFgaError(error) ? problemResponse(error, problemOptions) : undefined;
    },
  };
}

async function runHook<E>(hook: OutcomeHook<E> | undefined, event: E): Promise<FgaResponse | undefined> {
  if (hook === undefined) return undefined;
  try {
    const replacement = await hook(event);
    if (replacement === undefined || replacement === null) return undefined;
    if (
      typeof replacement !== 'object' ||
      typeof replacement.status !== 'number' ||
      replacement.status < 400
    ) {
      // a hook may reshape a rejection, never turn it into a success
      return undefined;
    }
    return replacement;
  } catch {
    return undefined;
  }
}

function denial(requirement: CompiledPermission, concealed: boolean): Verdict {
  return {
    allowed: false,
    error: concealed
      ? new NotFoundError('resource', 'concealed')
      : new PermissionDeniedError(
          'permission_denied',
          `Permission "${requirement.permission}" is required.`,
          {
            details: { permission: requirement.permission },
          },
        ),
  };
}

function organizationRef(who: Identity): ResourceRef {
  if (who.organizationId === null) {
    throw new AuthenticationError('membership_unresolved', 'The identity names no organization.');
  }
  return { type: ORGANIZATION_TYPE, externalId: who.organizationId };
}

/** The resource id a requirement reads from the request (param, query, body or header). */
function readRef(requirement: CompiledPermission, request: AuthzRequest): ResourceRef {
  const reader = requirement.idReader;
  const id = reader?.read(request);
  if (id !== undefined) return toRef(requirement, id, requirement.by);
  if (reader === undefined || reader.kind === 'param') {
    throw new ConfigurationError(
      'invalid_configuration',
      `${requirement.description}: the route has no parameter ${reader?.names.map((n) => `:${n}`).join(' or ') ?? ''}; declare { resource: { param: '...' } } or a loader.`,
    );
  }
  throw new ValidationError(
    'bad_request',
    `The ${reader.kind} "${reader.names[0]}" naming the ${requirement.resourceType} is missing.`,
    { field: reader.names[0] ?? reader.kind },
  );
}

const NO_TOKEN_FAST_PATH: DecideOptions = Object.freeze({ tokenFastPath: false });

/** A hand-built request for a native an adapter already viewed shares the adapter view's context. */
function viewOfNative(native: unknown): RequestView<object> | undefined {
  return typeof native === 'object' && native !== null ? registeredView(native) : undefined;
}

function toRef(requirement: CompiledPermission, id: string, by: 'externalId' | 'id'): ResourceRef {
  return by === 'id' ? { id } : { type: requirement.resourceType, externalId: id };
}

function validateConceal(value: unknown, authorizer: object): ConcealOption {
  if (value === undefined) return false;
  if (typeof value === 'boolean') return value;
  if (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { unless?: unknown }).unless === 'string'
  ) {
    const unless = (value as { unless: string }).unless;
    const model = authorizer as { hasPermission?: (slug: string) => boolean };
    if (typeof model.hasPermission === 'function' && !model.hasPermission(unless)) {
      throw new ConfigurationError(
        'unknown_permission',
        `createFgaRuntime: conceal.unless permission "${unless}" is not defined in the model.`,
      );
    }
    return { unless };
  }
  throw config("createFgaRuntime: `conceal` must be true, false or { unless: 'project:view' }.");
}

function optionalBoolean(value: unknown, fallback: boolean, name: string): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw config(`createFgaRuntime: \`${name}\` must be a boolean.`);
  return value;
}

function optionalFunction<F>(value: unknown, name: string): F | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'function')
    throw config(`createFgaRuntime: \`${name}\` must be a function (event) => response | undefined.`);
  return value as F;
}

function positiveInteger(value: unknown, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw config(`createFgaRuntime: \`${name}\` must be a positive integer.`);
  }
  return value;
}

function config(message: string): ConfigurationError {
  return new ConfigurationError('invalid_configuration', message);
}
