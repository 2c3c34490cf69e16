// Guard overhead: the same route unguarded and guarded by requirePermission('project', 'project:view'),
// per framework, with autocannon. Each server runs in its own child process (guard-server.ts) so the
// load generator (this process) and the server each get a core; both routes of a server are measured
// in the same run, alternating their order round by round, so the ratio compares like with like.
// Before the HTTP runs, an in-process breakdown times token verification, the engine check and
// core's whole `authorize()` so the HTTP ratios can be explained.
import { type ChildProcess, execFileSync, fork } from 'node:child_process';
import os from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type AuthzRequest,
  bearerToken,
  createFgaRuntime,
  createTokenVerifier,
  RequestView,
  requestView,
} from '@fgakit/core/http';
import autocannon from 'autocannon';
import { createGuardFixture, headerIdentity, MEMBERSHIP_HEADER } from './fixture.js';
import {
  FRAMEWORKS,
  type Framework,
  IDENTITY_LABEL,
  type Mode,
  type ServerMessage,
  type ServerRequest,
  type TimedTotals,
} from './guard-protocol.js';
import { fmt, median, table, verdict } from './stats.js';

export interface GuardOptions {
  readonly frameworks: readonly string[];
  /** Seconds per measured autocannon run. */
  readonly durationSeconds: number;
  /** Seconds of untimed load on each route before the first round. */
  readonly warmupSeconds: number;
  /** Measured rounds per route; the route order alternates between rounds. */
  readonly rounds: number;
  readonly connections: number;
  /** Also measure Nest with no FgaModule at all (the @Public() baseline's own cost). */
  readonly nestBare: boolean;
  /** When set, each server child runs with `--cpu-prof` writing its profile into this directory. */
  readonly cpuProfDir?: string | undefined;
  /** Rounds of the in-place timing runs (Express and Koa), after the paired rounds; 0 skips them. */
  readonly timingRounds: number;
}

export const DEFAULT_GUARD_OPTIONS: GuardOptions = {
  frameworks: [...FRAMEWORKS],
  durationSeconds: 2,
  warmupSeconds: 1,
  rounds: 8,
  connections: 10,
  nestBare: true,
  timingRounds: 4,
};

export interface RouteStats {
  /** Mean req/s over the measured rounds. */
  readonly rps: number;
  readonly perRoundRps: readonly number[];
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
  readonly requests: number;
  readonly non2xx: number;
  readonly errors: number;
  /** The server process's own CPU time (user + system) per request, µs: mean of the rounds. */
  readonly serverCpuUsPerRequest: number;
  /** The system (kernel) part of {@link serverCpuUsPerRequest}: mostly the socket writes. */
  readonly serverSysUsPerRequest: number;
}

export interface GuardCase {
  readonly framework: Framework;
  readonly mode: Mode;
  readonly unguarded: RouteStats;
  readonly guarded: RouteStats | null;
  /** The route behind a middleware that only calls next() (Express and Koa, custom mode). */
  readonly noop: RouteStats | null;
  /**
   * The route behind a middleware that busy-waits {@link BUSY_US} µs and calls next() (Express and
   * Koa, custom mode): a known amount of CPU, which calibrates what a µs of server CPU costs the ratio
   * on this host in this run.
   */
  readonly busy: RouteStats | null;
  /**
   * The route behind a hand-written check (header → `authorizer.checkSync` → 403 or next()), the
   * least any in-process authorization check does (Express and Koa, custom mode).
   */
  readonly manual: RouteStats | null;
  /** guarded / unguarded req/s: the median of the per-round ratios (same server, adjacent runs). */
  readonly ratio: number | null;
  /** no-op middleware / unguarded req/s, the same way: what any one more middleware costs. */
  readonly noopRatio: number | null;
  /** busy-wait middleware / unguarded req/s, the same way. */
  readonly busyRatio: number | null;
  /** Server CPU µs per request the busy-wait middleware adds, as {@link addedServerCpuUs}. */
  readonly busyAddedServerCpuUs: number | null;
  /** hand-written check / unguarded req/s, the same way: the floor for any guard. */
  readonly manualRatio: number | null;
  /** Server CPU µs per request the hand-written check adds, as {@link addedServerCpuUs}. */
  readonly manualAddedServerCpuUs: number | null;
  /** Server CPU µs per request the guard adds (guarded − unguarded), median of the per-round differences. */
  readonly addedServerCpuUs: number | null;
  /** The system (kernel) part of {@link addedServerCpuUs}, the same way. */
  readonly addedServerSysUs: number | null;
  /** Server time the guard adds per request, µs: 1e6 / guarded − 1e6 / unguarded (the server is the bottleneck). */
  readonly addedUsPerRequest: number | null;
  /**
   * µs per request spent inside the guard middleware itself, timed in place in the server under the
   * same load (Express and Koa): median over rounds of each round's mean. Far less noisy than the
   * CPU difference, but blind to what the guard costs elsewhere (garbage collection, caches).
   */
  readonly inSituGuardUs: number | null;
  /** The same for the hand-written check (custom mode). */
  readonly inSituManualUs: number | null;
  /**
   * The interleaved runs (every framework): each autocannon connection alternates the unguarded and
   * the guarded route, so both meet the same host at the same moments, and the server records each
   * request's time from its `'request'` event to the response's `'finish'`. µs per request, median
   * over rounds of each round's mean: unguarded, guarded, and guarded − unguarded.
   */
  readonly interleaved: Interleaved | null;
  /**
   * The req/s ratio a server that is the bottleneck would get from the interleaved difference:
   * unguarded server CPU per request / (that + the interleaved `addedUs`). The estimate the host's
   * noise moves least: the difference comes from one run where both routes shared every moment, and
   * an error of x % in the unguarded CPU moves the estimate by only x % of its distance to 1.
   */
  readonly interleavedRatio: number | null;
  /**
   * The shared-core runs: two identical servers on the same CPU, loaded at once, one on the open route
   * and one on the route compared with it (see {@link shareCore}). Null when not measured.
   */
  readonly sharedCore: SharedCore | null;
}

