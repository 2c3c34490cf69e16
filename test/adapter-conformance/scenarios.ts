// The adapter conformance scenarios, as data. Every adapter must give each request the same status,
// code and body. `scenario-ids.txt` snapshots the ids so a scenario cannot disappear silently.

/** How the request authenticates. */
export type TokenSpec =
  | 'none'
  | 'alg-none'
  | 'wrong-algorithm'
  | 'wrong-issuer'
  | 'wrong-audience'
  | 'expired'
  | 'not-yet-valid'
  | 'unknown-kid'
  | 'tampered'
  | 'oversized'
  | 'garbage'
  | 'bearer-without-token';

/**
 * An id the engine generates when it seeds `examples/acme.fga.yaml`, so scenarios (plain data) can
 * name it before it exists; the runner resolves it against the world's seed before comparing.
 * Create one with {@link seeded}.
 */
export class SeededId {
  constructor(
    readonly kind: 'membership' | 'resource',
    /** `membership`: the user's email; `resource`: `[type, externalId]` in organization `acme`. */
    readonly key: readonly string[],
  ) {}
}

/** Engine-generated ids of the acme seed, resolved by the runner. */
export const seeded = {
  /** The id of the membership of the user with this email (in their organization). */
  membership: (email: string): SeededId => new SeededId('membership', [email]),
  /** The FGA resource id of an acme resource. */
  resource: (type: string, externalId: string): SeededId => new SeededId('resource', [type, externalId]),
};

