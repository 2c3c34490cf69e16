// Runs one conformance scenario against one backend: setup steps must succeed, then every expectation
// is checked in order and all mismatches are reported together (so one run shows every discrepancy).
import {
  type Admin,
  type Authorizer,
  isFgaError,
  type ResourceRef,
  type ResourceSummary,
} from '@fgakit/core';
import type {
  AdminCall,
  BackendInstance,
  CallExpectation,
  ErrorMatcher,
  Expectation,
  ListAssertions,
  Scenario,
  Symbolic,
  Target,
} from './types.js';

type Kind = 'organization' | 'resource' | 'membership' | 'user' | 'other';
interface Entry {
  readonly id: string;
  readonly kind: Kind;
}

const WRITE_PREFIXES = [
  'create',
  'update',
  'delete',
  'set',
  'add',
  'remove',
  'assign',
  'deactivate',
  'reactivate',
];

/** Whether an admin operation is a write (and must therefore advance the revision, SPEC D18). */
export function isWriteOp(op: string): boolean {
  return WRITE_PREFIXES.some((prefix) => op.startsWith(prefix));
}

function kindOf(op: string): Kind {
  switch (op) {
    case 'createOrganization':
      return 'organization';
    case 'createResource':
    case 'getResource':
      return 'resource';
    case 'createOrganizationMembership':
      return 'membership';
    case 'createUser':
      return 'user';
    default:
      return 'other';
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A printable form of any thrown value, keeping an fgakit error's class, code and status. */
export function describeError(err: unknown): string {
  if (isFgaError(err)) return `${err.name}(code=${err.code}, status=${err.status}): ${err.message}`;
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

/** Whether `err` is the fgakit error `matcher` describes. */
export function errorMatches(err: unknown, matcher: ErrorMatcher): boolean {
  if (!isFgaError(err)) return false;
  if (typeof matcher === 'string') return err.code === matcher;
  if ('status' in matcher) return err.status === matcher.status;
  return matcher.includes(err.code);
}

function show(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

/** Mismatches between `actual` and the partial shape `expected` (objects partial, arrays exact length). */
export function partialMismatches(actual: unknown, expected: unknown, path = '$'): string[] {
  // a RegExp in an expected shape matches strings, e.g. generated slugs
  if (expected instanceof RegExp) {
    return typeof actual === 'string' && expected.test(actual)
      ? []
      : [`${path}: expected ${expected}, got ${show(actual)}`];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${path}: expected an array, got ${show(actual)}`];
    if (actual.length !== expected.length) {
      return [`${path}: expected ${show(expected)}, got ${show(actual)}`];
    }
    return expected.flatMap((item, i) => partialMismatches(actual[i], item, `${path}[${i}]`));
  }
  if (isRecord(expected)) {
    if (!isRecord(actual)) return [`${path}: expected an object, got ${show(actual)}`];
    return Object.entries(expected).flatMap(([key, value]) =>
      partialMismatches(actual[key], value, `${path}.${key}`),
    );
  }
  return Object.is(actual, expected) ? [] : [`${path}: expected ${show(expected)}, got ${show(actual)}`];
}

class Context {
  private readonly registry = new Map<string, Entry>();
  /** Revision returned by the last successful write (SPEC D18). */
  lastWrite = 0;

  constructor(
    readonly admin: Admin,
    readonly authorizer: Authorizer,
  ) {}

  lookup(symbol: Symbolic): Entry {
    const entry = this.registry.get(symbol.slice(1));
    if (!entry) throw new Error(`scenario bug: ${symbol} was never registered with "as"`);
    return entry;
  }

  register(name: string, op: string, result: unknown): void {
    const data = isRecord(result) && isRecord(result.data) ? result.data : result;
    if (!isRecord(data) || typeof data.id !== 'string') {
      throw new Error(`scenario bug: ${op} result has no id to register as "${name}"`);
    }
    this.registry.set(name, { id: data.id, kind: kindOf(op) });
  }

  /** Replaces every `'@name'` string, at any depth, by the registered id. */
  resolve(value: unknown): unknown {
    if (typeof value === 'string') return value.startsWith('@') ? this.lookup(value).id : value;
    if (value instanceof RegExp) return value;
    if (Array.isArray(value)) return value.map((item) => this.resolve(item));
    if (isRecord(value)) {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.resolve(item)]));
    }
    return value;
  }

  id(symbol: Symbolic): string {
    return symbol.startsWith('@') ? this.lookup(symbol).id : symbol;
  }

  /** A query target as a ResourceRef; an organization symbol means its organization resource. */
  target(target: Target): ResourceRef {
    if (typeof target !== 'string') return this.resolve(target) as ResourceRef;
    if (!target.startsWith('@')) return { id: target };
    const entry = this.lookup(target);
    return entry.kind === 'organization' ? { type: 'organization', externalId: entry.id } : { id: entry.id };
  }

  async call(call: AdminCall): Promise<unknown> {
    const args = 'args' in call ? (call.args as readonly unknown[]) : [call.input];
    const method = this.admin[call.op] as unknown as (...a: unknown[]) => Promise<unknown>;
    if (typeof method !== 'function') throw new Error(`backend admin has no operation ${call.op}`);
    const result = await method.apply(
      this.admin,
      args.map((arg) => this.resolve(arg)),
    );
    if (isWriteOp(call.op) && isRecord(result) && typeof result.revision === 'number') {
      this.lastWrite = result.revision;
    }
    return result;
  }
}

function summaryMatches(summary: ResourceSummary, target: ResourceRef): boolean {
  return 'id' in target
    ? summary.id === target.id
    : summary.type === target.type && summary.externalId === target.externalId;
}

function label(expectation: Expectation): string {
  const { note, ...rest } = expectation as Expectation & { note?: string };
  return (note ? `${note} ` : '') + show(rest);
}

function idsOf(result: unknown): string[] | undefined {
  const list = isRecord(result) ? result.data : result;
  if (!Array.isArray(list)) return undefined;
  return list.map((item: unknown) => (isRecord(item) && typeof item.id === 'string' ? item.id : show(item)));
}

function listMismatches(ctx: Context, result: unknown, spec: ListAssertions): string[] {
  const out: string[] = [];
  const actual = idsOf(result) ?? [];
  if (spec.ids) {
    const want = spec.ids.map((s) => ctx.id(s)).sort();
    const got = [...actual].sort();
    if (show(want) !== show(got)) out.push(`ids: expected ${show(want)}, got ${show(got)}`);
  }
  if (spec.orderedIds) {
    const want = spec.orderedIds.map((s) => ctx.id(s));
    if (show(want) !== show(actual)) out.push(`orderedIds: expected ${show(want)}, got ${show(actual)}`);
  }
  if (spec.listMetadata) {
    const want = {
      before: spec.listMetadata.before === null ? null : ctx.id(spec.listMetadata.before),
      after: spec.listMetadata.after === null ? null : ctx.id(spec.listMetadata.after),
    };
    const got = isRecord(result) ? result.listMetadata : undefined;
    out.push(...partialMismatches(got, want, 'listMetadata'));
  }
  return out;
}

/** Runs `run`; compares a rejection with `rejects`, or hands the value to `onValue`. */
async function settle(
  run: () => Promise<unknown>,
  rejects: ErrorMatcher | undefined,
  onValue: (value: unknown) => string[] | Promise<string[]>,
): Promise<string[]> {
  let value: unknown;
  try {
    value = await run();
  } catch (err) {
    if (rejects !== undefined && errorMatches(err, rejects)) return [];
    return [
      rejects === undefined
        ? `unexpected rejection: ${describeError(err)}`
        : `expected rejection ${show(rejects)}, got ${describeError(err)}`,
    ];
  }
  if (rejects !== undefined)
    return [`expected rejection ${show(rejects)}, but it resolved to ${show(value)}`];
  return onValue(value);
}

function reasonMismatch(actual: string, expected: string | readonly string[] | undefined): string[] {
  if (expected === undefined) return [];
  const allowed = typeof expected === 'string' ? [expected] : expected;
  return allowed.includes(actual) ? [] : [`reason: expected ${show(expected)}, got "${actual}"`];
}

async function runCall(ctx: Context, e: CallExpectation, strict: boolean): Promise<string[]> {
  const before = ctx.lastWrite;
  const out = await settle(
    () => ctx.call(e),
    e.rejects,
    (value) => {
      const problems: string[] = [];
      if (e.as) ctx.register(e.as, e.op, value);
      if (e.returns !== undefined) problems.push(...partialMismatches(value, ctx.resolve(e.returns)));
      if (e.returnsIds) problems.push(...listMismatches(ctx, value, { orderedIds: e.returnsIds }));
      if (strict && isWriteOp(e.op)) {
        const revision = isRecord(value) ? value.revision : undefined;
        if (typeof revision !== 'number' || revision <= before) {
          problems.push(`revision: write must return a revision > ${before}, got ${show(revision)}`);
        }
      }
      return problems;
    },
  );
  if (strict && e.rejects !== undefined && isWriteOp(e.op)) {
    const now = await ctx.admin.revision();
    if (now !== before) out.push(`revision: a rejected write moved the revision from ${before} to ${now}`);
  }
  return out;
}

async function runExpectation(ctx: Context, e: Expectation, strict: boolean): Promise<string[]> {
  const { authorizer } = ctx;
  if ('op' in e) return runCall(ctx, e, strict);
  if ('check' in e) {
    const [membership, permission, target] = e.check;
    const atLeast = ctx.lastWrite;
    const query = { membershipId: ctx.id(membership), permission, resource: ctx.target(target) };
    return settle(
      () => authorizer.check(query, e.atLeastLastWrite ? { consistency: { atLeast } } : undefined),
      undefined,
      (value) => {
        const decision = value as Awaited<ReturnType<Authorizer['check']>>;
        const out: string[] = [];
        if (decision.allowed !== e.allowed)
          out.push(`allowed: expected ${e.allowed}, got ${decision.allowed}`);
        out.push(...reasonMismatch(decision.reason, e.reason));
        if (e.atLeastLastWrite && !(decision.revision >= atLeast)) {
          out.push(`revision: decision at ${decision.revision}, asked for at least ${atLeast}`);
        }
        return out;
      },
    );
  }
  if ('checkRejects' in e) {
    const [membership, permission, target] = e.checkRejects;
    const query = { membershipId: ctx.id(membership), permission, resource: ctx.target(target) };
    return settle(
      () => authorizer.check(query),
      e.code,
      () => [],
    );
  }
  if ('checkMany' in e) {
    const queries = e.checkMany.map(([m, p, r]) => ({
      membershipId: ctx.id(m),
      permission: p,
      resource: ctx.target(r),
    }));
    return settle(
      () => authorizer.checkMany(queries),
      undefined,
      (value) => {
        const got = (value as { allowed: boolean }[]).map((d) => d.allowed);
        return show(got) === show(e.allowed)
          ? []
          : [`allowed: expected ${show(e.allowed)}, got ${show(got)}`];
      },
    );
  }
  if ('listResources' in e) {
    const q = e.listResources;
    const query = {
      membershipId: ctx.id(q.membership),
      permission: q.permission,
      parent: ctx.target(q.parent),
      ...(q.page ? { page: ctx.resolve(q.page) as typeof q.page } : {}),
    };
    return settle(
      () => authorizer.listResources(query),
      e.rejects,
      (value) => listMismatches(ctx, value, e),
    );
  }
  if ('listMemberships' in e) {
    const q = e.listMemberships;
    const query = {
      resource: ctx.target(q.resource),
      permission: q.permission,
      ...(q.organization ? { organizationId: ctx.id(q.organization) } : {}),
      ...(q.assignment ? { assignment: q.assignment } : {}),
      ...(q.page ? { page: ctx.resolve(q.page) as typeof q.page } : {}),
    };
    return settle(
      () => authorizer.listMemberships(query),
      e.rejects,
      (value) => listMismatches(ctx, value, e),
    );
  }
  if ('effectivePermissions' in e) {
    const q = e.effectivePermissions;
    return settle(
      () =>
        authorizer.effectivePermissions({
          membershipId: ctx.id(q.membership),
          resource: ctx.target(q.resource),
        }),
      e.rejects,
      (value) =>
        e.permissions === undefined || show(value) === show(e.permissions)
          ? []
          : [`permissions: expected ${show(e.permissions)}, got ${show(value)}`],
    );
  }
  if ('explain' in e) {
    const [membership, permission, target] = e.explain;
    const query = { membershipId: ctx.id(membership), permission, resource: ctx.target(target) };
    return settle(
      () => authorizer.explain(query),
      undefined,
      (value) => {
        const x = value as Awaited<ReturnType<Authorizer['explain']>>;
        const out: string[] = [];
        if (x.decision.allowed !== e.allowed)
          out.push(`allowed: expected ${e.allowed}, got ${x.decision.allowed}`);
        out.push(...reasonMismatch(x.decision.reason, e.reason));
        if (e.path) {
          const want = e.path.map((t) => ctx.target(t));
          const ok = want.length === x.path.length && want.every((t, i) => summaryMatches(x.path[i]!, t));
          if (!ok) out.push(`path: expected ${show(want)}, got ${show(x.path.map((s) => s.id))}`);
        }
        for (const g of e.granting ?? []) {
          const where = ctx.target(g.resource);
          const found = x.roles.some(
            (r) => r.grants && r.roleSlug === g.role && r.via === g.via && summaryMatches(r.resource, where),
          );
          if (!found) out.push(`granting: no granting role ${show(g)} in ${show(x.roles)}`);
        }
        if (e.noneGrant && x.roles.some((r) => r.grants)) out.push(`noneGrant: got ${show(x.roles)}`);
        if (e.permissionKnown !== undefined && x.permission.known !== e.permissionKnown) {
          out.push(`permission.known: expected ${e.permissionKnown}, got ${x.permission.known}`);
        }
        if (typeof x.summary !== 'string' || x.summary.length === 0) out.push('summary: empty');
        return out;
      },
    );
  }
  if ('findMembership' in e) {
    const q = {
      userId: ctx.id(e.findMembership.user),
      organizationId: ctx.id(e.findMembership.organization),
    };
    return settle(
      () => authorizer.findMembership(q),
      undefined,
      (value) => {
        const m = value as { id: string; status: string } | null;
        const want = e.id === null ? null : ctx.id(e.id);
        const out: string[] = [];
        if ((m?.id ?? null) !== want) out.push(`id: expected ${show(want)}, got ${show(m?.id ?? null)}`);
        if (e.status !== undefined && m?.status !== e.status)
          out.push(`status: expected ${e.status}, got ${m?.status}`);
        return out;
      },
    );
  }
  if ('revisionIsLastWrite' in e) {
    const now = await ctx.admin.revision();
    return now === ctx.lastWrite ? [] : [`admin.revision() is ${now}, last write returned ${ctx.lastWrite}`];
  }
  const out: string[] = [];
  for (const m of e.allAssignmentsDirect) {
    const page = await ctx.admin.listRoleAssignments({ membershipId: ctx.id(m), limit: 100 });
    if (page.data.length === 0) out.push(`${m} has no role assignments to inspect`);
    for (const a of page.data) {
      if (a.source.type !== 'direct' || a.source.groupRoleAssignmentId !== null) {
        out.push(`assignment ${a.id} of ${m} has source ${show(a.source)}`);
      }
    }
  }
  return out;
}

/** Runs `scenario` on `backend`; throws one error listing every failed expectation. */
export async function runScenario(backend: BackendInstance, scenario: Scenario): Promise<void> {
  const ctx = new Context(backend.admin, backend.authorizer);
  ctx.lastWrite = await backend.admin.revision();
  const strict = scenario.strictRevisions === true;
  const failures: string[] = [];
  for (const [i, step] of scenario.setup.entries()) {
    const before = ctx.lastWrite;
    let result: unknown;
    try {
      result = await ctx.call(step);
    } catch (err) {
      throw new Error(`${scenario.id}: setup step #${i} ${show(step)} failed: ${describeError(err)}`);
    }
    if (step.as) ctx.register(step.as, step.op, result);
    if (strict && isWriteOp(step.op) && !(ctx.lastWrite > before)) {
      failures.push(`setup #${i} ${step.op}: revision did not advance past ${before} (${show(result)})`);
    }
  }
  for (const [i, expectation] of scenario.expect.entries()) {
    let problems: string[];
    try {
      problems = await runExpectation(ctx, expectation, strict);
    } catch (err) {
      problems = [`threw: ${describeError(err)}`];
    }
    for (const problem of problems) failures.push(`expect #${i} ${label(expectation)}\n    → ${problem}`);
  }
  if (failures.length > 0) {
    throw new Error(
      `${scenario.id} (${scenario.spec}): ${failures.length} failure(s)\n  ${failures.join('\n  ')}`,
    );
  }
}
