// The verdict on issue 3's target in one command: a guarded route ≥ 0.95× the unguarded req/s,
// per framework and identity, judged the way BENCHMARKS.md says a verdict must be (since runs 23–26):
// the shared-core ratio (two twin servers on one core, loaded at the same moments, swapping routes
// every round) taken in several runs, each with fresh server processes, and the median over them.
//
//   pnpm -C bench verdict                                   # every framework and identity, 3 runs (~25 min)
//   pnpm -C bench verdict -- --frameworks koa --runs 5      # one framework, five runs
//
// The runs are interleaved: run 1 of every row, then run 2 of every row, …, so a slow spell of the
// host lands on different rows' runs rather than on all runs of one row. Custom-resolver rows also
// compare the open route with itself (the method's own bias, expected ≈ 1.00).
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { listOption, OptionError } from './cli.js';
import { FRAMEWORKS, type Framework, IDENTITY_LABEL, type Mode } from './guard-protocol.js';
import {
  DEFAULT_GUARD_OPTIONS,
  type GuardOptions,
  headersFor,
  pinToCpu,
  type RunningServer,
  type SharedRatio,
  sanityCheck,
  shareCore,
  startServer,
  stopServer,
} from './guards.js';
import { fmt, median, table, verdict } from './stats.js';

/** The target of issue 3: guarded req/s over unguarded req/s. */
export const TARGET = 0.95;

const CONTROLS = ['open', 'noop', 'manual'] as const;
type Control = (typeof CONTROLS)[number];
const CONTROL_LABEL: Readonly<Record<Control, string>> = {
  open: 'open vs open',
  noop: 'no-op middleware',
  manual: 'hand-written check',
};

/** The control routes a row compares besides the guarded one (see {@link VerdictRow.controls}). */
function controlsOf(framework: Framework, mode: VerdictMode): Control[] {
  if (mode !== 'custom') return [];
  return framework === 'koa' || framework.startsWith('express') ? [...CONTROLS] : ['open'];
}

const VERDICT_MODES = ['custom', 'jwt', 'jwt-membership'] as const satisfies readonly Mode[];
type VerdictMode = (typeof VERDICT_MODES)[number];

/** One row of the verdict: a framework and identity, measured in `runs.length` fresh server pairs. */
export interface VerdictRow {
  readonly framework: Framework;
  readonly mode: VerdictMode;
  /** Each run's shared-core comparison of the guarded route (in run order). */
  readonly runs: SharedRatio[];
  /**
   * Each run's controls, custom resolver only: the open route against itself (the method's own
   * bias) and, on Express and Koa, a middleware that only calls `next()` (the framework's cost of
   * one more middleware) and a hand-written check (the least any in-process check costs).
   */
  readonly controls: Record<Control, SharedRatio[]>;
}

function usage(): string {
  return `usage: pnpm -C bench verdict [-- options]
  --frameworks a,b   subset of ${FRAMEWORKS.join(',')} (default: all)
  --modes a,b        subset of ${VERDICT_MODES.join(',')} (default: all)
  --runs N           fresh server pairs per row, the verdict is their median (default 3; at least 3 to judge)
  --rounds N         shared-core rounds per run, an even number (default ${DEFAULT_GUARD_OPTIONS.rounds})
  --duration S       seconds per round (default ${DEFAULT_GUARD_OPTIONS.durationSeconds})
  --out FILE         JSON output (default bench/results/verdict.json)`;
}

function positive(raw: string | undefined, fallback: number, flag: string): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new OptionError(`${flag} ${raw}: expected a positive number`);
  return n;
}

/** Run one row once: a fresh pair of servers, checked, compared on one core, stopped. */
async function runOnce(
  framework: Framework,
  mode: VerdictMode,
  options: GuardOptions,
): Promise<{ guarded: SharedRatio; controls: [Control, SharedRatio][] }> {
  const controls = controlsOf(framework, mode);
  const pair: RunningServer[] = [];
  try {
    for (let i = 0; i < 2; i++) pair.push(await startServer(framework, mode, undefined, true));
    const [first, second] = pair as [RunningServer, RunningServer];
    for (const server of pair) {
      const base = `http://127.0.0.1:${server.port}`;
      await sanityCheck(base, headersFor(server, mode), mode, server.projectId, controls.includes('manual'));
    }
    const headersOf = (server: RunningServer): Record<string, string> => headersFor(server, mode);
    const guarded = await shareCore([first, second], 'guarded', headersOf, options);
    const measured: [Control, SharedRatio][] = [];
    for (const control of controls) {
      measured.push([control, await shareCore([first, second], control, headersOf, options)]);
    }
    return { guarded, controls: measured };
  } finally {
    for (const server of pair) await stopServer(server);
  }
}

/** The median of a row's guarded ratios over its runs: what the verdict is made on. */
function rowMedian(row: VerdictRow): number {
  return median(row.runs.map((r) => r.ratio));
}

