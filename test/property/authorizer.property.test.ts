// Property tests: random models, trees and write sequences; the engine must agree with the naive
// reference evaluator on check, listResources, listMemberships and effectivePermissions.
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { describeError, errorMatches } from '../conformance/interpreter.js';
import { localAuthorizerAvailable } from '../support/local-authorizer.js';
import { ORG } from './reference.js';
import { buildAndRun, failure, type Run } from './runner.js';
import { rawOps, rawWorld } from './world.js';

// ≥ 100 runs per property; fast-check prints the seed and path of a failure for replay.
const RUNS = { numRuns: 200 } as const;
/** A slug no world ever defines (D17). */
const UNKNOWN_PERMISSION = 'zz:unknown';

function keyOf(run: Run): (id: string) => string {
  const reverse = new Map([...run.ids].map(([key, id]) => [id, key]));
  return (id) => reverse.get(id) ?? `?${id}`;
}

function engineId(run: Run, key: string): string {
  const id = run.ids.get(key);
  if (id === undefined) throw new Error(`no engine id for ${key}`);
  return id;
}

/** Collects mismatches and throws them (with the world and the write log) at the end. */
class Mismatches {
  private readonly found: string[] = [];
  add(message: string): void {
    this.found.push(message);
  }
  throwIfAny(run: Run): void {
    if (this.found.length === 0) return;
    const shown = this.found.slice(0, 12).join('\n');
    throw failure(run, `${this.found.length} mismatch(es) with the reference:\n${shown}`);
  }
}

const same = (a: readonly string[], b: readonly string[]): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Engine and reference agree on the resource tree itself, so "descendants" means the same on both. */
async function assertTree(run: Run, out: Mismatches): Promise<void> {
  for (const [key, node] of run.ref.resources) {
    if (key === ORG) continue;
    const resource = await run.fga.admin.getResource({ id: engineId(run, key) });
    const want = node.parent === ORG ? null : engineId(run, node.parent!);
    if (resource.parentResourceId !== want) {
      out.add(`tree: parent of ${key} is ${resource.parentResourceId}, reference says ${node.parent}`);
    }
  }
}

async function assertChecks(run: Run): Promise<void> {
  const out = new Mismatches();
  const { ref, fga } = run;
  await assertTree(run, out);
  for (const m of ref.memberships.keys()) {
    for (const p of [...ref.everPermissions, UNKNOWN_PERMISSION]) {
      for (const r of ref.resources.keys()) {
        const query = { membershipId: engineId(run, m), permission: p, resource: { id: engineId(run, r) } };
        const want = ref.check(m, p, r);
        const reasons = ref.acceptableReasons(m, p, r);
        // the engine async and sync, and the warmed decision cache in front of it, all answer alike
        const answers = [
          ['check', await fga.check(query)],
          ['checkSync', fga.checkSync(query)],
          ['cached check', await run.cache.check(query)],
        ] as const;
        for (const [via, decision] of answers) {
          if (decision.allowed !== want || !reasons.includes(decision.reason)) {
            out.add(
              `${via}(${m}, ${p}, ${r}): ${decision.allowed}/${decision.reason}, reference ${want}/${reasons.join('|')}`,
            );
          }
        }
      }
    }
  }
  await assertDeletedNotFound(run, out);
  out.throwIfAny(run);
}

/** Deleted memberships and resources answer not found (D16, §2.6), from the engine and the warmed cache alike. */
async function assertDeletedNotFound(run: Run, out: Mismatches): Promise<void> {
  const { ref, fga } = run;
  const permission = [...ref.everPermissions][0]!;
  const liveMembership = [...ref.memberships.keys()][0];
  const probes: { label: string; membership: string; resource: string }[] = [];
  for (const [key, id] of run.ids) {
    if (key.startsWith('m') && !ref.memberships.has(key)) {
      probes.push({ label: `deleted ${key}`, membership: id, resource: engineId(run, ORG) });
    }
    if (
      (key.startsWith('r') || key.startsWith('n')) &&
      !ref.resources.has(key) &&
      liveMembership !== undefined
    ) {
      probes.push({ label: `deleted ${key}`, membership: engineId(run, liveMembership), resource: id });
    }
  }
  for (const probe of probes) {
    const query = { membershipId: probe.membership, permission, resource: { id: probe.resource } };
    for (const [via, authorizer] of [
      ['check', fga],
      ['cached check', run.cache],
    ] as const) {
      try {
        const decision = await authorizer.check(query);
        out.add(
          `${via} on ${probe.label}: answered ${decision.allowed}/${decision.reason}, expected entity_not_found`,
        );
      } catch (err) {
        if (!errorMatches(err, 'entity_not_found'))
          out.add(`${via} on ${probe.label}: ${describeError(err)}`);
      }
    }
  }
}

