// The conformance runner: each adapter provides only `createApp(spec, runtimeOptions)`; this builds
// the acme world (the real engine seeded from examples/acme.fga.yaml, instrumented to count calls
// and to simulate outages), mints tokens (good and hostile), runs every scenario with supertest
// and compares.
import { readFileSync } from 'node:fs';
import type { RequestListener, Server } from 'node:http';
import { createLocalAuthorizer, type LocalAuthorizer, type SeededModel } from '@fgakit/core';
import { bearerToken, cookieToken, createTokenVerifier, type FgaRuntimeOptions } from '@fgakit/core/http';
import {
  createTestIssuer,
  type InstrumentedAuthorizer,
  instrumentAuthorizer,
  type TestIssuer,
} from '@fgakit/core/testing';
import { SignJWT } from 'jose';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACME_MODEL_PATH, type SeededUser, seededUsers } from './acme-fixture.js';
import { type ConformanceAppSpec, conformanceApp } from './app-spec.js';
import { type Scenario, type ScenarioRequest, SeededId, scenarios } from './scenarios.js';

/** What `createApp` may return: a Node server or a request listener (Express app, Koa `app.callback()`). */
export type ConformanceApp = Server | RequestListener;

export interface AdapterUnderTest {
  /** Shown in the describe block, e.g. `express 5`. */
  readonly name: string;
  /**
   * Build an app that mounts every route of `spec.routes` with the adapter (compile each
   * `route.requirement` with the runtime; run `spec.handle(route, fga, params)` as the handler and
   * write its JSON result; write `runtime.responseFor(err)` for errors it throws) on a runtime
   * created from `runtimeOptions`. A JSON body parser must be installed.
   */
  createApp(
    spec: ConformanceAppSpec,
    runtimeOptions: FgaRuntimeOptions,
  ): ConformanceApp | Promise<ConformanceApp>;
  /** Called once after the suite (close servers, Nest apps). */
  close?(): Promise<void> | void;
}

/** The world a suite runs in: the engine, what it seeded, the issuer and the options handed to the adapter. */
export interface ConformanceWorld {
  /** The real engine, instrumented: counts calls, and fails or hangs for the 503 scenarios. */
  readonly authorizer: InstrumentedAuthorizer<LocalAuthorizer>;
  /** Lookups of what `examples/acme.fga.yaml` seeded (engine-generated ids). */
  readonly seed: SeededModel;
  /** Every seeded person by email, with the claims their tokens carry. */
  readonly users: ReadonlyMap<string, SeededUser>;
  readonly issuer: TestIssuer;
  readonly runtimeOptions: FgaRuntimeOptions;
}

/**
 * Create the acme world: the embedded engine seeded from `examples/acme.fga.yaml`, wrapped by
 * `instrumentAuthorizer`, and a token issuer.
 *
 * @example
 * ```ts
 * const world = await createConformanceWorld();
 * world.seed.membership('alice@acme.test', 'acme').id;
 * ```
 */
export async function createConformanceWorld(): Promise<ConformanceWorld> {
  const { authorizer: engine, seed } = await createLocalAuthorizer({ model: ACME_MODEL_PATH });
  const authorizer = instrumentAuthorizer(engine);
  const users = await seededUsers(engine, seed);
  const issuer = await createTestIssuer();
  const verifier = createTokenVerifier(issuer.verifierOptions());
  const runtimeOptions: FgaRuntimeOptions = {
    authorizer,
    identity: [bearerToken(verifier), cookieToken({ name: conformanceApp.tokenCookie, verifier })],
    timeoutMs: 250,
    retryAfterSeconds: 2,
  };
  return { authorizer, seed, users, issuer, runtimeOptions };
}

/** A {@link SeededId} as the engine's id (resources are looked up in organization `acme`). */
export function seededIdOf(world: Pick<ConformanceWorld, 'seed' | 'users'>, id: SeededId): string {
  const [a = '', b = ''] = id.key;
  if (id.kind === 'resource') return world.seed.resource('acme', a, b).id;
  const user = world.users.get(a);
  if (user === undefined) throw new Error(`conformance: unknown user ${a}`);
  return user.membershipId;
}

/** `value` with every {@link SeededId} in it (deeply) replaced by the engine's id. */
export function resolveSeeded(world: Pick<ConformanceWorld, 'seed' | 'users'>, value: unknown): unknown {
  if (value instanceof SeededId) return seededIdOf(world, value);
  if (Array.isArray(value)) return value.map((v) => resolveSeeded(world, v));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveSeeded(world, v)]));
  }
  return value;
}

/** An expected body with every {@link SeededId} in it resolved. */
function resolveBody(
  world: Pick<ConformanceWorld, 'seed' | 'users'>,
  body: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, resolveSeeded(world, v)]));
}

