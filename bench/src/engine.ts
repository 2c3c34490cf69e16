// Micro benchmarks of the embedded engine, side by side in one process: uncached checkSync / check
// for allow and deny at depths 1–6, listResources over ~10k matches, bulk load and heap per entity.
import type { CheckQuery, LocalAuthorizer } from '@fgakit/core';
import {
  type DatasetOptions,
  DEFAULT_DATASET,
  DEPTH,
  type LoadedDataset,
  loadDataset,
  pathOf,
  planDataset,
} from './dataset.js';
import { fmt, mean, quantile, table, timerOverheadNs, verdict } from './stats.js';

export interface EngineOptions {
  readonly dataset: DatasetOptions;
  /** Timed per-call samples per case (split over `rounds`). */
  readonly samples: number;
  /** Untimed calls per case before the first round. */
  readonly warmup: number;
  /** Cases are interleaved round by round so background noise hits them alike. */
  readonly rounds: number;
  /** Calls per batch for the batch-mean cross-check. */
  readonly batch: number;
  /** Timed listResources calls per variant. */
  readonly listCalls: number;
}

export const DEFAULT_ENGINE_OPTIONS: EngineOptions = {
  dataset: DEFAULT_DATASET,
  samples: 200_000,
  warmup: 50_000,
  rounds: 4,
  batch: 50_000,
  listCalls: 50,
};

type Kind = 'allow-self' | 'allow-top' | 'deny';
type Mode = 'checkSync' | 'await check';

interface CheckCase {
  readonly name: string;
  readonly mode: Mode;
  readonly kind: Kind;
  readonly depth: number;
  /** How the resource is addressed. */
  readonly ref: 'id' | 'externalId';
  /** Nodes the ancestor walk visits (resource, ancestors, organization resource when it reaches it). */
  readonly probes: number;
  readonly queries: readonly CheckQuery[];
  readonly samples: Float64Array;
  filled: number;
}

export interface CheckResult {
  readonly mode: Mode;
  readonly kind: Kind;
  readonly depth: number;
  readonly ref: 'id' | 'externalId';
  readonly nodesVisited: number;
  readonly samples: number;
  readonly p50Ns: number;
  readonly p99Ns: number;
  readonly p999Ns: number;
  readonly meanNs: number;
  readonly batchMeanNs: number;
}

export interface ListResult {
  readonly name: string;
  readonly matches: number;
  readonly returned: number;
  readonly calls: number;
  readonly p50Ms: number;
  readonly meanMs: number;
  readonly maxMs: number;
}

export interface EngineResult {
  readonly dataset: {
    readonly seed: number;
    readonly organizations: number;
    readonly resources: number;
    readonly levelCounts: readonly number[];
    readonly memberships: number;
    readonly assignments: number;
    readonly probes: number;
  };
  readonly timerOverheadNs: number;
  readonly load: LoadedDataset['load'];
  readonly checks: readonly CheckResult[];
  readonly list: readonly ListResult[];
  readonly targets: readonly { readonly target: string; readonly measured: string; readonly met: boolean }[];
}

function buildCases(data: LoadedDataset, options: EngineOptions): CheckCase[] {
  const { plan, resourceIds, membershipIds } = data;
  const perProbe = Array.from(plan.probeLeaf, (leaf) => pathOf(plan, leaf));
  const cases: CheckCase[] = [];
  const make = (mode: Mode, kind: Kind, depth: number, ref: 'id' | 'externalId'): void => {
    const queries = perProbe.map((path, k): CheckQuery => {
      const r = path[depth - 1] as number;
      const m =
        kind === 'allow-self'
          ? plan.probeSelf[k]
          : kind === 'allow-top'
            ? plan.probeTop[k]
            : plan.probeDeny[k];
      return {
        membershipId: membershipIds[m as number] as string,
        permission: `t${depth}:view`,
        resource:
          ref === 'id' ? { id: resourceIds[r] as string } : { type: `t${depth}`, externalId: `r${r}` },
      };
    });
    const probes = kind === 'allow-self' ? 1 : kind === 'allow-top' ? depth : depth + 1;
    cases.push({
      name: `${mode} ${kind} d${depth}${ref === 'id' ? '' : ' (ext id)'}`,
      mode,
      kind,
      depth,
      ref,
      probes,
      queries,
      samples: new Float64Array(options.samples),
      filled: 0,
    });
  };
  for (const mode of ['checkSync', 'await check'] as const) {
    for (let depth = 1; depth <= DEPTH; depth++) {
      for (const kind of ['allow-self', 'allow-top', 'deny'] as const) make(mode, kind, depth, 'id');
    }
  }
  make('checkSync', 'allow-self', DEPTH, 'externalId');
  make('checkSync', 'deny', DEPTH, 'externalId');
  return cases;
}

