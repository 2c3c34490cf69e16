// Where the engine's heap per resource / per assignment goes: two heap snapshots (before and after
// loading N entities through fga.admin), diffed by object kind. Not part of run-all (snapshots are
// slow); used to explain the heap figures in BENCHMARKS.md.
//
//   node --expose-gc --import tsx src/heap-breakdown.ts resources|assignments [N=20000]
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import { LocalAuthorizer } from '@fgakit/core';

interface Snapshot {
  readonly snapshot: { readonly meta: { readonly node_fields: string[]; readonly node_types: [string[]] } };
  readonly nodes: number[];
  readonly strings: string[];
}

/** Self size and count per "type:constructor" (all strings together, all code together). */
function aggregate(file: string): Map<string, { count: number; bytes: number }> {
  const s = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const fields = s.snapshot.meta.node_fields;
  const types = s.snapshot.meta.node_types[0];
  const width = fields.length;
  const [ti, ni, si] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f)) as [
    number,
    number,
    number,
  ];
  const out = new Map<string, { count: number; bytes: number }>();
  for (let i = 0; i < s.nodes.length; i += width) {
    const type = types[s.nodes[i + ti] as number] as string;
    const name = type.endsWith('string')
      ? 'strings'
      : type === 'code'
        ? 'compiled code'
        : type === 'array'
          ? 'arrays (hash tables, element stores)'
          : (s.strings[s.nodes[i + ni] as number] as string).slice(0, 50);
    const key = `${type === 'array' || type.endsWith('string') || type === 'code' ? '' : `${type}:`}${name}`;
    const entry = out.get(key) ?? { count: 0, bytes: 0 };
    entry.count++;
    entry.bytes += s.nodes[i + si] as number;
    out.set(key, entry);
  }
  return out;
}

function snapshot(label: string): string {
  for (let i = 0; i < 3; i++) globalThis.gc?.();
  return writeHeapSnapshot(join(tmpdir(), `fgakit-bench-${process.pid}-${label}.heapsnapshot`));
}

const kind = process.argv[2] === 'assignments' ? 'assignments' : 'resources';
const n = Number(process.argv[3] ?? 20_000);
const fga = new LocalAuthorizer();
const admin = fga.admin;
await admin.createResourceType({ slug: 'doc', name: 'Doc' });
await admin.createPermission({ slug: 'doc:view', name: 'View', resourceTypeSlug: 'doc' });
await admin.createEnvironmentRole({ slug: 'doc-viewer', name: 'Viewer', resourceTypeSlug: 'doc' });
await admin.setEnvironmentRolePermissions('doc-viewer', ['doc:view']);
const { data: org } = await admin.createOrganization({ name: 'Heap' });
const resourceIds = new Array<string>(n).fill('');
const membershipIds = new Array<string>(Math.ceil(n / 3)).fill(''); // ~3 assignments per membership, as in the dataset
const createResources = async (): Promise<void> => {
  for (let i = 0; i < n; i++) {
    const { data } = await admin.createResource({
      organizationId: org.id,
      resourceTypeSlug: 'doc',
      externalId: `r${i}`,
      name: `Resource ${i}`,
    });
    resourceIds[i] = data.id;
  }
};
if (kind === 'assignments') {
  await createResources();
  for (let m = 0; m < membershipIds.length; m++) {
    const { data: user } = await admin.createUser({ email: `u${m}@heap.test` });
    membershipIds[m] = (
      await admin.createOrganizationMembership({ userId: user.id, organizationId: org.id })
    ).data.id;
  }
}
const before = snapshot('before');
if (kind === 'resources') await createResources();
else {
  for (let i = 0; i < n; i++) {
    await admin.assignRole({
      membershipId: membershipIds[i % membershipIds.length] as string,
      roleSlug: 'doc-viewer',
      resource: { id: resourceIds[(i * 7919) % n] as string },
    });
  }
}
const after = snapshot('after');
const a = aggregate(before);
const b = aggregate(after);
rmSync(before);
rmSync(after);
const rows = [...b]
  .map(([key, e]) => {
    const o = a.get(key) ?? { count: 0, bytes: 0 };
    return { key, count: (e.count - o.count) / n, bytes: (e.bytes - o.bytes) / n };
  })
  .filter((r) => r.bytes > 0.5)
  .sort((x, y) => y.bytes - x.bytes);
const total = rows.reduce((sum, r) => sum + r.bytes, 0);
console.log(`${kind}: ${n} loaded; heap-snapshot self sizes per ${kind.slice(0, -1)}: ${total.toFixed(0)} B`);
for (const r of rows.slice(0, 12)) {
  console.log(`${r.bytes.toFixed(1).padStart(8)} B  ${r.count.toFixed(2).padStart(6)} objects  ${r.key}`);
}