/** Markdown tables of the rows: each run's ratio, their median and the verdict; then the controls. */
export function formatVerdict(rows: readonly VerdictRow[]): string {
  const runs = Math.max(0, ...rows.map((r) => r.runs.length));
  const runHeaders = Array.from({ length: runs }, (_, i) => `run ${i + 1}`);
  const cells = (ratios: readonly number[]): string[] => [
    ...runHeaders.map((_, i) => (ratios[i] === undefined ? '–' : `${fmt(ratios[i], 3)}×`)),
    `${fmt(median(ratios), 3)}×`,
  ];
  const verdicts = table(
    ['framework', 'identity', ...runHeaders, 'median', `≥ ${TARGET}×`],
    rows.map((row) => [
      row.framework,
      IDENTITY_LABEL[row.mode],
      ...cells(row.runs.map((r) => r.ratio)),
      verdict(rowMedian(row) >= TARGET),
    ]),
  );
  const controlRows = rows.flatMap((row) =>
    CONTROLS.flatMap((control) => {
      const measured = row.controls[control];
      if (measured.length === 0) return [];
      return [[row.framework, CONTROL_LABEL[control], ...cells(measured.map((r) => r.ratio))]];
    }),
  );
  const met = rows.filter((row) => rowMedian(row) >= TARGET).length;
  return (
    `${verdicts}\n\nTarget met in ${met} of ${rows.length} rows (median over ${runs} runs per row).` +
    (controlRows.length === 0
      ? ''
      : `\n\nControls (custom resolver; each route's req/s over the open route's, same method):\n\n${table(['framework', 'route', ...runHeaders, 'median'], controlRows)}`)
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((a) => a !== '--'),
    options: {
      frameworks: { type: 'string' },
      modes: { type: 'string' },
      runs: { type: 'string' },
      rounds: { type: 'string' },
      duration: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(usage());
    return;
  }
  const frameworks = listOption(values.frameworks, FRAMEWORKS, '--frameworks');
  const modes = listOption(values.modes, VERDICT_MODES, '--modes');
  const runs = positive(values.runs, 3, '--runs');
  const rounds = positive(values.rounds, DEFAULT_GUARD_OPTIONS.rounds, '--rounds');
  if (!Number.isInteger(runs)) throw new OptionError(`--runs ${runs}: expected a whole number`);
  // rounds come in pairs (the servers swap routes within a pair)
  if (!Number.isInteger(rounds) || rounds % 2 !== 0)
    throw new OptionError(`--rounds ${rounds}: expected an even number`);
  const options: GuardOptions = {
    ...DEFAULT_GUARD_OPTIONS,
    rounds,
    durationSeconds: positive(values.duration, DEFAULT_GUARD_OPTIONS.durationSeconds, '--duration'),
  };
  if (!pinToCpu(process.pid, 0)) {
    throw new OptionError(
      'cannot pin the load generator to CPU 0: the verdict needs two CPUs and taskset (util-linux)',
    );
  }
  const here = dirname(fileURLToPath(import.meta.url));
  const outFile = resolve(values.out ?? resolve(here, '../results/verdict.json'));
  console.log(
    `fgakit guard verdict: node ${process.version}, load average ${os.loadavg()[0]?.toFixed(2)}, ` +
      `${runs} runs × ${frameworks.length * modes.length} rows, ${rounds} rounds of ${options.durationSeconds} s each`,
  );
  const rows: VerdictRow[] = frameworks.flatMap((framework) =>
    modes.map((mode) => ({ framework, mode, runs: [], controls: { open: [], noop: [], manual: [] } })),
  );
  const started = Date.now();
  for (let run = 1; run <= runs; run++) {
    for (const row of rows) {
      const { guarded, controls } = await runOnce(row.framework, row.mode, options);
      row.runs.push(guarded);
      for (const [control, ratio] of controls) row.controls[control].push(ratio);
      console.log(
        `  · run ${run}, ${row.framework} / ${row.mode}: guarded ${fmt(guarded.ratio, 3)}× ` +
          `(pairs ${fmt(guarded.min, 3)}–${fmt(guarded.max, 3)})` +
          controls.map(([control, ratio]) => `, ${CONTROL_LABEL[control]} ${fmt(ratio.ratio, 3)}×`).join(''),
      );
    }
  }
  console.log(`\n${formatVerdict(rows)}\n\n(${((Date.now() - started) / 60_000).toFixed(1)} min)`);
  mkdirSync(dirname(outFile), { recursive: true });
  const machine = {
    date: new Date().toISOString(),
    node: process.version,
    loadAverageEnd: os.loadavg().map((l) => Math.round(l * 100) / 100),
    argv: process.argv.slice(2),
  };
  writeFileSync(outFile, `${JSON.stringify({ machine, target: TARGET, options, rows }, null, 2)}\n`);
  console.log(`wrote ${outFile}`);
}

try {
  await main();
} catch (err) {
  if (!(err instanceof OptionError)) throw err;
  console.error(`verdict: ${err.message}\n\n${usage()}`);
  process.exitCode = 2;
}