/** Fails loudly when a probe does not decide as the case claims (a wrong dataset would time the wrong path). */
function verifyCase(fga: LocalAuthorizer, c: CheckCase): void {
  for (const q of c.queries) {
    const d = fga.checkSync(q);
    const ok =
      c.kind === 'deny'
        ? !d.allowed && d.reason === 'no_matching_role'
        : d.allowed && d.reason === 'role_assignment';
    if (!ok)
      throw new Error(`${c.name}: expected ${c.kind}, got ${JSON.stringify(d)} for ${JSON.stringify(q)}`);
  }
}

// Probe counts are powers of two, so `i & mask` cycles the queries without a division.
function runSync(
  fga: LocalAuthorizer,
  c: CheckCase,
  count: number,
  overhead: number,
  record: boolean,
): number {
  const queries = c.queries;
  const mask = queries.length - 1;
  const out = c.samples;
  let sink = 0;
  for (let i = 0; i < count; i++) {
    const q = queries[i & mask] as CheckQuery;
    const t0 = process.hrtime.bigint();
    const d = fga.checkSync(q);
    const t1 = process.hrtime.bigint();
    if (d.allowed) sink++;
    if (record) out[c.filled++] = Number(t1 - t0) - overhead;
  }
  return sink;
}

async function runAsync(
  fga: LocalAuthorizer,
  c: CheckCase,
  count: number,
  overhead: number,
  record: boolean,
): Promise<number> {
  const queries = c.queries;
  const mask = queries.length - 1;
  const out = c.samples;
  let sink = 0;
  for (let i = 0; i < count; i++) {
    const q = queries[i & mask] as CheckQuery;
    const t0 = process.hrtime.bigint();
    const d = await fga.check(q);
    const t1 = process.hrtime.bigint();
    if (d.allowed) sink++;
    if (record) out[c.filled++] = Number(t1 - t0) - overhead;
  }
  return sink;
}

/** Mean ns per call over one untimed-per-call batch: no timer overhead to subtract. */
async function batchMean(fga: LocalAuthorizer, c: CheckCase, count: number): Promise<number> {
  const queries = c.queries;
  const mask = queries.length - 1;
  let sink = 0;
  const t0 = process.hrtime.bigint();
  if (c.mode === 'checkSync') {
    for (let i = 0; i < count; i++) if (fga.checkSync(queries[i & mask] as CheckQuery).allowed) sink++;
  } else {
    for (let i = 0; i < count; i++) if ((await fga.check(queries[i & mask] as CheckQuery)).allowed) sink++;
  }
  const ns = Number(process.hrtime.bigint() - t0) / count;
  if (sink < 0) throw new Error('unreachable');
  return ns;
}

async function benchListResources(data: LoadedDataset, calls: number): Promise<ListResult[]> {
  const { fga, plan, resourceIds, membershipIds, organizationId } = data;
  const membershipId = membershipIds[plan.lister] as string;
  const permission = `t${DEPTH}:view`;
  const variants = [
    {
      name: 'parent = t1 root of the grant (granted at parent)',
      parent: { id: resourceIds[plan.listRoot] as string },
    },
    {
      name: 'parent = organization (grant below parent)',
      parent: { type: 'organization', externalId: organizationId },
    },
  ];
  const results: ListResult[] = [];
  for (const v of variants) {
    const query = { membershipId, permission, parent: v.parent, page: { limit: 100, order: 'asc' as const } };
    // Full pagination once, to count the matches (and warm up).
    let matches = 0;
    let after: string | null = null;
    let pages = 0;
    const timesFull = new Float64Array(3);
    for (let rep = 0; rep < timesFull.length; rep++) {
      matches = 0;
      after = null;
      pages = 0;
      const t0 = process.hrtime.bigint();
      do {
        const page = await fga.listResources({
          ...query,
          page: { ...query.page, ...(after === null ? {} : { after }) },
        });
        matches += page.data.length;
        after = page.listMetadata.after;
        pages++;
      } while (after !== null);
      timesFull[rep] = Number(process.hrtime.bigint() - t0) / 1e6;
    }
    if (matches !== plan.listRootLeaves)
      throw new Error(`${v.name}: ${matches} results, expected ${plan.listRootLeaves}`);
    const times = new Float64Array(calls);
    let returned = 0;
    for (let i = 0; i < 5; i++) await fga.listResources(query);
    for (let i = 0; i < calls; i++) {
      const t0 = process.hrtime.bigint();
      const page = await fga.listResources(query);
      times[i] = Number(process.hrtime.bigint() - t0) / 1e6;
      returned = page.data.length;
    }
    times.sort();
    timesFull.sort();
    results.push({
      name: `one call (first page of 100) — ${v.name}`,
      matches,
      returned,
      calls,
      p50Ms: quantile(times, 0.5),
      meanMs: mean(times),
      maxMs: times[times.length - 1] as number,
    });
    results.push({
      name: `all ${pages} pages (limit 100, after cursors) — ${v.name}`,
      matches,
      returned: matches,
      calls: timesFull.length,
      p50Ms: quantile(timesFull, 0.5),
      meanMs: mean(timesFull),
      maxMs: timesFull[timesFull.length - 1] as number,
    });
  }
  return results;
}

