// Identity resolvers and the chain that runs them: bearer token, cookie-carried token, or a custom
// function for apps with their own sessions. First success wins; each failure has a typed reason.
import { AuthenticationError, ConfigurationError } from '../errors.js';
import { readCookie } from './cookies.js';
import { addMemoCell } from './memo-cell.js';
import type {
  CustomIdentity,
  CustomIdentityFunction,
  Identity,
  IdentityResolver,
  IdentityResult,
  IdentitySource,
  TokenVerification,
  TokenVerifier,
} from './types.js';
import { VALID_UNTIL, validUntil } from './valid-until.js';
import { cachedVerification, verifyNow } from './verify-token.js';

/**
 * @internal A resolver's synchronous-when-possible entry point: a custom function that answers
 * synchronously, or a token already in the verifier's cache, resolves without a promise. Guards use
 * it to skip promise allocation on the hot path; `resolve` stays the public, always-async API.
 */
export const RESOLVE_NOW: unique symbol = Symbol('fgakit.resolveNow');

/** @internal A resolver made by this module, with its fast entry point. */
interface FastIdentityResolver<Req extends IdentitySource> extends IdentityResolver<Req> {
  [RESOLVE_NOW](request: Req): IdentityResult | Promise<IdentityResult>;
}

const BEARER = /^\s*bearer\s+(\S+)\s*$/i;
const BEARER_SCHEME = /^\s*bearer\b/i;

/**
 * Resolve the identity from `Authorization: Bearer <token>`. A missing header (or another scheme)
 * is "absent", so a chain tries the next resolver.
 *
 * @example
 * ```ts
 * createFgaRuntime({ authorizer, identity: bearerToken(createTokenVerifier({ jwksUrl, algorithms: ['RS256'] })) });
 * ```
 */
export function bearerToken(
  verifier: TokenVerifier,
  options: { readonly header?: string } = {},
): IdentityResolver {
  assertVerifier(verifier, 'bearerToken(verifier)');
  const headerName = options.header ?? 'authorization';
  const results = verifiedResults();
  const resolveNow = (request: IdentitySource): IdentityResult | Promise<IdentityResult> => {
    const value = request.header(headerName);
    // The usual `Bearer <token>` form is tried against the token cache before the regex, which
    // scans the whole ~1 KB token. A hit is a token that verified, so it has no whitespace and the
    // regex would have extracted exactly this string. The header goes in whole (see
    // VERIFY_CACHED_FRAMED): no slice of it is made on a warm token.
    if (value?.startsWith('Bearer ')) {
      const cached = cachedVerification(verifier, value, 7);
      if (cached !== undefined) return fromVerification(cached, 'bearer', results);
    }
    if (value === undefined || value.trim() === '') return absent('bearer', 'No bearer token was sent.');
    const match = BEARER.exec(value);
    if (match === null) {
      if (BEARER_SCHEME.test(value))
        return failed(new AuthenticationError('invalid_token', 'Token is malformed.'));
      return absent('bearer', 'No bearer token was sent.');
    }
    return fromToken(verifier, match[1] ?? '', 'bearer', results);
  };
  const resolver: FastIdentityResolver<IdentitySource> = {
    name: 'bearer',
    resolve: async function resolveBearerToken(request: IdentitySource): Promise<IdentityResult> {
      return resolveNow(request);
    },
    [RESOLVE_NOW]: resolveNow,
  };
  return resolver;
}

/**
 * Resolve the identity from a token carried in a cookie (e.g. an AuthKit access token).
 *
 * @example
 * ```ts
 * cookieToken({ name: 'wos-access-token', verifier });
 * ```
 */
export function cookieToken(options: {
  readonly name: string;
  readonly verifier: TokenVerifier;
}): IdentityResolver {
  if (typeof options?.name !== 'string' || options.name === '') {
    throw new ConfigurationError(
      'invalid_configuration',
      'cookieToken({ name, verifier }): `name` is the cookie name, e.g. "access_token".',
    );
  }
  assertVerifier(options.verifier, 'cookieToken({ name, verifier })');
  const { name, verifier } = options;
  const results = verifiedResults();
  const resolveNow = (request: IdentitySource): IdentityResult | Promise<IdentityResult> => {
    const token = request.cookie ? request.cookie(name) : readCookie(request.header('cookie'), name);
    if (token === undefined || token === '') return absent('cookie', `No "${name}" cookie was sent.`);
    return fromToken(verifier, token, 'cookie', results);
  };
  const resolver: FastIdentityResolver<IdentitySource> = {
    name: 'cookie',
    resolve: async function resolveCookieToken(request: IdentitySource): Promise<IdentityResult> {
      return resolveNow(request);
    },
    [RESOLVE_NOW]: resolveNow,
  };
  return resolver;
}

/**
 * A resolver for apps with their own sessions: the function answers `{ userId, organizationId }`,
 * `{ membershipId }`, or `null` (no session). Throwing an `AuthenticationError` reports that reason.
 *
 * @example
 * ```ts
 * customIdentity('session', (req) => {
 *   const session = sessions.get(req.cookie?.('sid') ?? '');
 *   return session ? { userId: session.userId, organizationId: session.orgId } : null;
 * });
 * ```
 */
