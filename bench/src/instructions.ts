// Guard cost in instructions: each benchmark server (guard-server.ts, the very server the req/s runs
// load) runs under valgrind's callgrind, which counts the instructions the process executes instead
// of timing it. A count does not depend on what else the host is doing, where the req/s ratio moves
// by several percent between runs of the same code (BENCHMARKS.md, *Results, runs 23–26*); and it
// says where the guard's instructions go, per function.
//
//   pnpm -C bench instructions                                   # every framework and identity mode
//   pnpm -C bench instructions -- --frameworks koa --modes custom --explain 20
//
// Per server: three warm-up passes over its routes, then `--rounds` rounds of `--requests` requests
// per route, one route after the other (autocannon, one connection: one request at a time). Around
// each route's requests, callgrind's counters are zeroed and dumped (`callgrind_control`), so a dump
// holds those requests and nothing else the server did. A route's figure is the median of its
// rounds' instructions per request, a ratio the median of the rounds' ratios. Instructions are not
// time (a cache miss costs more than an add), so this explains and compares costs; the target is
// judged on req/s (guards.ts).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { listOption } from './cli.js';
import {
  FRAMEWORKS,
  type Framework,
  IDENTITY_LABEL,
  type Mode,
  type ServerMessage,
} from './guard-protocol.js';
import { median, table } from './stats.js';

const here = dirname(fileURLToPath(import.meta.url));

/** The identity modes measured here (`bare` has no guarded route). */
const MEASURED_MODES = ['custom', 'jwt', 'jwt-membership'] as const satisfies readonly Mode[];
type MeasuredMode = (typeof MEASURED_MODES)[number];

/** Routes per mode: custom-mode Express and Koa servers also have the no-op and hand-written routes. */
function routesOf(framework: Framework, mode: MeasuredMode): string[] {
  const controls = mode === 'custom' && !framework.startsWith('nest') ? ['noop', 'manual'] : [];
  return ['open', ...controls, 'guarded'];
}

interface Options {
  readonly frameworks: readonly Framework[];
  readonly modes: readonly MeasuredMode[];
  readonly requests: number;
  readonly rounds: number;
  readonly warmupRequests: number;
  /** How many of the functions the guard adds instructions to are listed per server (0: none). */
  readonly explain: number;
  readonly parallel: number;
}

/** One route's instructions per request, per round. */
interface RouteCount {
  readonly route: string;
  readonly perRound: readonly number[];
  /** Median of {@link perRound}. */
  readonly perRequest: number;
  /**
   * open / this route, the median over rounds of each round's ratio (a round runs every route once,
   * one after the other, so a drift of the whole server moves both sides of a round's ratio).
   */
  readonly ratio: number;
}

/** A function whose instructions per request differ between the open and the guarded route. */
interface FunctionDelta {
  readonly name: string;
  readonly open: number;
  readonly guarded: number;
}

interface ServerCount {
  readonly framework: Framework;
  readonly mode: MeasuredMode;
  readonly routes: readonly RouteCount[];
  /** Where the guarded route's extra instructions go (the median rounds of each), largest first. */
  readonly added: readonly FunctionDelta[];
}

interface Started {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly port: number;
  readonly headers: Record<string, string>;
  readonly projectId: string;
  readonly dir: string;
}