/** Runs the engine benchmarks; `log` receives progress lines. */
export async function runEngine(
  options: EngineOptions = DEFAULT_ENGINE_OPTIONS,
  log: (line: string) => void = console.log,
): Promise<EngineResult> {
  if ((options.dataset.probes & (options.dataset.probes - 1)) !== 0)
    throw new Error('probes must be a power of two');
  const plan = planDataset(options.dataset);
  log(
    `dataset: seed ${options.dataset.seed}, 1 organization, ${fmt(options.dataset.resources)} resources ` +
      `(levels ${plan.levelCounts.join(' / ')}), ${fmt(options.dataset.memberships)} memberships, ` +
      `${fmt(options.dataset.assignments)} assignments`,
  );
  const data = await loadDataset(plan);
  const { load } = data;
  log(
    `bulk load: ${fmt(load.resources.count)} resources in ${fmt(load.resources.ms)} ms (${fmt(load.resources.perSecond)}/s), ` +
      `${fmt(load.memberships.count)} users+memberships in ${fmt(load.memberships.ms)} ms, ` +
      `${fmt(load.assignments.count)} assignments in ${fmt(load.assignments.ms)} ms`,
  );

  const overhead = timerOverheadNs();
  log(`timer overhead (hrtime.bigint pair, median): ${fmt(overhead, 1)} ns`);
  const cases = buildCases(data, options);
  for (const c of cases) verifyCase(data.fga, c);
  for (const c of cases) {
    if (c.mode === 'checkSync') runSync(data.fga, c, options.warmup, overhead, false);
    else await runAsync(data.fga, c, options.warmup, overhead, false);
  }
  const perRound = Math.floor(options.samples / options.rounds);
  for (let round = 0; round < options.rounds; round++) {
    for (const c of cases) {
      if (c.mode === 'checkSync') runSync(data.fga, c, perRound, overhead, true);
      else await runAsync(data.fga, c, perRound, overhead, true);
    }
    log(`check round ${round + 1}/${options.rounds} done`);
  }
  const checks: CheckResult[] = [];
  for (const c of cases) {
    const s = c.samples.subarray(0, c.filled);
    s.sort();
    checks.push({
      mode: c.mode,
      kind: c.kind,
      depth: c.depth,
      ref: c.ref,
      nodesVisited: c.probes,
      samples: s.length,
      p50Ns: Math.max(0, quantile(s, 0.5)),
      p99Ns: Math.max(0, quantile(s, 0.99)),
      p999Ns: Math.max(0, quantile(s, 0.999)),
      meanNs: Math.max(0, mean(s)),
      batchMeanNs: await batchMean(data.fga, c, options.batch),
    });
  }
  log('listResources…');
  const list = await benchListResources(data, options.listCalls);

  const worst = (mode: Mode, field: 'p50Ns' | 'p99Ns'): number =>
    Math.max(
      ...checks.filter((c) => c.mode === mode && c.depth === DEPTH && c.ref === 'id').map((c) => c[field]),
    );
  const oneCall = Math.max(...list.filter((l) => l.name.startsWith('one call')).map((l) => l.p50Ms));
  const allPages = Math.max(...list.filter((l) => l.name.startsWith('all')).map((l) => l.p50Ms));
  const perResource = load.resources.heapBytesPerEntity;
  const perAssignment = load.assignments.heapBytesPerEntity;
  const targets = [
    {
      target: 'uncached checkSync p50 ≤ 1 µs at depth 6 (worst case)',
      value: worst('checkSync', 'p50Ns'),
      limit: 1000,
      unit: 'ns',
    },
    {
      target: 'uncached checkSync p99 ≤ 5 µs at depth 6 (worst case)',
      value: worst('checkSync', 'p99Ns'),
      limit: 5000,
      unit: 'ns',
    },
    {
      target: 'uncached await check p50 ≤ 1 µs at depth 6 (worst case)',
      value: worst('await check', 'p50Ns'),
      limit: 1000,
      unit: 'ns',
    },
    {
      target: 'uncached await check p99 ≤ 5 µs at depth 6 (worst case)',
      value: worst('await check', 'p99Ns'),
      limit: 5000,
      unit: 'ns',
    },
    {
      target: 'listResources, one call over ~10k matches ≤ 10 ms (p50)',
      value: oneCall,
      limit: 10,
      unit: 'ms',
    },
    {
      target: 'listResources, paging through all ~10k results ≤ 10 ms',
      value: allPages,
      limit: 10,
      unit: 'ms',
    },
    { target: '≤ 300 bytes of heap per resource', value: perResource, limit: 300, unit: 'B' },
    { target: '≤ 200 bytes of heap per assignment', value: perAssignment, limit: 200, unit: 'B' },
  ].map((t) => ({
    target: t.target,
    measured:
      t.value === null
        ? 'not measured (run with --expose-gc)'
        : `${fmt(t.value, t.unit === 'ms' ? 2 : 0)} ${t.unit}`,
    met: t.value !== null && t.value <= t.limit,
  }));

  return {
    dataset: {
      seed: options.dataset.seed,
      organizations: 1,
      resources: options.dataset.resources,
      levelCounts: plan.levelCounts,
      memberships: options.dataset.memberships,
      assignments: options.dataset.assignments,
      probes: options.dataset.probes,
    },
    timerOverheadNs: overhead,
    load,
    checks,
    list,
    targets,
  };
}

