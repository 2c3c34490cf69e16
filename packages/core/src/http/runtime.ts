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
import { toResolverChain } from '../identity/resolvers.js';
import type { ResourceRef } from '../model/types.js';
import { type ContextDeps, createRequestContext, type InternalContext } from './context.js';
import { type ProblemResponseOptions, problemResponse } from './problem.js';
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
    memberships,
    tokenFastPath,
    timeoutMs,
    retryAfterSeconds,
    watchdog,
  };
  // The context rides on the native request under a symbol private to this runtime: a WeakMap keyed
  // by millions of short-lived requests made the garbage collector's ephemeron work a large share of
  // a guarded request. Frozen or sealed natives fall back to the WeakMap.
  const slot = Symbol('fgakit.context');
  const contexts = new WeakMap<object, InternalContext>();

  function contextFor(request: AuthzRequest): InternalContext {
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

  async function evaluatePermission(
    requirement: CompiledPermission,
    context: InternalContext,
  ): Promise<Verdict> {
    const request = context.request;
    // 401 comes before any loading, so an anonymous caller learns nothing about rows; known at once
    // for a custom resolver answering synchronously or a cached token (no promise, no extra tick)
    const who = context.identifyNow();
    if (typeof (who as { then?: unknown }).then === 'function') await who;
    let ref: ResourceRef;
    if (requirement.organizationLevel) {
      ref = await context.organizationResource();
    } else if (requirement.load !== undefined) {
      const load = requirement.load;
      const found = await context.guarded(() => load(request, context));
      if (found === null || found === undefined)
        return { allowed: false, error: new NotFoundError('resource', 'loader') };
      if ('row' in found) context.setLoaded(found.row);
      ref = toRef(
        requirement,
        'externalId' in found ? found.externalId : found.id,
        'externalId' in found ? 'externalId' : 'id',
      );
    } else {
      const reader = requirement.idReader;
      const id = reader?.read(request);
      if (id === undefined) {
        if (reader === undefined || reader.kind === 'param') {
          throw new ConfigurationError(
            'invalid_configuration',
            `${requirement.description}: the route has no parameter ${reader?.names.map((n) => `:${n}`).join(' or ') ?? ''}; declare { resource: { param: '...' } } or a loader.`,
          );
        }
        throw new ValidationError(
          'bad_request',
          `The ${reader.kind} "${reader.names[0]}" naming the ${requirement.resourceType} is missing.`,
          {
            field: reader.names[0] ?? reader.kind,
          },
        );
      }
      ref = toRef(requirement, id, requirement.by);
    }
    const decision = await context.decide(requirement.permission, ref, {
      tokenFastPath: requirement.tokenFastPath,
      consistency: requirement.consistency,
    });
    if (decision.allowed) {
      context.setResource(ref);
      return { allowed: true, decisions: [decision] };
    }
    const concealed = await shouldConceal(requirement.conceal ?? conceal, ref, context);
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

  async function shouldConceal(
    option: ConcealOption,
    ref: ResourceRef,
    context: InternalContext,
  ): Promise<boolean> {
    if (typeof option === 'boolean') return option;
    // Concealment is about existence in the caller's organization, which only the authorizer knows:
    // a token's org-wide permission says nothing about whether this resource is in that organization.
    return !(await context.decide(option.unless, ref, { tokenFastPath: false })).allowed;
  }

  function evaluate(requirement: CompiledRequirement, context: InternalContext): Promise<Verdict> {
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

  async function authorize<Row = unknown>(
    request: AuthzRequest,
    requirement: Requirement,
  ): Promise<GuardOutcome<Row>> {
    const context = contextFor(request) as InternalContext<Row>;
    let compiled: CompiledRequirement;
    try {
      compiled = compileRequirement(authorizer, requirement);
    } catch (err) {
      return reject(context, request, null, err as FgaError, err);
    }
    try {
      const verdict = await evaluate(compiled, context as InternalContext);
      if (verdict.allowed) return { ok: true, context, decisions: verdict.decisions };
      return deny(context, request, compiled, verdict.error);
    } catch (err) {
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
        return deny(context, request, compiled, error);
      }
      return reject(context, request, compiled, error, err);
    }
  }

  async function deny<Row>(
    context: InternalContext<Row>,
    request: AuthzRequest,
    requirement: Requirement | null,
    error: FgaError,
  ): Promise<GuardOutcome<Row>> {
    const response = problemResponse(error, problemOptions);
    const replaced = await runHook(onDenied, { request, context, requirement, error, response });
    return { ok: false, context, response: replaced ?? response, error };
  }

  async function reject<Row>(
    context: InternalContext<Row>,
    request: AuthzRequest,
    requirement: Requirement | null,
    error: FgaError,
    cause: unknown,
  ): Promise<GuardOutcome<Row>> {
    const safe = isFgaError(error)
      ? error
      : new ConfigurationError('invalid_configuration', 'Invalid requirement.', { cause });
    const response = problemResponse(safe, problemOptions);
    const replaced = await runHook(onError, { request, context, requirement, error: safe, cause, response });
    return { ok: false, context, response: replaced ?? response, error: safe };
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
