// Summarizes a V8 .cpuprofile (e.g. from `--cpu-prof DIR`): the top functions by self time and by
// inclusive time, as shares of all samples; and self time by category (fgakit, each npm package,
// each Node.js internal module, GC), in µs per request when the request count is given. Comparing
// the categories of two servers (say an open route and a guarded one, each profiled over the same
// number of requests) is what located the costs no single fgakit frame shows (BENCHMARKS.md, run 5).
//
//   node --import tsx src/profile-summary.ts /tmp/prof/CPU.….cpuprofile [top=25] [requests]
import { readFileSync } from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}
interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

const [file, topArg, requestsArg] = process.argv.slice(2);
if (file === undefined) {
  console.error('usage: profile-summary <file.cpuprofile> [top]');
  process.exit(2);
}
const top = Number(topArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parentOf = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parentOf.set(c, n.id);
const label = (id: number): string => {
  const f = (byId.get(id) as ProfileNode).callFrame;
  return `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}`;
};

const timeById = new Map<number, number>();
let total = 0;
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i] ?? 0;
  total += dt;
  timeById.set(id, (timeById.get(id) ?? 0) + dt);
});
const self = new Map<string, number>();
const inclusive = new Map<string, number>();
for (const [id, t] of timeById) {
  self.set(label(id), (self.get(label(id)) ?? 0) + t);
  const seen = new Set<string>();
  for (let x: number | undefined = id; x !== undefined; x = parentOf.get(x)) {
    const l = label(x);
    if (seen.has(l)) continue;
    seen.add(l);
    inclusive.set(l, (inclusive.get(l) ?? 0) + t);
  }
}
const print = (title: string, m: Map<string, number>): void => {
  console.log(title);
  for (const [l, t] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${((100 * t) / total).toFixed(1).padStart(6)}%  ${l}`);
  }
};
print('self time', self);
print('\ninclusive time', inclusive);

/** fgakit's packages, an npm package by name, a Node.js module by URL, or V8's own `(gc)`-style frames. */
function category(id: number): string {
  const f = (byId.get(id) as ProfileNode).callFrame;
  if (f.functionName.startsWith('(')) return f.functionName;
  if (f.url.includes('/packages/') && !f.url.includes('node_modules')) return 'fgakit';
  const pkg = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)\//.exec(f.url);
  if (pkg !== null) return `npm:${pkg[1]}`;
  return f.url === '' ? `native:${f.functionName}` : f.url.startsWith('node:') ? f.url : 'other';
}
const byCategory = new Map<string, number>();
let busy = 0;
for (const [id, t] of timeById) {
  const c = category(id);
  byCategory.set(c, (byCategory.get(c) ?? 0) + t);
  if (c !== '(idle)') busy += t;
}
const requests = requestsArg === undefined ? undefined : Number(requestsArg);
console.log(
  requests === undefined
    ? '\nself time by category (% of all samples)'
    : `\nself time by category, µs per request over ${requests} requests (busy: ${(busy / requests).toFixed(1)})`,
);
for (const [c, t] of [...byCategory].sort((a, b) => b[1] - a[1]).slice(0, top)) {
  const value = requests === undefined ? `${((100 * t) / total).toFixed(1)}%` : (t / requests).toFixed(2);
  console.log(`${value.padStart(8)}  ${c}`);
}