/** A route's req/s over the open route's, both served at once by two servers sharing one core. */
export interface SharedRatio {
  /**
   * Median over pairs of rounds of the geometric mean of the pair's two ratios (the route's requests
   * / the open route's requests in a round). The servers swap routes between the two rounds of a
   * pair, so a difference between the two processes (one warmer than the other) cancels in each pair.
   */
  readonly ratio: number;
  /** The smallest and largest pair ratio. */
  readonly min: number;
  readonly max: number;
  /** Every round's ratio, in order (even rounds: the first server on the route). */
  readonly perRound: readonly number[];
  /** The route's mean req/s in these runs (about half what one server alone serves). */
  readonly rps: number;
  /**
   * The same ratio per CPU second, taken over pairs of rounds the same way: per round (the route's
   * requests / its server's CPU time) / (the open route's requests / its server's CPU time). Immune to the two servers getting
   * unequal shares of the core in a round; blind to whatever the host charges outside the processes.
   */
  readonly perCpuRatio: number;
  /** The smallest and largest pair {@link perCpuRatio}. */
  readonly perCpuMin: number;
  readonly perCpuMax: number;
}

/** Per pair of rounds (0–1, 2–3, …) the geometric mean of the two rounds' values. */
function pairMeans(values: readonly number[]): number[] {
  const pairs: number[] = [];
  for (let i = 0; i + 1 < values.length; i += 2) {
    pairs.push(Math.sqrt((values[i] as number) * (values[i + 1] as number)));
  }
  return pairs.length === 0 ? [...values] : pairs;
}

/** What the shared-core runs found, per compared route. */
export interface SharedCore {
  readonly guarded: SharedRatio;
  /** The open route against itself: the method's own bias and spread (custom mode). */
  readonly open: SharedRatio | null;
  /** The no-op middleware route (Express and Koa, custom mode). */
  readonly noop: SharedRatio | null;
  /** The hand-written check (Express and Koa, custom mode). */
  readonly manual: SharedRatio | null;
}

export interface Breakdown {
  readonly name: string;
  readonly calls: number;
  readonly meanUs: number;
}

export interface GuardResult {
  readonly options: GuardOptions;
  readonly breakdown: readonly Breakdown[];
  readonly cases: readonly GuardCase[];
}

const here = dirname(fileURLToPath(import.meta.url));

/** µs the busy route's middleware spins (guard-server.ts `BUSY_NS`). */
export const BUSY_US = 2;

/** Mean µs per call of `fn` run `calls` times in sequence (after `calls / 10` untimed). */
async function timeCalls(calls: number, fn: (i: number) => unknown): Promise<number> {
  for (let i = 0; i < Math.ceil(calls / 10); i++) await fn(i);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) await fn(i);
  return Number(process.hrtime.bigint() - t0) / 1e3 / calls;
}

/** In-process cost of each part of a guarded request (no HTTP, no framework). */
async function breakdown(): Promise<Breakdown[]> {
  const fixture = await createGuardFixture();
  const verifier = createTokenVerifier(fixture.issuer.verifierOptions());
  const first = await verifier.verify(fixture.token);
  if (!first.ok) throw new Error(`the benchmark token does not verify: ${first.error.message}`);
  const query = {
    membershipId: fixture.membershipId,
    permission: 'project:view',
    resource: { type: 'project', externalId: fixture.projectId },
  };
  if (!fixture.authorizer.checkSync(query).allowed)
    throw new Error('the benchmark membership is not allowed');

  // what an adapter hands core: one RequestView per request, over a new native object each time
  class BenchView extends RequestView<{ readonly headers: Record<string, string> }> {
    readonly method = 'GET';
    readonly path = `/guarded/projects/${fixture.projectId}`;
    header(name: string): string | undefined {
      return this.native.headers[name.toLowerCase()];
    }
    param(name: string): string | undefined {
      return name === 'projectId' ? fixture.projectId : undefined;
    }
    query(): undefined {
      return undefined;
    }
    body(): undefined {
      return undefined;
    }
  }
  const request = (headers: Record<string, string>): AuthzRequest =>
    requestView({ headers }, (native) => new BenchView(native));
  const custom = createFgaRuntime({ authorizer: fixture.authorizer, identity: headerIdentity });
  const jwt = createFgaRuntime({ authorizer: fixture.authorizer, identity: bearerToken(verifier) });
  const customReq = custom.requirePermission('project', 'project:view');
  const jwtReq = jwt.requirePermission('project', 'project:view');
  const customHeaders = { [MEMBERSHIP_HEADER]: fixture.membershipId };
  const jwtHeaders = { authorization: `Bearer ${fixture.token}` };
  for (const [runtime, req, headers] of [
    [custom, customReq, customHeaders],
    [jwt, jwtReq, jwtHeaders],
  ] as const) {
    const outcome = await runtime.authorize(request(headers), req);
    if (!outcome.ok)
      throw new Error(`authorize() denied the benchmark request: ${JSON.stringify(outcome.response)}`);
  }

  const rows: Breakdown[] = [];
  const add = async (name: string, calls: number, fn: (i: number) => unknown): Promise<void> => {
    rows.push({ name, calls, meanUs: await timeCalls(calls, fn) });
  };
  await add('engine checkSync (type + external id, depth 2)', 200_000, () =>
    fixture.authorizer.checkSync(query),
  );
  await add('engine await check (type + external id, depth 2)', 200_000, () =>
    fixture.authorizer.check(query),
  );
  await add('RS256 token verification (createTokenVerifier, public key)', 3_000, () =>
    verifier.verify(fixture.token),
  );
  await add('core authorize(), custom identity (header → membership id)', 50_000, () =>
    custom.authorize(request(customHeaders), customReq),
  );
  await add('core authorize(), bearer token (verify + membership lookup + check)', 3_000, () =>
    jwt.authorize(request(jwtHeaders), jwtReq),
  );
  return rows;
}