/** A scenario path with each `{type:externalId}` segment replaced by that acme resource's id. */
export function resolvePath(world: Pick<ConformanceWorld, 'seed'>, path: string): string {
  return path.replace(/\{([^:{}]+):([^{}]+)\}/g, (_match, type: string, externalId: string) =>
    encodeURIComponent(world.seed.resource('acme', type, externalId).id),
  );
}

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The token a scenario sends (or `undefined` for none), carrying the engine's real ids. */
export async function tokenFor(
  world: Pick<ConformanceWorld, 'issuer' | 'seed' | 'users'>,
  req: ScenarioRequest,
): Promise<string | undefined> {
  const { issuer } = world;
  if (req.token === 'garbage') return 'garbage';
  if (req.token === 'bearer-without-token') return '';
  if (req.as === undefined) return undefined;
  const user = world.users.get(req.as);
  if (user === undefined) throw new Error(`conformance: unknown user ${req.as}`);
  const claims = {
    sub: user.userId,
    org_id: req.orgOverride === undefined ? user.organizationId : world.seed.organization(req.orgOverride).id,
    role: user.roles[0],
    roles: user.roles,
    permissions: user.tokenPermissions,
    sid: `session_${user.userId}`,
    ...(req.membershipClaim === true ? { organization_membership_id: user.membershipId } : {}),
  };
  const now = Math.floor(Date.now() / 1000);
  switch (req.token ?? 'none') {
    case 'none':
      return issuer.sign(claims);
    case 'alg-none':
      return `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, iss: issuer.issuer, aud: issuer.audience, iat: now, exp: now + 600 })}.`;
    case 'wrong-algorithm':
      // the classic confusion: HMAC keyed with the public key
      return new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256', kid: issuer.kid })
        .setIssuer(issuer.issuer)
        .setAudience(issuer.audience)
        .setIssuedAt(now)
        .setExpirationTime(now + 600)
        .sign(new TextEncoder().encode(JSON.stringify(issuer.jwks().keys[0])));
    case 'wrong-issuer':
      return issuer.sign(claims, { issuer: 'https://evil.test' });
    case 'wrong-audience':
      return issuer.sign(claims, { audience: 'someone-else' });
    case 'expired':
      return issuer.sign(claims, { expiresInSeconds: -120 });
    case 'not-yet-valid':
      return issuer.sign(claims, { notBeforeInSeconds: 3600 });
    case 'unknown-kid':
      return issuer.sign(claims, { kid: 'not-a-known-key' });
    case 'tampered': {
      const [header, , signature] = (await issuer.sign(claims)).split('.');
      const forged = {
        ...claims,
        permissions: world.users.get('frank@acme.test')?.tokenPermissions ?? [],
        iss: issuer.issuer,
        aud: issuer.audience,
        exp: now + 600,
      };
      return `${header}.${b64(forged)}.${signature}`;
    }
    case 'oversized':
      return issuer.sign({ ...claims, padding: 'x'.repeat(10_000) });
    default:
      throw new Error(`conformance: unhandled token ${req.token}`);
  }
}

/** The scenario ids, in order, as committed in `scenario-ids.txt`. */
export function committedScenarioIds(): string[] {
  return readFileSync(new URL('./scenario-ids.txt', import.meta.url), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/**
 * Define the conformance suite for one adapter.
 *
 * @example
 * ```ts
 * defineAdapterConformance({ name: 'express 5', createApp: expressConformanceApp(express) });
 * ```
 */
export function defineAdapterConformance(adapter: AdapterUnderTest): void {
  describe(`adapter conformance: ${adapter.name}`, () => {
    let world: ConformanceWorld;
    let app: ConformanceApp;
    const bodies = new Map<string, unknown>();

    beforeAll(async () => {
      world = await createConformanceWorld();
      app = await adapter.createApp(conformanceApp, world.runtimeOptions);
      return async () => {
        await adapter.close?.();
      };
    });

    it('runs every committed scenario', () => {
      expect(scenarios.map((s) => s.id)).toEqual(committedScenarioIds());
    });

    for (const scenario of scenarios) {
      it(scenario.id, async () => {
        const body = await runScenario(world, app, scenario);
        bodies.set(scenario.id, body);
        const same = scenario.expect.sameBodyAs;
        if (same !== undefined) {
          expect(bodies.has(same), `scenario ${same} must run before ${scenario.id}`).toBe(true);
          expect(body).toEqual(bodies.get(same));
        }
      });
    }
  });
}

/** Run one scenario against an app; returns the parsed body. */
export async function runScenario(
  world: ConformanceWorld,
  app: ConformanceApp,
  scenario: Scenario,
): Promise<unknown> {
  const { request: req, expect: want } = scenario;
  const token = await tokenFor(world, req);
  const agent = request(app);
  let test = agent[
    req.method === 'GET'
      ? 'get'
      : req.method === 'POST'
        ? 'post'
        : req.method === 'PATCH'
          ? 'patch'
          : 'delete'
  ](resolvePath(world, req.path));
  if (token !== undefined) {
    test =
      req.viaCookie === true
        ? test.set('cookie', `${conformanceApp.tokenCookie}=${token}`)
        : test.set('authorization', `Bearer ${token}`.trim());
  }
  for (const [name, value] of Object.entries(req.headers ?? {})) test = test.set(name, value);
  if (req.body !== undefined) test = test.send(req.body);
  const { authorizer } = world;
  const checksBefore = authorizer.callsTo('check').length;
  if (scenario.backend === 'throw') authorizer.fail();
  else if (scenario.backend === 'hang') authorizer.hang();
  let res: request.Response;
  try {
    res = await test;
  } finally {
    authorizer.restore();
  }
  const checks = authorizer.callsTo('check').length - checksBefore;
  const context = `${scenario.id}: ${res.status} ${res.text}`;
  expect(res.status, context).toBe(want.status);
  const body: unknown = res.body;
  if (want.status >= 400) {
    expect(res.headers['content-type'], context).toMatch(/^application\/problem\+json/);
    expect(body, context).toMatchObject({
      status: want.status,
      type: expect.any(String),
      title: expect.any(String),
      detail: expect.any(String),
    });
  }
  if (want.code !== undefined) expect((body as { code?: unknown }).code, context).toBe(want.code);
  if (want.body !== undefined) expect(body, context).toMatchObject(resolveBody(world, want.body));
  for (const [name, value] of Object.entries(want.headers ?? {})) {
    if (value === true) expect(res.headers[name], `${context} header ${name}`).toBeDefined();
    else expect(res.headers[name], `${context} header ${name}`).toBe(value);
  }
  if (want.checks !== undefined) expect(checks, `${context} authorizer checks`).toBe(want.checks);
  return body;
}