/** Human-readable tables of an engine result (Markdown). */
export function formatEngine(r: EngineResult): string {
  const { load } = r;
  const loadTable = table(
    ['phase', 'entities', 'time (ms)', 'entities/s', 'heap B/entity'],
    [
      ['model (types, permissions, roles, org)', '–', fmt(load.model.ms), '–', '–'],
      [
        'resources',
        fmt(load.resources.count),
        fmt(load.resources.ms),
        fmt(load.resources.perSecond),
        fmt(load.resources.heapBytesPerEntity),
      ],
      [
        'users + memberships',
        fmt(load.memberships.count),
        fmt(load.memberships.ms),
        fmt(load.memberships.perSecond),
        fmt(load.memberships.heapBytesPerEntity),
      ],
      [
        'role assignments',
        fmt(load.assignments.count),
        fmt(load.assignments.ms),
        fmt(load.assignments.perSecond),
        fmt(load.assignments.heapBytesPerEntity),
      ],
    ],
  );
  const checkTable = table(
    ['call', 'case', 'depth', 'nodes walked', 'p50 ns', 'p99 ns', 'p99.9 ns', 'mean ns', 'batch mean ns'],
    r.checks.map((c) => [
      c.mode,
      c.kind + (c.ref === 'id' ? '' : ' (ext id)'),
      String(c.depth),
      String(c.nodesVisited),
      fmt(c.p50Ns),
      fmt(c.p99Ns),
      fmt(c.p999Ns),
      fmt(c.meanNs),
      fmt(c.batchMeanNs),
    ]),
  );
  const listTable = table(
    ['listResources', 'matches', 'returned', 'calls', 'p50 ms', 'mean ms', 'max ms'],
    r.list.map((l) => [
      l.name,
      fmt(l.matches),
      fmt(l.returned),
      String(l.calls),
      fmt(l.p50Ms, 2),
      fmt(l.meanMs, 2),
      fmt(l.maxMs, 2),
    ]),
  );
  const targetTable = table(
    ['target', 'measured', 'verdict'],
    r.targets.map((t) => [t.target, t.measured, verdict(t.met)]),
  );
  return [
    `Dataset: seed ${r.dataset.seed}, ${r.dataset.organizations} organization, ${fmt(r.dataset.resources)} resources ` +
      `(per level ${r.dataset.levelCounts.map((n) => fmt(n)).join(' / ')}), ${fmt(r.dataset.memberships)} memberships, ` +
      `${fmt(r.dataset.assignments)} role assignments. Timer overhead subtracted: ${fmt(r.timerOverheadNs, 1)} ns.`,
    '',
    loadTable,
    '',
    checkTable,
    '',
    listTable,
    '',
    targetTable,
  ].join('\n');
}