/** A benchmark server child (`guard-server.ts`) that has said it is ready. */
export interface RunningServer {
  readonly child: ChildProcess;
  readonly port: number;
  readonly token: string;
  readonly tokenWithMembership: string;
  readonly membershipId: string;
  readonly projectId: string;
}

/**
 * Fork one benchmark server (`guard-server.ts`) for `framework` and `mode`, pinned to CPU 1 when
 * `pin` is set, and resolve once it listens.
 */
export function startServer(
  framework: Framework,
  mode: Mode,
  cpuProfDir: string | undefined,
  pin: boolean,
): Promise<RunningServer> {
  const profile = cpuProfDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`];
  const child = fork(resolve(here, 'guard-server.ts'), [framework, mode], {
    execArgv: ['--import', import.meta.resolve('tsx'), ...profile],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${framework}/${mode}: server did not start within 60 s`));
    }, 60_000);
    child.once('message', (message: ServerMessage) => {
      clearTimeout(timer);
      if (message.type === 'ready') {
        // a server left on the load generator's CPU would measure the two sharing one core
        if (pin && (child.pid === undefined || !pinToCpu(child.pid, 1))) {
          child.kill('SIGKILL');
          reject(
            new Error(`${framework}/${mode}: could not pin the server to CPU 1 (taskset -a -pc 1 <pid>)`),
          );
        } else resolvePromise({ child, ...message });
      } else if (message.type === 'error') reject(new Error(`${framework}/${mode}: ${message.message}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${framework}/${mode}: server exited with ${code}`));
    });
  });
}

/**
 * Pin a process, every thread of it, to one CPU with taskset (Linux), so the server and the load
 * generator (this process) never share a core. Returns false when it cannot (no taskset, a single
 * CPU).
 *
 * Runs 5–15 called this with `taskset -pc` (the main thread only) and checked
 * `os.availableParallelism()`, which is this process's own affinity: once the load generator had
 * pinned itself to CPU 0 it reported 1, so no server was ever pinned, and each ran on CPU 0 beside
 * autocannon (it inherits the forking thread's mask) while CPU 1 idled. Hence the CPU count of the
 * machine, and `-a` for the threads (V8's and libuv's) that exist before the call.
 */