export interface ScenarioRequest {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /**
   * The path. A `{type:externalId}` segment is replaced with that acme resource's FGA id (the
   * engine generates ids when seeding), e.g. `/by-id/{project:web}`.
   */
  readonly path: string;
  /** Act as this seeded user (a valid token is minted for them). */
  readonly as?: string;
  /**
   * Claim this organization (its external id in the model file, e.g. `acme`) instead of the user's
   * own (membership resolution must fail).
   */
  readonly orgOverride?: string;
  /** Put the membership id in the token (JWT template claim) instead of resolving it. */
  readonly membershipClaim?: boolean;
  /** A broken or absent token (with `as`, the attack is applied to that user's token). */
  readonly token?: TokenSpec;
  /** Send the token in the `access_token` cookie instead of the Authorization header. */
  readonly viaCookie?: boolean;
  readonly body?: Readonly<Record<string, unknown>>;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface ScenarioExpectation {
  readonly status: number;
  /** The problem `code` for a rejection. */
  readonly code?: string;
  /** Members the JSON body must contain (deep equality per member; {@link SeededId}s are resolved first). */
  readonly body?: Readonly<Record<string, unknown>>;
  /** Headers that must be present (value, or `true` for "any value"). */
  readonly headers?: Readonly<Record<string, string | true>>;
  /** How many `check` calls the authorizer must have seen for this request. */
  readonly checks?: number;
  /** The body must equal the body of this other scenario (existence never leaks). */
  readonly sameBodyAs?: string;
}

export interface Scenario {
  readonly id: string;
  readonly request: ScenarioRequest;
  /** `throw`: every authorizer call rejects; `hang`: never answers (the runtime times out). */
  readonly backend?: 'throw' | 'hang';
  readonly expect: ScenarioExpectation;
}

const ALICE = 'alice@acme.test';
const BOB = 'bob@acme.test';
const CAROL = 'carol@acme.test';
const DAVE = 'dave@acme.test';
const FRANK = 'frank@acme.test';
const EVE = 'eve@globex.test';

const attack = (token: TokenSpec, code: string): Scenario => ({
  id: `401-token-${token}`,
  request: { method: 'GET', path: '/projects/web', as: ALICE, token },
  expect: { status: 401, code, headers: { 'www-authenticate': true } },
});

export const scenarios: readonly Scenario[] = [
  // allowed
  {
    id: 'allow-project-view',
    request: { method: 'GET', path: '/projects/web', as: ALICE },
    expect: {
      status: 200,
      body: {
        ok: true,
        resource: { type: 'project', externalId: 'web' },
        membershipId: seeded.membership(ALICE),
      },
    },
  },
  {
    id: 'allow-membership-claim',
    request: { method: 'GET', path: '/projects/web', as: BOB, membershipClaim: true },
    expect: { status: 200, body: { membershipId: seeded.membership(BOB) } },
  },
  {
    id: 'allow-cookie-token',
    request: { method: 'GET', path: '/projects/web', as: ALICE, viaCookie: true },
    expect: { status: 200 },
  },
  {
    id: 'allow-inherited-edit',
    request: { method: 'PATCH', path: '/projects/web', as: BOB },
    expect: { status: 200 },
  },
  {
    id: 'allow-create-under-workspace',
    request: { method: 'POST', path: '/workspaces/engineering/projects', as: ALICE },
    expect: { status: 200 },
  },

  // 401
  {
    id: '401-no-token',
    request: { method: 'GET', path: '/projects/web' },
    expect: { status: 401, code: 'authentication_required', headers: { 'www-authenticate': 'Bearer' } },
  },
  {
    id: '401-other-scheme',
    request: { method: 'GET', path: '/projects/web', headers: { authorization: 'Basic YWxpY2U6cHc=' } },
    expect: { status: 401, code: 'authentication_required' },
  },
  attack('bearer-without-token', 'invalid_token'),
  attack('alg-none', 'invalid_token'),
  attack('wrong-algorithm', 'invalid_token'),
  attack('wrong-issuer', 'invalid_token'),
  attack('wrong-audience', 'invalid_token'),
  attack('expired', 'token_expired'),
  attack('not-yet-valid', 'token_not_yet_valid'),
  attack('unknown-kid', 'invalid_token'),
  attack('tampered', 'invalid_token'),
  attack('oversized', 'invalid_token'),
  attack('garbage', 'invalid_token'),
  {
    id: '401-membership-unresolved',
    request: { method: 'GET', path: '/projects/web', as: EVE, orgOverride: 'acme' },
    expect: { status: 401, code: 'membership_unresolved' },
  },
  {
    id: '401-before-loader',
    request: { method: 'GET', path: '/documents/doc-1' },
    expect: { status: 401, code: 'authentication_required' },
  },

  // 403
  {
    id: '403-denied',
    request: { method: 'DELETE', path: '/projects/web', as: BOB },
    expect: { status: 403, code: 'permission_denied', body: { status: 403, title: 'Forbidden' } },
  },
  {
    id: '403-conceal-unless-visible',
    request: { method: 'POST', path: '/workspaces/marketing/projects', as: BOB },
    expect: { status: 403, code: 'permission_denied' },
  },
  {
    id: '403-missing-resource-not-concealed',
    request: { method: 'DELETE', path: '/projects/nope', as: BOB },
    expect: { status: 403, code: 'permission_denied' },
  },

  // 404 conceal: a missing and a forbidden resource answer identically
  {
    id: '404-conceal-forbidden',
    request: { method: 'GET', path: '/projects/campaign', as: BOB },
    expect: { status: 404, code: 'entity_not_found' },
  },
  {
    id: '404-conceal-missing',
    request: { method: 'GET', path: '/projects/nope', as: BOB },
    expect: { status: 404, code: 'entity_not_found', sameBodyAs: '404-conceal-forbidden' },
  },
  {
    id: '404-conceal-other-org',
    request: { method: 'GET', path: '/projects/web', as: EVE },
    expect: { status: 404, code: 'entity_not_found', sameBodyAs: '404-conceal-forbidden' },
  },
  {
    id: '404-conceal-inactive-membership',
    request: { method: 'GET', path: '/workspaces/marketing', as: DAVE },
    expect: { status: 404, code: 'entity_not_found', sameBodyAs: '404-conceal-forbidden' },
  },
  {
    id: '404-conceal-unless-not-visible',
    request: { method: 'PATCH', path: '/projects/api', as: BOB },
    expect: { status: 404, code: 'entity_not_found', sameBodyAs: '404-conceal-forbidden' },
  },

  // 503: never an allow
  {
    id: '503-backend-throws',
    backend: 'throw',
    request: { method: 'GET', path: '/projects/web', as: ALICE },
    expect: { status: 503, code: 'authorization_unavailable', headers: { 'retry-after': true } },
  },
  {
    id: '503-backend-hangs',
    backend: 'hang',
    request: { method: 'GET', path: '/projects/web', as: ALICE },
    expect: { status: 503, code: 'authorization_timeout', headers: { 'retry-after': true } },
  },
  {
    id: '503-in-handler-throws',
    backend: 'throw',
    request: { method: 'GET', path: '/me/can/web', as: ALICE },
    expect: { status: 503, code: 'authorization_unavailable', headers: { 'retry-after': true } },
  },

  // async loader (nearest FGA parent)
  {
    id: 'loader-found',
    request: { method: 'GET', path: '/documents/doc-1', as: BOB },
    expect: { status: 200, body: { loaded: { id: 'doc-1', projectId: 'web', title: 'Web launch plan' } } },
  },
  {
    id: 'loader-forbidden',
    request: { method: 'GET', path: '/documents/doc-2', as: BOB },
    expect: { status: 404, code: 'entity_not_found', sameBodyAs: '404-conceal-forbidden' },
  },
  {
    id: 'loader-missing',
    request: { method: 'GET', path: '/documents/doc-404', as: BOB },
    expect: { status: 404, code: 'entity_not_found', sameBodyAs: '404-conceal-forbidden', checks: 0 },
  },
  {
    id: 'loader-throws',
    request: { method: 'GET', path: '/documents/doc-boom', as: BOB },
    expect: { status: 503, code: 'authorization_unavailable', headers: { 'retry-after': true } },
  },

  // organization-level requirements and the token fast path
  {
    id: 'org-token-fast-path',
    request: { method: 'GET', path: '/org/workspaces', as: ALICE },
    expect: { status: 200, checks: 0 },
  },
  {
    id: 'org-admin-fast-path',
    request: { method: 'POST', path: '/org/workspaces', as: FRANK },
    expect: { status: 200, checks: 0 },
  },
  {
    id: 'org-token-miss-asks-engine',
    request: { method: 'POST', path: '/org/workspaces', as: ALICE },
    expect: { status: 403, code: 'permission_denied', checks: 1 },
  },
  {
    id: 'fast-path-on-resource',
    request: { method: 'DELETE', path: '/projects/campaign', as: FRANK },
    expect: { status: 200, checks: 0 },
  },
  {
    id: 'fast-path-survives-backend-outage',
    backend: 'throw',
    request: { method: 'GET', path: '/org/workspaces', as: FRANK, membershipClaim: true },
    expect: { status: 200, checks: 0 },
  },

  // anyOf / allOf
  {
    id: 'any-of-first',
    request: { method: 'POST', path: '/apps/frontend/deploy', as: CAROL },
    expect: { status: 200 },
  },
  {
    id: 'any-of-none',
    request: { method: 'POST', path: '/apps/frontend/deploy', as: BOB },
    expect: { status: 403, code: 'permission_denied', checks: 2 },
  },
  {
    id: 'all-of-all',
    request: { method: 'GET', path: '/apps/frontend/release', as: CAROL },
    expect: { status: 200, checks: 2 },
  },
  {
    id: 'all-of-one-missing',
    request: { method: 'GET', path: '/apps/frontend/release', as: BOB },
    expect: { status: 403, code: 'permission_denied' },
  },

  // memoization: the guard's question asked again in the handler costs nothing
  {
    id: 'memo-one-check',
    request: { method: 'GET', path: '/memo/projects/web', as: BOB },
    expect: { status: 200, body: { allowed: true }, checks: 1 },
  },

  // in-handler access
  {
    id: 'handler-can-true',
    request: { method: 'GET', path: '/me/can/web', as: BOB },
    expect: { status: 200, body: { can: true } },
  },
  {
    id: 'handler-can-false',
    request: { method: 'GET', path: '/me/can/api', as: BOB },
    expect: { status: 200, body: { can: false } },
  },
  {
    id: 'handler-can-unauthenticated',
    request: { method: 'GET', path: '/me/can/web' },
    expect: { status: 401, code: 'authentication_required' },
  },
  {
    id: 'handler-assert-denied',
    request: { method: 'POST', path: '/me/assert/api', as: BOB },
    expect: { status: 403, code: 'permission_denied' },
  },
  {
    id: 'handler-list-resources',
    request: { method: 'GET', path: '/me/projects', as: ALICE },
    expect: { status: 200, body: { externalIds: ['api', 'web'] } },
  },
  {
    id: 'handler-list-resources-narrow',
    request: { method: 'GET', path: '/me/projects', as: BOB },
    expect: { status: 200, body: { externalIds: ['web'] } },
  },
  {
    id: 'handler-effective-permissions',
    request: { method: 'GET', path: '/projects/web/permissions', as: BOB },
    expect: {
      status: 200,
      body: {
        permissions: [
          'app:view',
          'document:edit',
          'document:view',
          'project:edit',
          'project:view',
          'workspace:view',
        ],
      },
    },
  },

  // where the resource id comes from
  {
    id: 'id-from-query',
    request: { method: 'GET', path: '/by-query/project?project=web', as: BOB },
    expect: { status: 200 },
  },
  {
    id: 'id-from-query-missing',
    request: { method: 'GET', path: '/by-query/project', as: BOB },
    expect: { status: 400, code: 'bad_request' },
  },
  {
    id: 'id-from-body',
    request: { method: 'POST', path: '/by-body/project', as: BOB, body: { project: 'web' } },
    expect: { status: 200 },
  },
  {
    id: 'id-from-body-denied',
    request: { method: 'POST', path: '/by-body/project', as: BOB, body: { project: 'api' } },
    expect: { status: 403, code: 'permission_denied' },
  },
  {
    id: 'id-from-header',
    request: { method: 'GET', path: '/by-header/project', as: BOB, headers: { 'x-project': 'web' } },
    expect: { status: 200 },
  },
  {
    id: 'id-by-resource-id',
    request: { method: 'GET', path: '/by-id/{project:web}', as: BOB },
    expect: { status: 200, body: { resource: { id: seeded.resource('project', 'web') } } },
  },
];