async function assertListResources(run: Run): Promise<void> {
  const out = new Mismatches();
  const { ref, fga } = run;
  const toKey = keyOf(run);
  await assertTree(run, out);
  for (const m of ref.memberships.keys()) {
    const membershipId = engineId(run, m);
    for (const { slug: p, type } of ref.permissions) {
      for (const parent of ref.resources.keys()) {
        const page = await fga.listResources({
          membershipId,
          permission: p,
          parent: { id: engineId(run, parent) },
          page: { limit: 100, order: 'asc' },
        });
        const got = page.data.map((r) => toKey(r.id));
        const want = ref.listResources(m, p, parent);
        if (!same(got, want)) {
          out.add(`listResources(${m}, ${p}, ${parent}): engine [${got}], reference [${want}]`);
        }
        // the engine against itself: the filter of check over the parent's descendants (D3)
        const filtered: string[] = [];
        for (const d of ref.descendants(parent)) {
          if (type !== 'organization' && ref.resources.get(d)!.type !== type) continue;
          const decision = await fga.check({
            membershipId,
            permission: p,
            resource: { id: engineId(run, d) },
          });
          if (decision.allowed) filtered.push(d);
        }
        if (!same(got, filtered)) {
          out.add(`listResources(${m}, ${p}, ${parent}) = [${got}] but filtering check gives [${filtered}]`);
        }
      }
    }
  }
  out.throwIfAny(run);
}

async function assertListMemberships(run: Run): Promise<void> {
  const out = new Mismatches();
  const { ref, fga } = run;
  const toKey = keyOf(run);
  for (const r of ref.resources.keys()) {
    for (const { slug: p } of ref.permissions) {
      // direct on the organization resource is left out: whether org roles count there is open (§2.7)
      const modes = r === ORG ? (['indirect'] as const) : (['direct', 'indirect'] as const);
      for (const assignment of modes) {
        const page = await fga.listMemberships({
          resource: { id: engineId(run, r) },
          permission: p,
          assignment,
          page: { limit: 100, order: 'asc' },
        });
        const got = page.data.map((m) => toKey(m.id));
        const want = ref.listMemberships(r, p, assignment);
        if (!same(got, want))
          out.add(`listMemberships(${r}, ${p}, ${assignment}): engine [${got}], reference [${want}]`);
      }
    }
  }
  out.throwIfAny(run);
}

async function assertEffectivePermissions(run: Run): Promise<void> {
  const out = new Mismatches();
  const { ref, fga } = run;
  for (const m of ref.memberships.keys()) {
    for (const r of ref.resources.keys()) {
      const query = { membershipId: engineId(run, m), resource: { id: engineId(run, r) } };
      const got = await fga.effectivePermissions(query);
      const want = ref.effectivePermissions(m, r);
      if (!same(got, want)) out.add(`effectivePermissions(${m}, ${r}): engine [${got}], reference [${want}]`);
      const fromCache = await run.cache.effectivePermissions(query);
      if (!same(fromCache, want))
        out.add(`cached effectivePermissions(${m}, ${r}): [${fromCache}], reference [${want}]`);
    }
  }
  out.throwIfAny(run);
}

// [name, assertion, warm the decision cache before the writes]
const properties = [
  [
    'check, checkSync and cached check agree with the reference walk of SPEC §2.2 (D1, D2, D17)',
    assertChecks,
    true,
  ],
  [
    'listResources equals the reference and the filter of check over descendants (D3)',
    assertListResources,
    false,
  ],
  ['listMemberships direct and indirect agree with the reference (D5)', assertListMemberships, false],
  [
    'effectivePermissions (engine and cached) agree with the reference, in creation order (D4)',
    assertEffectivePermissions,
    true,
  ],
] as const;

describe.skipIf(!localAuthorizerAvailable)(
  'authorizer properties: LocalAuthorizer vs naive reference',
  () => {
    it.each(properties)('%s, after random write sequences', async (_name, assertAgreement, warmCache) => {
      await fc.assert(
        fc.asyncProperty(rawWorld, rawOps, async (world, ops) => {
          const run = await buildAndRun(world, ops, warmCache);
          await assertAgreement(run);
        }),
        RUNS,
      );
    });
  },
);