export function customIdentity<Req extends IdentitySource = IdentitySource>(
  name: string,
  resolve: CustomIdentityFunction<Req>,
): IdentityResolver<Req> {
  if (typeof resolve !== 'function') {
    throw new ConfigurationError(
      'invalid_configuration',
      `customIdentity("${name}", fn): fn must be (req) => ({ userId, organizationId }) | { membershipId } | null.`,
    );
  }
  const settle = (answer: CustomIdentity | null | undefined): IdentityResult => {
    if (answer === null || answer === undefined) return absent(name, 'No session was found.');
    return toIdentity(answer, name);
  };
  const rejected = (err: unknown): IdentityResult => {
    if (err instanceof AuthenticationError) return failed(err);
    throw err;
  };
  const resolveNow = (request: Req): IdentityResult | Promise<IdentityResult> => {
    let answer: CustomIdentity | null | Promise<CustomIdentity | null>;
    try {
      answer = resolve(request);
    } catch (err) {
      return rejected(err);
    }
    return isThenable(answer) ? Promise.resolve(answer).then(settle, rejected) : settle(answer);
  };
  const resolver: FastIdentityResolver<Req> = {
    name,
    resolve: async function resolveCustomIdentity(request: Req): Promise<IdentityResult> {
      return resolveNow(request);
    },
    [RESOLVE_NOW]: resolveNow,
  };
  return resolver;
}

/**
 * Run a resolver chain: the first success wins. When none succeeds, the most telling failure is
 * returned: a present-but-bad credential before "nothing was sent".
 *
 * @example
 * ```ts
 * const result = await resolveIdentity([bearerToken(verifier), cookieToken({ name: 'session', verifier })], request);
 * if (!result.ok) throw result.error; // AuthenticationError with a typed code
 * ```
 */
export async function resolveIdentity<Req extends IdentitySource>(
  resolvers: readonly IdentityResolver<Req>[],
  request: Req,
): Promise<IdentityResult> {
  return resolveIdentityNow(resolvers, request);
}

/**
 * @internal {@link resolveIdentity} without a promise when every resolver it runs answers
 * synchronously (custom functions that return a value, tokens already verified and cached).
 * Resolvers from elsewhere run through their async `resolve`.
 */
export function resolveIdentityNow<Req extends IdentitySource>(
  resolvers: readonly IdentityResolver<Req>[],
  request: Req,
): IdentityResult | Promise<IdentityResult> {
  return resolveFrom(resolvers, request, 0, undefined, undefined);
}

/**
 * @internal {@link resolveIdentityNow} over a fixed chain, as one function made once (the runtime
 * makes it at start-up). A chain of one resolver is that resolver's own entry point: what the chain
 * would answer, without the loop and the lookups around it on every request.
 */
export function compileResolverChain<Req extends IdentitySource>(
  resolvers: readonly IdentityResolver<Req>[],
): (request: Req) => IdentityResult | Promise<IdentityResult> {
  const only = resolvers.length === 1 ? resolvers[0] : undefined;
  if (only === undefined) return (request) => resolveIdentityNow(resolvers, request);
  const fast = (only as Partial<FastIdentityResolver<Req>>)[RESOLVE_NOW];
  return typeof fast === 'function' ? fast : (request) => only.resolve(request);
}

function resolveFrom<Req extends IdentitySource>(
  resolvers: readonly IdentityResolver<Req>[],
  request: Req,
  start: number,
  absentSoFar: IdentityResult | undefined,
  failureSoFar: IdentityResult | undefined,
): IdentityResult | Promise<IdentityResult> {
  let firstAbsent = absentSoFar;
  let firstFailure = failureSoFar;
  for (let i = start; i < resolvers.length; i++) {
    const resolver = resolvers[i] as IdentityResolver<Req>;
    const fast = (resolver as Partial<FastIdentityResolver<Req>>)[RESOLVE_NOW];
    const result = typeof fast === 'function' ? fast(request) : resolver.resolve(request);
    if (isThenable(result)) {
      // from here on the chain is async: finish it once this resolver answers
      const a = firstAbsent;
      const f = firstFailure;
      return Promise.resolve(result).then((settled) => {
        if (settled.ok) return settled;
        return resolveFrom(
          resolvers,
          request,
          i + 1,
          settled.absent ? (a ?? settled) : a,
          settled.absent ? f : (f ?? settled),
        );
      });
    }
    if (result.ok) return result;
    if (result.absent) firstAbsent ??= result;
    else firstFailure ??= result;
  }
  return firstFailure ?? firstAbsent ?? absent('none', 'Authentication is required.');
}

/** Whether a value is a promise-like (any `then` method), as `await` decides. */
export function isThenable<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return (
    typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function'
  );
}

/**
 * Normalize the runtime's `identity` option into a resolver chain: plain functions become custom
 * resolvers named `custom`, `custom2`, ...
 */
