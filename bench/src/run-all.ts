// Runs the benchmarks, prints Markdown tables and writes bench/results/latest.json.
//
//   pnpm -C bench start                      # everything (engine, then guards)
//   pnpm -C bench start -- --only engine     # one part: engine | guards
//   pnpm -C bench start -- --quick           # small dataset, short runs (smoke test, not for BENCHMARKS.md)
import { execSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_DATASET } from './dataset.js';
import {
  DEFAULT_ENGINE_OPTIONS,
  type EngineOptions,
  type EngineResult,
  formatEngine,
  runEngine,
} from './engine.js';
import type { GuardOptions, GuardResult } from './guards.js';

const PARTS = ['engine', 'guards'] as const;
type Part = (typeof PARTS)[number];

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    only: { type: 'string', multiple: true },
    quick: { type: 'boolean', default: false },
    out: { type: 'string' },
    duration: { type: 'string' },
    rounds: { type: 'string' },
    frameworks: { type: 'string' },
    'cpu-prof': { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log(`usage: pnpm -C bench start [-- options]
  --only engine|guards   run one part (repeatable); default: both
  --quick                small dataset and short runs (smoke test)
  --duration S           guard benchmark: seconds per measured run (default 2)
  --rounds N             guard benchmark: measured runs per route, order alternating (default 8)
  --frameworks a,b       guard benchmark: subset of express5,express4,koa,nest-express,nest-fastify
  --cpu-prof DIR         guard benchmark: run each server with --cpu-prof into DIR (slows it down)
  --out FILE             JSON output (default bench/results/latest.json)`);
  process.exit(0);
}

const parts: Part[] =
  values.only === undefined ? [...PARTS] : values.only.flatMap((s) => s.split(',')).map(toPart);
function toPart(s: string): Part {
  if ((PARTS as readonly string[]).includes(s)) return s as Part;
  throw new Error(`--only ${s}: expected one of ${PARTS.join(', ')}`);
}

const here = dirname(fileURLToPath(import.meta.url));
const outFile = resolve(values.out ?? resolve(here, '../results/latest.json'));

function machine(): Record<string, unknown> {
  const cpus = os.cpus();
  let gitRevision: string | null = null;
  try {
    gitRevision = execSync('git rev-parse --short HEAD', { cwd: here, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    gitRevision = null;
  }
  return {
    date: new Date().toISOString(),
    node: process.version,
    v8: process.versions.v8,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    cpu: cpus[0]?.model ?? 'unknown',
    nproc: os.availableParallelism(),
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
    gitRevision,
    exposeGc: typeof globalThis.gc === 'function',
    argv: process.argv.slice(2),
  };
}

const log = (line: string): void => console.log(`  · ${line}`);
const results: { machine: Record<string, unknown>; engine?: EngineResult; guards?: GuardResult } = {
  machine: machine(),
};
console.log(
  `fgakit benchmarks — node ${process.version}, ${os.availableParallelism()} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, ` +
    `load average ${os.loadavg()[0]?.toFixed(2)}`,
);
if (typeof globalThis.gc !== 'function')
  console.log('  (no --expose-gc: heap per entity will not be measured)');

if (parts.includes('engine')) {
  const options: EngineOptions = values.quick
    ? {
        ...DEFAULT_ENGINE_OPTIONS,
        dataset: {
          ...DEFAULT_DATASET,
          resources: 20_000,
          memberships: 2_000,
          assignments: 6_000,
          probes: 64,
        },
        samples: 20_000,
        warmup: 5_000,
        batch: 5_000,
        listCalls: 10,
      }
    : DEFAULT_ENGINE_OPTIONS;
  console.log('\n## Engine');
  const t0 = Date.now();
  results.engine = await runEngine(options, log);
  console.log(
    `\n${formatEngine(results.engine)}\n\n(engine part: ${((Date.now() - t0) / 1000).toFixed(0)} s)`,
  );
}

if (parts.includes('guards')) {
  const { DEFAULT_GUARD_OPTIONS, formatGuards, runGuards } = await import('./guards.js');
  const frameworks = values.frameworks?.split(',').map((s) => s.trim());
  const options: GuardOptions = {
    ...DEFAULT_GUARD_OPTIONS,
    ...(values.quick ? { durationSeconds: 1, warmupSeconds: 1, rounds: 1, timingRounds: 1 } : {}),
    ...(values.duration === undefined ? {} : { durationSeconds: Number(values.duration) }),
    ...(values.rounds === undefined ? {} : { rounds: Number(values.rounds) }),
    ...(frameworks === undefined ? {} : { frameworks }),
    ...(values['cpu-prof'] === undefined ? {} : { cpuProfDir: resolve(values['cpu-prof']) }),
  };
  console.log('\n## Guards');
  const t0 = Date.now();
  results.guards = await runGuards(options, log);
  console.log(
    `\n${formatGuards(results.guards)}\n\n(guard part: ${((Date.now() - t0) / 1000).toFixed(0)} s)`,
  );
}

results.machine.loadAverageEnd = os.loadavg().map((l) => Math.round(l * 100) / 100);
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nwrote ${outFile}`);