function parseOptions(): Options {
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((a) => a !== '--'),
    options: {
      frameworks: { type: 'string' },
      modes: { type: 'string' },
      requests: { type: 'string', default: '2000' },
      rounds: { type: 'string', default: '5' },
      warmup: { type: 'string', default: '2500' },
      explain: { type: 'string', default: '12' },
      parallel: { type: 'string', default: String(Math.max(1, Math.min(2, os.cpus().length))) },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(`usage: pnpm -C bench instructions [-- options]
  --frameworks a,b   subset of ${FRAMEWORKS.join(',')} (default: all)
  --modes a,b        subset of ${MEASURED_MODES.join(',')} (default: all)
  --requests N       requests per route per round (default 2000)
  --rounds N         measured rounds per route; medians are reported (default 5)
  --warmup N         requests per route in each of the three warm-up passes (default 2500)
  --explain N        list the N functions the guard adds most instructions to (default 12; 0: none)
  --parallel N       servers measured at once (default 2; counts do not depend on it)
  --out FILE         JSON output (default bench/results/instructions.json)`);
    process.exit(0);
  }
  const count = (raw: string, flag: string): number => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} ${raw}: expected a whole number`);
    return n;
  };
  outFile = resolve(values.out ?? resolve(here, '../results/instructions.json'));
  return {
    frameworks: listOption(values.frameworks, FRAMEWORKS, '--frameworks'),
    modes: listOption(values.modes, MEASURED_MODES, '--modes'),
    requests: Math.max(1, count(values.requests, '--requests')),
    rounds: Math.max(1, count(values.rounds, '--rounds')),
    warmupRequests: count(values.warmup, '--warmup'),
    explain: count(values.explain, '--explain'),
    parallel: Math.max(1, count(values.parallel, '--parallel')),
  };
}

let outFile = '';

/** Fails at once, naming the fix, when valgrind's callgrind tools are missing. */
function requireValgrind(): void {
  for (const tool of ['valgrind', 'callgrind_control', 'callgrind_annotate']) {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    } catch {
      throw new Error(`${tool} not found: install valgrind (Debian: apt-get install valgrind)`);
    }
  }
}

/** guard-server.ts under callgrind; resolves once it listens (it answers over IPC, as for guards.ts). */
function start(framework: Framework, mode: MeasuredMode): Promise<Started> {
  const dir = mkdtempSync(join(os.tmpdir(), `fgakit-instructions-${framework}-${mode}-`));
  const child = spawn(
    'valgrind',
    [
      '--tool=callgrind',
      // V8 writes and rewrites machine code: valgrind must notice code changed on the heap
      '--smc-check=all-non-file',
      // a dump per thread: only the main thread's is counted (V8's compiler threads still optimize
      // now and then long after warm-up, adding thousands of instructions to a round at random)
      '--separate-threads=yes',
      `--callgrind-out-file=${join(dir, 'callgrind.out')}`,
      process.execPath,
      // JIT code addresses → function names (/tmp/perf-<pid>.map), for --explain
      '--perf-basic-prof',
      // the whole of every GC on the main thread: with helper threads, how a scavenge's work splits
      // between them and the counted main thread varies, and a route's count moved by ~5 % between
      // rounds (Koa, bearer token: open 108–116 k); on one thread its rounds agree within ~0.3 %
      '--single-threaded-gc',
      '--import',
      import.meta.resolve('tsx'),
      resolve(here, 'guard-server.ts'),
      framework,
      mode,
    ],
    { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${framework}/${mode}: server did not start under valgrind within 5 min`));
    }, 300_000);
    child.once('message', (message: ServerMessage) => {
      clearTimeout(timer);
      if (message.type === 'error') return reject(new Error(`${framework}/${mode}: ${message.message}`));
      if (message.type !== 'ready' || child.pid === undefined) return reject(new Error('unexpected message'));
      const token = mode === 'jwt-membership' ? message.tokenWithMembership : message.token;
      // every route gets the same headers, so the open route reads (and the parser parses) as much
      const headers = { 'x-membership-id': message.membershipId, authorization: `Bearer ${token}` };
      resolvePromise({
        child,
        pid: child.pid,
        port: message.port,
        headers,
        projectId: message.projectId,
        dir,
      });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${framework}/${mode}: valgrind exited with ${code}\n${stderr}`));
    });
  });
}

function stop(server: Started): Promise<void> {
  return new Promise((resolvePromise) => {
    if (server.child.exitCode !== null || server.child.signalCode !== null) return resolvePromise();
    server.child.removeAllListeners('exit');
    const timer = setTimeout(() => server.child.kill('SIGKILL'), 10_000);
    server.child.once('exit', () => {
      clearTimeout(timer);
      resolvePromise();
    });
    server.child.kill('SIGTERM');
  });
}

async function hit(server: Started, route: string, requests: number): Promise<void> {
  const result = await autocannon({
    url: `http://127.0.0.1:${server.port}/${route}/projects/${server.projectId}`,
    headers: server.headers,
    amount: requests,
    // one request at a time: with several in flight, how many a loop turn finds (and so what the
    // event loop's own work costs each) depends on timing, and the counts would too
    connections: 1,
  });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${route}: ${result.non2xx} non-2xx responses, ${result.errors} errors`);
  }
}

function callgrindControl(server: Started, ...args: string[]): void {
  execFileSync('callgrind_control', [...args, String(server.pid)], { stdio: 'ignore' });
}

/** The main thread's dump files written so far, oldest first (`callgrind.out.1-01`, `.2-01`, …). */
function dumps(server: Started): string[] {
  const numbered = readdirSync(server.dir).flatMap((name) => {
    const match = /^callgrind\.out\.(\d+)-01$/.exec(name);
    return match === null ? [] : [[Number(match[1]), name] as const];
  });
  return numbered.sort((a, b) => a[0] - b[0]).map(([, name]) => join(server.dir, name));
}

/** A dump's total instruction count (its `totals:` line). */
function totalOf(file: string): number {
  const match = /^totals:\s+(\d+)/m.exec(readFileSync(file, 'utf8'));
  if (match === null) throw new Error(`${file}: no totals line`);
  return Number(match[1]);
}

/** Count `requests` requests of `route` alone: zero the counters, load, dump. Returns the dump. */
async function measure(server: Started, route: string, requests: number): Promise<string> {
  const before = dumps(server).length;
  callgrindControl(server, '-z');
  await hit(server, route, requests);
  callgrindControl(server, '-d');
  for (let waited = 0; dumps(server).length === before; waited += 50) {
    if (waited > 30_000) throw new Error(`${route}: callgrind wrote no dump`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return dumps(server).at(-1) as string;
}

/** The dump of the round whose count is the median one (the upper middle one for an even count). */
function medianDump(files: readonly string[], counts: readonly number[]): string {
  const order = counts.map((count, i) => [count, i] as const).sort((a, b) => a[0] - b[0]);
  return files[(order[order.length >> 1] as readonly [number, number])[1]] as string;
}

/** JIT code ranges from V8's perf map: start, size, name. */
type CodeMap = { readonly starts: number[]; readonly entries: (readonly [number, number, string])[] };

function readCodeMap(file: string): CodeMap {
  const entries: (readonly [number, number, string])[] = [];
  if (existsSync(file)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const [start, size, ...name] = line.split(' ');
      if (start !== undefined && size !== undefined && name.length > 0) {
        entries.push([Number.parseInt(start, 16), Number.parseInt(size, 16), name.join(' ')]);
      }
    }
  }
  // the later entry wins for a reused address: sort keeps file order among equal starts
  entries.sort((a, b) => a[0] - b[0]);
  return { starts: entries.map((e) => e[0]), entries };
}

/** A JIT code address's function name from the perf map, else the address as callgrind wrote it. */
function nameOf(map: CodeMap, raw: string): string {
  const address = /^\?\?\?:0x([0-9a-f]+)/.exec(raw);
  if (address === null) return raw.replace(/^\?\?\?:/, '');
  const at = Number.parseInt(address[1] as string, 16);
  let lo = 0;
  let hi = map.starts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((map.starts[mid] as number) <= at) lo = mid + 1;
    else hi = mid - 1;
  }
  for (let i = hi; i >= 0 && i > hi - 64; i--) {
    const [start, size, name] = map.entries[i] as readonly [number, number, string];
    if (start <= at && at < start + size) return name;
  }
  return raw;
}

/** Self instructions per function in a dump (callgrind_annotate), JIT names resolved. */
function selfCosts(file: string, map: CodeMap): Map<string, number> {
  const text = execFileSync('callgrind_annotate', ['--threshold=100', '--inclusive=no', file], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const costs = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^\s*([\d,]+)\s+\([^)]*\)\s+(.+?)(?:\s+\[[^\]]*\])?$/.exec(line);
    if (match === null) continue;
    const raw = (match[2] as string).replace(/'\d+$/, ''); // recursion depth suffix
    if (raw === 'PROGRAM TOTALS') continue;
    // 'JS:*checkNow file:///…/packages/core/dist/index.js:4621:11' → 'checkNow @fgakit/core/dist/index.js:4621:11'
    const name = nameOf(map, raw)
      .replace(/^JS:[*~^+-]?/, '')
      .replace(/(?:file:\/\/)?\/\S*\/node_modules\/\.pnpm\/[^/\s]+\/node_modules\//, '')
      .replace(/(?:file:\/\/)?\/\S*\/packages\//, '@fgakit/');
    costs.set(name, (costs.get(name) ?? 0) + Number((match[1] as string).replace(/,/g, '')));
  }
  return costs;
}

function explain(openFile: string, guardedFile: string, codeMap: CodeMap, requests: number, top: number) {
  const open = selfCosts(openFile, codeMap);
  const guarded = selfCosts(guardedFile, codeMap);
  const deltas: FunctionDelta[] = [];
  for (const name of new Set([...open.keys(), ...guarded.keys()])) {
    deltas.push({
      name,
      open: (open.get(name) ?? 0) / requests,
      guarded: (guarded.get(name) ?? 0) / requests,
    });
  }
  // callgrind charges the frames it cannot see return (JIT code) to their callers up to main: drop
  // those roots, which hold most of the total
  const total = [...guarded.values()].reduce((a, b) => Math.max(a, b), 0);
  return deltas
    .filter((d) => d.guarded * requests < total / 2)
    .sort((a, b) => b.guarded - b.open - (a.guarded - a.open))
    .slice(0, top);
}

async function countServer(framework: Framework, mode: MeasuredMode, options: Options): Promise<ServerCount> {
  const server = await start(framework, mode);
  try {
    const routes = routesOf(framework, mode);
    for (let pass = 0; pass < 3; pass++) {
      for (const route of routes) await hit(server, route, options.warmupRequests);
    }
    const files = new Map<string, string[]>(routes.map((r) => [r, []]));
    const counts = new Map<string, number[]>(routes.map((r) => [r, []]));
    for (let round = 0; round < options.rounds; round++) {
      for (const route of routes) {
        const file = await measure(server, route, options.requests);
        files.get(route)?.push(file);
        counts.get(route)?.push(totalOf(file) / options.requests);
      }
    }
    const open = counts.get('open') ?? [];
    const result: RouteCount[] = routes.map((route) => {
      const perRound = counts.get(route) ?? [];
      const ratios = perRound.map((count, i) => (open[i] ?? Number.NaN) / count);
      return { route, perRound, perRequest: median(perRound), ratio: median(ratios) };
    });
    let added: FunctionDelta[] = [];
    if (options.explain > 0) {
      const codeMap = readCodeMap(join(os.tmpdir(), `perf-${server.pid}.map`));
      const pick = (route: string) => medianDump(files.get(route) ?? [], counts.get(route) ?? []);
      added = explain(pick('open'), pick('guarded'), codeMap, options.requests, options.explain);
    }
    return { framework, mode, routes: result, added };
  } finally {
    await stop(server);
    const perfMap = join(os.tmpdir(), `perf-${server.pid}.map`);
    if (existsSync(perfMap)) renameSync(perfMap, join(server.dir, 'perf.map'));
    rmSync(server.dir, { recursive: true, force: true });
  }
}

function routeOf(server: ServerCount, route: string): RouteCount | undefined {
  return server.routes.find((r) => r.route === route);
}

function format(results: readonly ServerCount[], options: Options): string {
  const thousands = (n: number | undefined): string =>
    n === undefined ? '–' : Math.round(n).toLocaleString('en-US');
  const ratioCell = (route: RouteCount | undefined): string => {
    if (route === undefined) return '–';
    return `${route.ratio.toFixed(3)}×`;
  };
  const rows = results.map((s) => {
    const open = routeOf(s, 'open')?.perRequest;
    const guarded = routeOf(s, 'guarded')?.perRequest;
    const spread = s.routes.map((r) => {
      const lo = Math.min(...r.perRound);
      return `${r.route} ${(((Math.max(...r.perRound) - lo) / lo) * 100).toFixed(1)} %`;
    });
    return [
      s.framework,
      IDENTITY_LABEL[s.mode],
      thousands(open),
      thousands(guarded),
      open === undefined || guarded === undefined ? '–' : thousands(guarded - open),
      ratioCell(routeOf(s, 'noop')),
      ratioCell(routeOf(s, 'manual')),
      ratioCell(routeOf(s, 'guarded')),
      spread.join(', '),
    ];
  });
  const lines = [
    `Instructions per request in the server's main thread (valgrind callgrind), median of ${options.rounds} rounds of ${options.requests} requests per route after ${3 * options.warmupRequests} warm-up requests per route. A ratio is open / route, the median over rounds of each round's ratio: the req/s ratio a server limited by instructions alone would get.`,
    '',
    table(
      [
        'framework',
        'identity',
        'open instr/req',
        'guarded instr/req',
        'guard adds',
        'no-op middleware',
        'hand-written check',
        'guarded',
        'spread of the rounds (max − min) / min',
      ],
      rows,
    ),
  ];
  for (const s of results) {
    if (s.added.length === 0) continue;
    lines.push(
      '',
      `${s.framework}, ${IDENTITY_LABEL[s.mode]}: where the guarded route's extra instructions go (self instructions per request, open → guarded)`,
      '',
      table(
        ['function', 'open', 'guarded', 'added'],
        s.added.map((d) => [
          d.name.slice(0, 110),
          thousands(d.open),
          thousands(d.guarded),
          thousands(d.guarded - d.open),
        ]),
      ),
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const options = parseOptions();
  requireValgrind();
  const jobs = options.frameworks.flatMap((framework) => options.modes.map((mode) => ({ framework, mode })));
  const results: ServerCount[] = new Array(jobs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const index = next++;
      const { framework, mode } = jobs[index] as (typeof jobs)[number];
      const began = Date.now();
      results[index] = await countServer(framework, mode, options);
      console.error(`${framework}/${mode}: ${Math.round((Date.now() - began) / 1000)} s`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.parallel, jobs.length) }, worker));
  console.log(format(results, options));
  writeFileSync(outFile, `${JSON.stringify({ options, node: process.version, results }, null, 2)}\n`);
  console.log(`\nwrote ${outFile}`);
}

try {
  await main();
} catch (error) {
  // a bad option or a missing tool: the message names the fix, no stack trace
  console.error(`instructions: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