export function pinToCpu(pid: number, cpu: number): boolean {
  if (os.cpus().length < 2) return false;
  try {
    execFileSync('taskset', ['-a', '-pc', String(cpu), String(pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Stop a server child: SIGTERM, then SIGKILL if it has not exited within 5 s. */
export function stopServer(server: RunningServer): Promise<void> {
  return new Promise((resolvePromise) => {
    if (server.child.exitCode !== null || server.child.signalCode !== null) return resolvePromise();
    const timer = setTimeout(() => server.child.kill('SIGKILL'), 5_000);
    server.child.once('exit', () => {
      clearTimeout(timer);
      resolvePromise();
    });
    server.child.kill('SIGTERM');
  });
}

/** Fails unless the guard really guards: 200 with credentials, 401 without. */
export async function sanityCheck(
  base: string,
  headers: Record<string, string>,
  mode: Mode,
  projectId: string,
  withManual: boolean,
): Promise<void> {
  if (withManual) {
    // the hand-written check really checks: allowed with the membership, 403 without or elsewhere
    for (const [path, send, expected] of [
      [projectId, headers, 200],
      [projectId, {}, 403],
      ['nope', headers, 403],
    ] as const) {
      const res = await fetch(`${base}/manual/projects/${path}`, { headers: send });
      await res.arrayBuffer();
      if (res.status !== expected)
        throw new Error(`hand-written check answered ${res.status}, not ${expected}`);
    }
  }
  const open = await fetch(`${base}/open/projects/${projectId}`, { headers });
  if (open.status !== 200) throw new Error(`open route answered ${open.status}`);
  await open.arrayBuffer();
  if (mode === 'bare') return;
  const ok = await fetch(`${base}/guarded/projects/${projectId}`, { headers });
  if (ok.status !== 200) throw new Error(`guarded route answered ${ok.status}: ${await ok.text()}`);
  await ok.arrayBuffer();
  const anonymous = await fetch(`${base}/guarded/projects/${projectId}`);
  if (anonymous.status !== 401)
    throw new Error(`guarded route without identity answered ${anonymous.status}`);
  await anonymous.arrayBuffer();
  const other = await fetch(`${base}/guarded/projects/nope`, { headers });
  if (other.status !== 403 && other.status !== 404)
    throw new Error(`guarded route on an unknown project answered ${other.status}`);
  await other.arrayBuffer();
}

async function load(url: string, headers: Record<string, string>, seconds: number, connections: number) {
  return autocannon({ url, headers, duration: seconds, connections, pipelining: 1 });
}

/** Send `request` to the server and resolve with its next message of type `type`. */
function ask<T extends ServerMessage['type']>(
  server: RunningServer,
  request: ServerRequest,
  type: T,
): Promise<Extract<ServerMessage, { readonly type: T }>> {
  return new Promise((resolvePromise, reject) => {
    const onMessage = (message: ServerMessage): void => {
      if (message.type !== type) return;
      server.child.off('message', onMessage);
      resolvePromise(message as Extract<ServerMessage, { readonly type: T }>);
    };
    server.child.on('message', onMessage);
    if (!server.child.send(request)) reject(new Error('server IPC closed'));
  });
}

/** The server's CPU time so far, µs: user and system. */
async function serverCpu(server: RunningServer): Promise<{ readonly user: number; readonly system: number }> {
  const { user, system } = await ask(server, 'cpu', 'cpu');
  return { user, system };
}

/** The server's timed-route totals since the last reading (which resets them). */
async function serverTimings(server: RunningServer): Promise<Readonly<Record<string, TimedTotals>>> {
  return (await ask(server, 'timing', 'timing')).routes;
}

/** Start recording each request's time in the server (`'wall-on'`). */
function startWalls(server: RunningServer): void {
  if (!server.child.send('wall-on' satisfies ServerRequest)) throw new Error('server IPC closed');
}

/** Stop recording and take the per-route totals since {@link startWalls}. */
async function takeWalls(server: RunningServer): Promise<Readonly<Record<string, TimedTotals>>> {
  return (await ask(server, 'wall', 'wall')).routes;
}

/**
 * The shared-core runs. A second server of the same framework and mode runs beside the first, both
 * pinned to CPU 1, and in each round two autocannon loads start together: one on `route` of one
 * server, one on the open route of the other, each with its own connections. Both servers are busy
 * the whole round, so the scheduler gives each about half the core, and each serves as many requests
 * as its route's CPU cost allows: the ratio of the two request counts is the req/s ratio of the two
 * routes, measured at the same moments. Whatever the host does to the core during a round (another
 * tenant, frequency changes) it does to both. The servers swap routes every round, so a difference
 * between the two processes cancels out in each pair of rounds (see {@link pairMeans}).
 */
export async function shareCore(
  servers: readonly [RunningServer, RunningServer],
  route: string,
  headersOf: (server: RunningServer) => Record<string, string>,
  options: GuardOptions,
): Promise<SharedRatio> {
  const url = (server: RunningServer, name: string): string =>
    `http://127.0.0.1:${server.port}/${name}/projects/${server.projectId}`;
  const [first, second] = servers;
  const both = (measured: RunningServer, reference: RunningServer, seconds: number) =>
    Promise.all([
      load(url(measured, route), headersOf(measured), seconds, options.connections),
      load(url(reference, 'open'), headersOf(reference), seconds, options.connections),
    ]);
  // The twin has served only its sanity check so far: run 21's first rounds (1 s of warm-up each
  // way) measured a cold Express twin at 0.7–0.9× its partner's speed. A full round each way first.
  const warmup = Math.max(options.warmupSeconds, options.durationSeconds);
  await both(first, second, warmup);
  await both(second, first, warmup);
  const cpuUs = async (server: RunningServer): Promise<number> => {
    const { user, system } = await serverCpu(server);
    return user + system;
  };
  const ratios: number[] = [];
  const perCpu: number[] = [];
  const rps: number[] = [];
  for (let round = 0; round < options.rounds; round++) {
    const [measured, reference] = round % 2 === 0 ? [first, second] : [second, first];
    const before = [await cpuUs(measured), await cpuUs(reference)];
    const [routeRun, openRun] = await both(measured, reference, options.durationSeconds);
    const after = [await cpuUs(measured), await cpuUs(reference)];
    for (const run of [routeRun, openRun]) {
      if (run.non2xx > 0 || run.errors > 0) throw new Error(`shared-core run of ${route}: non-2xx responses`);
    }
    const routeRequests = routeRun.requests.total;
    const openRequests = Math.max(1, openRun.requests.total);
    ratios.push(routeRequests / openRequests);
    const routeCpu = Math.max(1, (after[0] ?? 0) - (before[0] ?? 0));
    const openCpu = Math.max(1, (after[1] ?? 0) - (before[1] ?? 0));
    perCpu.push(routeRequests / routeCpu / (openRequests / openCpu));
    rps.push(routeRequests / (routeRun.duration > 0 ? routeRun.duration : 1));
  }
  const pairs = pairMeans(ratios);
  const perCpuPairs = pairMeans(perCpu);
  return {
    ratio: median(pairs),
    min: Math.min(...pairs),
    max: Math.max(...pairs),
    perRound: ratios,
    rps: rps.reduce((a, b) => a + b, 0) / rps.length,
    perCpuRatio: median(perCpuPairs),
    perCpuMin: Math.min(...perCpuPairs),
    perCpuMax: Math.max(...perCpuPairs),
  };
}

/** What the interleaved runs found, µs per request in the server (medians over the runs). */
export interface Interleaved {
  readonly unguardedUs: number;
  readonly guardedUs: number;
  /** guarded − unguarded, per run. */
  readonly addedUs: number;
  /**
   * no-op middleware route − unguarded, per run, when the server has one (Express and Koa, custom
   * mode): the framework's own cost of one more route middleware, in the same runs.
   */
  readonly noopAddedUs: number | null;
}

/**
 * The interleaved runs: `options.timingRounds` autocannon runs in which every connection alternates
 * the open route and the guarded one (and the no-op one, when `withNoop`), the server timing each
 * request; per round the mean µs of each.
 */
async function interleave(
  server: RunningServer,
  base: string,
  headers: Record<string, string>,
  options: GuardOptions,
  withNoop: boolean,
): Promise<Interleaved> {
  const path = (route: string): string => `/${route}/projects/${server.projectId}`;
  const run = (seconds: number) =>
    autocannon({
      url: base,
      headers,
      duration: seconds,
      connections: options.connections,
      pipelining: 1,
      // each measured route follows an open one
      requests: (withNoop ? ['open', 'guarded', 'open', 'noop'] : ['open', 'guarded']).map((route) => ({
        method: 'GET',
        path: path(route),
      })),
    });
  await run(options.warmupSeconds);
  const open: number[] = [];
  const guarded: number[] = [];
  const added: number[] = [];
  const noopAdded: number[] = [];
  for (let round = 0; round < options.timingRounds; round++) {
    startWalls(server);
    const result = await run(options.durationSeconds);
    const walls = await takeWalls(server);
    if (result.non2xx > 0 || result.errors > 0) throw new Error('interleaved run: non-2xx responses');
    const meanUs = (route: string): number => {
      const totals = walls[route];
      if (totals === undefined || totals.calls === 0) throw new Error(`interleaved run: no ${route} request`);
      return totals.ns / totals.calls / 1000;
    };
    open.push(meanUs('open'));
    guarded.push(meanUs('guarded'));
    added.push(meanUs('guarded') - meanUs('open'));
    if (withNoop) noopAdded.push(meanUs('noop') - meanUs('open'));
  }
  return {
    unguardedUs: median(open),
    guardedUs: median(guarded),
    addedUs: median(added),
    noopAddedUs: withNoop ? median(noopAdded) : null,
  };
}

/**
 * The in-place timings: each timed route loaded on its own for `options.timingRounds` rounds; per
 * route, the median over rounds of the mean µs spent inside its middleware.
 */
async function timeInPlace(
  server: RunningServer,
  base: string,
  names: readonly ('guarded' | 'manual')[],
  headers: Record<string, string>,
  options: GuardOptions,
): Promise<Record<'guarded' | 'manual', number | null>> {
  const path = (name: 'guarded' | 'manual'): string =>
    `${base}/${name === 'guarded' ? 'timed' : 'timed-manual'}/projects/${server.projectId}`;
  const perRound: Record<'guarded' | 'manual', number[]> = { guarded: [], manual: [] };
  for (const name of names) await load(path(name), headers, options.warmupSeconds, options.connections);
  for (let round = 0; round < options.timingRounds; round++) {
    const order = round % 2 === 0 ? names : [...names].reverse();
    for (const name of order) {
      await serverTimings(server);
      const result = await load(path(name), headers, options.durationSeconds, options.connections);
      if (result.non2xx > 0 || result.errors > 0) throw new Error(`timed ${name}: non-2xx responses`);
      const totals = (await serverTimings(server))[name];
      if (totals !== undefined && totals.calls > 0) perRound[name].push(totals.ns / totals.calls / 1000);
    }
  }
  return {
    guarded: perRound.guarded.length === 0 ? null : median(perRound.guarded),
    manual: perRound.manual.length === 0 ? null : median(perRound.manual),
  };
}

/** One measured run, with the server's CPU time per request. */
async function measuredLoad(
  server: RunningServer,
  url: string,
  headers: Record<string, string>,
  options: GuardOptions,
): Promise<Run> {
  const before = await serverCpu(server);
  const result = await load(url, headers, options.durationSeconds, options.connections);
  const after = await serverCpu(server);
  const requests = Math.max(1, result.requests.total);
  const sysUs = after.system - before.system;
  return {
    result,
    cpuUsPerRequest: (after.user - before.user + sysUs) / requests,
    sysUsPerRequest: sysUs / requests,
  };
}

interface Run {
  readonly result: autocannon.Result;
  readonly cpuUsPerRequest: number;
  readonly sysUsPerRequest: number;
}

/** The median over rounds of route a's req/s over route b's in the same round. */
function pairedRatio(a: RouteStats, b: RouteStats): number {
  return median(a.perRoundRps.map((rps, i) => rps / (b.perRoundRps[i] ?? Number.NaN)));
}

function summarize(runs: readonly Run[]): RouteStats {
  const results = runs.map((run) => run.result);
  const perRoundRps = results.map((r) => r.requests.total / (r.duration > 0 ? r.duration : 1));
  return {
    rps: perRoundRps.reduce((a, b) => a + b, 0) / perRoundRps.length,
    perRoundRps,
    latencyP50Ms: results.reduce((a, r) => a + r.latency.p50, 0) / results.length,
    latencyP99Ms: results.reduce((a, r) => a + r.latency.p99, 0) / results.length,
    requests: results.reduce((a, r) => a + r.requests.total, 0),
    non2xx: results.reduce((a, r) => a + r.non2xx, 0),
    errors: results.reduce((a, r) => a + r.errors, 0),
    serverCpuUsPerRequest: runs.reduce((a, run) => a + run.cpuUsPerRequest, 0) / runs.length,
    serverSysUsPerRequest: runs.reduce((a, run) => a + run.sysUsPerRequest, 0) / runs.length,
  };
}

async function measure(
  framework: Framework,
  mode: Mode,
  options: GuardOptions,
  pinned: boolean,
  log: (line: string) => void,
): Promise<GuardCase> {
  const server = await startServer(framework, mode, options.cpuProfDir, pinned);
  // the shared-core runs' second server: started now, idle until then (never profiled)
  const twin = mode === 'bare' || !pinned ? null : await startServer(framework, mode, undefined, pinned);
  try {
    const base = `http://127.0.0.1:${server.port}`;
    const headers = headersFor(server, mode);
    type Route = 'open' | 'noop' | 'busy' | 'manual' | 'guarded';
    const withNoop = mode === 'custom' && (framework.startsWith('express') || framework === 'koa');
    await sanityCheck(base, headers, mode, server.projectId, withNoop);
    if (twin !== null) {
      await sanityCheck(
        `http://127.0.0.1:${twin.port}`,
        headersFor(twin, mode),
        mode,
        twin.projectId,
        withNoop,
      );
    }
    const routes: Route[] =
      mode === 'bare'
        ? ['open']
        : withNoop
          ? ['open', 'noop', 'busy', 'manual', 'guarded']
          : ['open', 'guarded'];
    const url = (route: Route): string => `${base}/${route}/projects/${server.projectId}`;
    for (const route of routes) await load(url(route), headers, options.warmupSeconds, options.connections);
    const runs: Record<Route, Run[]> = { open: [], noop: [], busy: [], manual: [], guarded: [] };
    for (let round = 0; round < options.rounds; round++) {
      const order = round % 2 === 0 ? routes : [...routes].reverse();
      for (const route of order) runs[route].push(await measuredLoad(server, url(route), headers, options));
    }
    const unguarded = summarize(runs.open);
    const guarded = mode === 'bare' ? null : summarize(runs.guarded);
    const noop = withNoop ? summarize(runs.noop) : null;
    const busy = withNoop ? summarize(runs.busy) : null;
    const manual = withNoop ? summarize(runs.manual) : null;
    const ratio = guarded === null ? null : pairedRatio(guarded, unguarded);
    const noopRatio = noop === null ? null : pairedRatio(noop, unguarded);
    const busyRatio = busy === null ? null : pairedRatio(busy, unguarded);
    const manualRatio = manual === null ? null : pairedRatio(manual, unguarded);
    const addedCpu = (route: Run[]): number =>
      median(route.map((run, i) => run.cpuUsPerRequest - (runs.open[i]?.cpuUsPerRequest ?? Number.NaN)));
    const addedServerCpuUs = guarded === null ? null : addedCpu(runs.guarded);
    const addedServerSysUs =
      guarded === null
        ? null
        : median(
            runs.guarded.map((run, i) => run.sysUsPerRequest - (runs.open[i]?.sysUsPerRequest ?? Number.NaN)),
          );
    const busyAddedServerCpuUs = busy === null ? null : addedCpu(runs.busy);
    const manualAddedServerCpuUs = manual === null ? null : addedCpu(runs.manual);
    log(
      `${framework} / ${mode}: unguarded ${fmt(unguarded.rps)} req/s` +
        (noop === null ? '' : `, no-op middleware ${fmt(noop.rps)} req/s (${fmt(noopRatio, 3)})`) +
        (busy === null
          ? ''
          : `, ${BUSY_US} µs busy-wait ${fmt(busy.rps)} req/s (${fmt(busyRatio, 3)}, +${fmt(busyAddedServerCpuUs, 1)} µs CPU)`) +
        (manual === null
          ? ''
          : `, hand-written check ${fmt(manual.rps)} req/s (${fmt(manualRatio, 3)}, +${fmt(manualAddedServerCpuUs, 1)} µs CPU)`) +
        (guarded === null
          ? ''
          : `, guarded ${fmt(guarded.rps)} req/s, ratio ${fmt(ratio, 3)}, server CPU ` +
            `${fmt(unguarded.serverCpuUsPerRequest)} → ${fmt(guarded.serverCpuUsPerRequest)} µs/req`),
    );
    for (const [name, stats] of [
      ['unguarded', unguarded],
      ['no-op', noop],
      ['busy-wait', busy],
      ['hand-written check', manual],
      ['guarded', guarded],
    ] as const) {
      if (stats !== null && (stats.non2xx > 0 || stats.errors > 0)) {
        throw new Error(
          `${framework}/${mode} ${name}: ${stats.non2xx} non-2xx responses, ${stats.errors} errors`,
        );
      }
    }
    const addedUsPerRequest = guarded === null ? null : 1e6 / guarded.rps - 1e6 / unguarded.rps;
    const timedNames: ('guarded' | 'manual')[] =
      mode === 'bare' ||
      options.timingRounds <= 0 ||
      !(framework.startsWith('express') || framework === 'koa')
        ? []
        : withNoop
          ? ['guarded', 'manual']
          : ['guarded'];
    const inSitu =
      timedNames.length === 0
        ? { guarded: null, manual: null }
        : await timeInPlace(server, base, timedNames, headers, options);
    const interleaved =
      guarded === null || options.timingRounds <= 0
        ? null
        : await interleave(server, base, headers, options, withNoop);
    const interleavedRatio =
      interleaved === null
        ? null
        : unguarded.serverCpuUsPerRequest / (unguarded.serverCpuUsPerRequest + interleaved.addedUs);
    if (interleaved !== null) {
      log(
        `${framework} / ${mode}: interleaved, in the server ${fmt(interleaved.unguardedUs, 1)} → ` +
          `${fmt(interleaved.guardedUs, 1)} µs/request (+${fmt(interleaved.addedUs, 2)}` +
          (interleaved.noopAddedUs === null ? '' : `; no-op middleware +${fmt(interleaved.noopAddedUs, 2)}`) +
          '), ' +
          `estimated ratio ${fmt(interleavedRatio, 3)}`,
      );
    }
    if (inSitu.guarded !== null) {
      log(
        `${framework} / ${mode}: in place, guard ${fmt(inSitu.guarded, 2)} µs/request` +
          (inSitu.manual === null ? '' : `, hand-written check ${fmt(inSitu.manual, 2)} µs/request`),
      );
    }
    let sharedCore: SharedCore | null = null;
    if (twin !== null) {
      const pair = [server, twin] as const;
      const headersOf = (s: RunningServer): Record<string, string> => headersFor(s, mode);
      const compare = (route: string): Promise<SharedRatio> => shareCore(pair, route, headersOf, options);
      sharedCore = {
        guarded: await compare('guarded'),
        open: mode === 'custom' ? await compare('open') : null,
        noop: withNoop ? await compare('noop') : null,
        manual: withNoop ? await compare('manual') : null,
      };
      const show = (name: string, r: SharedRatio | null): string =>
        r === null
          ? ''
          : `, ${name} ${fmt(r.ratio, 3)} (${fmt(r.min, 3)}–${fmt(r.max, 3)}; per CPU second ${fmt(r.perCpuRatio, 3)})`;
      log(
        `${framework} / ${mode}: shared core, req/s over the open route's` +
          show('open (itself)', sharedCore.open) +
          show('no-op middleware', sharedCore.noop) +
          show('hand-written check', sharedCore.manual) +
          show('guarded', sharedCore.guarded),
      );
    }
    return {
      framework,
      mode,
      unguarded,
      guarded,
      noop,
      busy,
      manual,
      ratio,
      noopRatio,
      busyRatio,
      busyAddedServerCpuUs,
      manualRatio,
      manualAddedServerCpuUs,
      addedServerCpuUs,
      addedServerSysUs,
      addedUsPerRequest,
      inSituGuardUs: inSitu.guarded,
      inSituManualUs: inSitu.manual,
      interleaved,
      interleavedRatio,
      sharedCore,
    };
  } finally {
    await stopServer(server);
    if (twin !== null) await stopServer(twin);
  }
}

/** The credentials a server's routes expect in `mode` (each server has its own ids and keys). */
export function headersFor(server: RunningServer, mode: Mode): Record<string, string> {
  switch (mode) {
    case 'jwt':
      return { authorization: `Bearer ${server.token}` };
    case 'jwt-membership':
      return { authorization: `Bearer ${server.tokenWithMembership}` };
    case 'custom':
      return { [MEMBERSHIP_HEADER]: server.membershipId };
    case 'bare':
      return {};
  }
}

export async function runGuards(
  options: GuardOptions = DEFAULT_GUARD_OPTIONS,
  log: (line: string) => void = console.log,
): Promise<GuardResult> {
  const frameworks = options.frameworks.map((f) => {
    if (!(FRAMEWORKS as readonly string[]).includes(f)) throw new Error(`unknown framework ${f}`);
    return f as Framework;
  });
  const pinned = pinToCpu(process.pid, 0);
  log(pinned ? 'load generator pinned to CPU 0, each server to CPU 1' : 'CPU pinning unavailable (taskset)');
  log('in-process breakdown…');
  const parts = await breakdown();
  for (const p of parts) log(`${p.name}: ${fmt(p.meanUs, 2)} µs`);
  const cases: GuardCase[] = [];
  for (const framework of frameworks) {
    const modes: Mode[] = ['custom', 'jwt', 'jwt-membership'];
    if (options.nestBare && framework.startsWith('nest')) modes.push('bare');
    for (const mode of modes) cases.push(await measure(framework, mode, options, pinned, log));
  }
  return { options, breakdown: parts, cases };
}

/** Human-readable tables of a guard result (Markdown). */
export function formatGuards(r: GuardResult): string {
  const o = r.options;
  const breakdownTable = table(
    ['in-process, per call', 'calls', 'mean µs'],
    r.breakdown.map((b) => [b.name, fmt(b.calls), fmt(b.meanUs, 2)]),
  );
  const rows = r.cases.map((c) => [
    c.framework,
    IDENTITY_LABEL[c.mode],
    fmt(c.unguarded.rps),
    c.guarded === null ? '–' : fmt(c.guarded.rps),
    c.noopRatio === null ? '–' : `${fmt(c.noopRatio, 3)}×`,
    c.busyRatio === null ? '–' : `${fmt(c.busyRatio, 3)}× (+${fmt(c.busyAddedServerCpuUs, 1)} µs)`,
    c.manualRatio === null ? '–' : `${fmt(c.manualRatio, 3)}× (+${fmt(c.manualAddedServerCpuUs, 1)} µs)`,
    c.ratio === null ? '–' : `${fmt(c.ratio, 3)}×`,
    c.ratio === null ? '–' : verdict(c.ratio >= 0.95),
    `${fmt(c.unguarded.serverCpuUsPerRequest)} / ${c.guarded === null ? '–' : fmt(c.guarded.serverCpuUsPerRequest)}`,
    c.addedServerCpuUs === null ? '–' : `${fmt(c.addedServerCpuUs, 1)} (${fmt(c.addedServerSysUs, 1)})`,
    `${fmt(c.unguarded.latencyP50Ms, 1)} / ${fmt(c.unguarded.latencyP99Ms, 1)}`,
    c.guarded === null ? '–' : `${fmt(c.guarded.latencyP50Ms, 1)} / ${fmt(c.guarded.latencyP99Ms, 1)}`,
  ]);
  const httpTable = table(
    [
      'framework',
      'identity',
      'unguarded req/s',
      'guarded req/s',
      'no-op middleware/unguarded',
      `${BUSY_US} µs busy-wait/unguarded (CPU added)`,
      'hand-written check/unguarded (CPU added)',
      'guarded/unguarded',
      '≥ 0.95× (paired rounds)',
      'server CPU µs/req (unguarded / guarded)',
      'guard adds, server CPU µs/req (system part)',
      'unguarded p50/p99 ms',
      'guarded p50/p99 ms',
    ],
    rows,
  );
  const nestRows: string[][] = [];
  for (const bare of r.cases.filter((c) => c.mode === 'bare')) {
    for (const c of r.cases.filter((x) => x.framework === bare.framework && x.guarded !== null)) {
      nestRows.push([
        c.framework,
        IDENTITY_LABEL[c.mode],
        fmt(bare.unguarded.rps),
        `${fmt(c.unguarded.rps / bare.unguarded.rps, 3)}×`,
        `${fmt((c.guarded?.rps ?? 0) / bare.unguarded.rps, 3)}×`,
      ]);
    }
  }
  const nestTable =
    nestRows.length === 0
      ? ''
      : '\nNest against an app without FgaModule (different processes, so noisier than the same-run ratios):\n\n' +
        table(['framework', 'identity', 'bare req/s', '@Public() / bare', 'guarded / bare'], nestRows);
  return [
    breakdownTable,
    '',
    `autocannon: ${o.connections} connections, ${o.warmupSeconds} s warm-up per route, ` +
      `${o.rounds} × ${o.durationSeconds} s per route (order alternating), req/s = mean of the rounds; ` +
      "ratios = median over rounds of the two routes' req/s in that round.",
    'Load generator and server pinned to separate CPUs (taskset) when available. The no-op column is a ' +
      'route behind a middleware that only calls next(): the floor any route middleware starts from. ' +
      `The busy-wait column is a middleware that spins ${BUSY_US} µs on the clock and calls next(): a known ` +
      'amount of CPU, so the ratio it gets is what that many µs cost on this host in this run.',
    'Nest "unguarded" is a @Public() route under the global FgaModule guard; the bare row has no FgaModule.',
    '',
    httpTable,
    nestTable,
    sharedCoreTable(r),
    interleavedTable(r),
    inSituTable(r),
  ].join('\n');
}

/** The shared-core runs: the req/s ratios measured with both routes served at the same moments. */
/** A ratio with the smallest–largest value it was taken over: `0.950× (0.940–0.960)`. */
function spanCell(ratio: number, min: number, max: number): string {
  return `${fmt(ratio, 3)}× (${fmt(min, 3)}–${fmt(max, 3)})`;
}

function sharedCoreTable(r: GuardResult): string {
  const cell = (x: SharedRatio | null | undefined): string =>
    x == null ? '–' : spanCell(x.ratio, x.min, x.max);
  const perCpuCell = (x: SharedRatio | null | undefined): string =>
    x == null ? '–' : spanCell(x.perCpuRatio, x.perCpuMin, x.perCpuMax);
  const rows = r.cases
    .filter((c) => c.sharedCore !== null)
    .map((c) => [
      c.framework,
      IDENTITY_LABEL[c.mode],
      cell(c.sharedCore?.open),
      cell(c.sharedCore?.noop),
      cell(c.sharedCore?.manual),
      fmt(c.sharedCore?.guarded.rps),
      cell(c.sharedCore?.guarded),
      verdict((c.sharedCore?.guarded.ratio ?? 0) >= 0.95),
      perCpuCell(c.sharedCore?.guarded),
      perCpuCell(c.sharedCore?.open),
    ]);
  if (rows.length === 0) return '';
  return (
    '\nShared core: two identical servers pinned to the same CPU, loaded at once (one on the open route, ' +
    `one on the route of the column, ${r.options.connections} connections each); ` +
    `${r.options.rounds} rounds of ${r.options.durationSeconds} s, the servers swapping routes every round. ` +
    "Per round: the route's requests / the open route's requests. Each cell: the median over pairs of rounds " +
    "(the servers swap routes within a pair) of the pair's geometric mean, with the smallest–largest pair; " +
    "'per CPU second' divides each side by its server's CPU time in the round (user + system), which takes " +
    'out an unequal split of the core:\n\n' +
    table(
      [
        'framework',
        'identity',
        'open/open (the method itself)',
        'no-op middleware/open',
        'hand-written check/open',
        'guarded req/s (half a core)',
        'guarded/open',
        'target ≥ 0.95×',
        'guarded/open per CPU second',
        'open/open per CPU second',
      ],
      rows,
    )
  );
}

/** The interleaved runs and the ratio they give a server that is the bottleneck. */
function interleavedTable(r: GuardResult): string {
  const rows = r.cases
    .filter((c) => c.interleaved !== null && c.interleavedRatio !== null)
    .map((c) => [
      c.framework,
      IDENTITY_LABEL[c.mode],
      fmt(c.interleaved?.unguardedUs, 1),
      fmt(c.interleaved?.guardedUs, 1),
      fmt(c.interleaved?.addedUs, 2),
      c.interleaved?.noopAddedUs == null ? '–' : fmt(c.interleaved.noopAddedUs, 2),
      fmt(c.unguarded.serverCpuUsPerRequest, 1),
      `${fmt(c.interleavedRatio, 3)}×`,
      verdict((c.interleavedRatio ?? 0) >= 0.95),
    ]);
  if (rows.length === 0) return '';
  return (
    '\nInterleaved: every connection alternates the unguarded and the guarded route (and, where the server has ' +
    'one, the no-op middleware route), and the server times ' +
    "each request from its 'request' event to the response's 'finish' " +
    `(${r.options.timingRounds} runs of ${r.options.durationSeconds} s, median of the runs' means). ` +
    'Estimated ratio = unguarded server CPU per request / (that + what the guard adds here):\n\n' +
    table(
      [
        'framework',
        'identity',
        'unguarded µs in the server',
        'guarded µs in the server',
        'guard adds, µs',
        'no-op middleware adds, µs',
        'unguarded server CPU µs/req',
        'estimated ratio',
        'estimate ≥ 0.95×',
      ],
      rows,
    )
  );
}

/** The in-place timings (Express and Koa), when they were measured. */
function inSituTable(r: GuardResult): string {
  const rows = r.cases
    .filter((c) => c.inSituGuardUs !== null)
    .map((c) => [
      c.framework,
      IDENTITY_LABEL[c.mode],
      fmt(c.inSituGuardUs, 2),
      c.inSituManualUs === null ? '–' : fmt(c.inSituManualUs, 2),
    ]);
  if (rows.length === 0) return '';
  return (
    `\nInside the middleware, timed in place under load (process.hrtime around the middleware until it ` +
    `calls next(); ${r.options.timingRounds} rounds of their own, median of the rounds' means):\n\n` +
    table(['framework', 'identity', 'guard µs/request', 'hand-written check µs/request'], rows)
  );
}