export function toResolverChain<Req extends IdentitySource>(
  value:
    | IdentityResolver<Req>
    | CustomIdentityFunction<Req>
    | readonly (IdentityResolver<Req> | CustomIdentityFunction<Req>)[],
): IdentityResolver<Req>[] {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) {
    throw new ConfigurationError(
      'invalid_configuration',
      'createFgaRuntime: `identity` is empty; pass bearerToken(verifier), cookieToken(...) or a function (req) => identity | null.',
    );
  }
  return list.map((item: unknown, i: number) => {
    if (typeof item === 'function')
      return customIdentity(i === 0 ? 'custom' : `custom${i + 1}`, item as CustomIdentityFunction<Req>);
    if (
      typeof item === 'object' &&
      item !== null &&
      typeof (item as IdentityResolver<Req>).resolve === 'function'
    ) {
      return item as IdentityResolver<Req>;
    }
    throw new ConfigurationError(
      'invalid_configuration',
      `createFgaRuntime: identity[${i}] is not a resolver; use bearerToken(verifier), cookieToken({ name, verifier }) or a function.`,
    );
  });
}

/**
 * A token resolver's answers per verification. The verifier's cache hands out the same verification
 * object for a token on every request, so the identity stamped with the resolver's `source` is built
 * once per token instead of copied per request, and goes when the verification leaves the cache.
 * It rides on the verification under a symbol of the resolver's own (a property load per request;
 * a WeakMap lookup measured ~0.5 µs on a busy server), or, when the verification cannot take a
 * property (a hand-written verifier's frozen answer), in a WeakMap.
 */
interface VerifiedResults {
  readonly slot: symbol;
  readonly map: WeakMap<TokenVerification, IdentityResult>;
}

function verifiedResults(): VerifiedResults {
  return { slot: Symbol('fgakit.identityResult'), map: new WeakMap() };
}

function fromToken(
  verifier: TokenVerifier,
  token: string,
  source: string,
  results: VerifiedResults,
): IdentityResult | Promise<IdentityResult> {
  const verified = verifyNow(verifier, token);
  return isThenable(verified)
    ? Promise.resolve(verified).then((settled) => fromVerification(settled, source, results))
    : fromVerification(verified, source, results);
}

function fromVerification(
  verified: TokenVerification,
  source: string,
  results: VerifiedResults,
): IdentityResult {
  if (!verified.ok) return failed(verified.error);
  const carried = (verified as { readonly [slot: symbol]: IdentityResult | undefined })[results.slot];
  if (carried !== undefined) return carried;
  let result = results.map.get(verified);
  if (result === undefined) {
    // shared by every request presenting the token: frozen, like the verifier's own identity
    const identity = { ...verified.identity, source };
    const until = validUntil(verified);
    if (until !== undefined) Object.defineProperty(identity, VALID_UNTIL, { value: until });
    addMemoCell(identity);
    result = Object.freeze({ ok: true, identity: Object.freeze(identity) });
    if (Object.isExtensible(verified)) Object.defineProperty(verified, results.slot, { value: result });
    else results.map.set(verified, result);
  }
  return result;
}

function toIdentity(answer: CustomIdentity, source: string): IdentityResult {
  const value = answer as Partial<Record<string, unknown>>;
  const userId = optionalId(value.userId);
  const organizationId = optionalId(value.organizationId);
  const membershipId = optionalId(value.membershipId);
  if (membershipId === undefined && (userId === undefined || organizationId === undefined)) {
    throw new ConfigurationError(
      'invalid_configuration',
      `identity resolver "${source}" must answer { userId, organizationId }, { membershipId } or null.`,
    );
  }
  const permissions = stringList(value.permissions);
  const roles = stringList(value.roles);
  const claims =
    typeof value.claims === 'object' && value.claims !== null
      ? (value.claims as Record<string, unknown>)
      : NO_CLAIMS;
  // optional members assigned only when present (exact optional types), onto one shape
  const identity: { -readonly [K in keyof Identity]: Identity[K] } = {
    userId: userId ?? null,
    organizationId: organizationId ?? null,
    claims,
    source,
  };
  if (membershipId !== undefined) identity.membershipId = membershipId;
  if (permissions !== undefined) identity.permissions = permissions;
  if (roles !== undefined) identity.roles = roles;
  return { ok: true, identity };
}

const NO_CLAIMS: Readonly<Record<string, unknown>> = Object.freeze({});

function optionalId(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === 'string')
    ? [...(value as string[])]
    : undefined;
}

function absent(source: string, message: string): IdentityResult {
  return {
    ok: false,
    absent: true,
    error: new AuthenticationError('authentication_required', message, { details: { resolver: source } }),
  };
}

function failed(error: AuthenticationError): IdentityResult {
  return { ok: false, absent: false, error };
}

function assertVerifier(verifier: unknown, where: string): void {
  if (
    typeof verifier !== 'object' ||
    verifier === null ||
    typeof (verifier as TokenVerifier).verify !== 'function'
  ) {
    throw new ConfigurationError(
      'invalid_configuration',
      `${where}: pass createTokenVerifier({ jwksUrl | publicKey | secret, algorithms }).`,
    );
  }
}
