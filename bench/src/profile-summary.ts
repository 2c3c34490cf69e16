// Summarizes a V8 .cpuprofile (e.g. from `--cpu-prof DIR`): the top functions by self time and by
// inclusive time, as shares of all samples.
//
//   node --import tsx src/profile-summary.ts /tmp/prof/CPU.….cpuprofile [top=25]
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

const [file, topArg] = process.argv.slice(2);
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
