// Seeded dataset generator: one large organization with a 6-level resource tree (t1..t6 in a
// chain under `organization`), 10k memberships and 30k role assignments, bulk loaded through
// `fga.admin`. The plan is numeric (typed arrays) so the heap measured around a phase is the
// engine's, not the generator's: every string the engine keeps is created during the load.
import { LocalAuthorizer } from '@fgakit/core';
import { heapUsed } from './stats.js';

/** Sizes and seed of a dataset. */
export interface DatasetOptions {
  readonly seed: number;
  readonly resources: number;
  readonly memberships: number;
  readonly assignments: number;
  /** Leaves used as check probes (each gets three dedicated memberships). */
  readonly probes: number;
}

export const DEFAULT_DATASET: DatasetOptions = {
  seed: 20260115,
  resources: 100_000,
  memberships: 10_000,
  assignments: 30_000,
  probes: 256,
};

/** Type levels below `organization`. */
export const DEPTH = 6;
/** Share of the resources at levels 1..5 (the rest are leaves): fan-outs 8, 8, 8, 6, 5.3, 4.9. */
const LEVEL_SHARE = [8, 64, 512, 3072, 16_384].map((n) => n / 100_000);
/** How the random assignments spread over depths 1..6 (deeper levels hold more resources). */
const ASSIGNMENT_DEPTH_WEIGHTS = [0.05, 0.1, 0.15, 0.2, 0.25, 0.25];
/** Share of the random memberships whose organization role is `org-admin` (the rest are `member`). */
const ORG_ADMIN_SHARE = 0.02;
const ROLE_KINDS = ['admin', 'editor', 'viewer'] as const;

/** sfc32 seeded through splitmix32: small, fast, deterministic across platforms. */
export class Prng {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  constructor(seed: number) {
    let s = seed >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.#a = next();
    this.#b = next();
    this.#c = next();
    this.#d = next();
    for (let i = 0; i < 16; i++) this.uint32();
  }

  uint32(): number {
    const t = (((this.#a + this.#b) >>> 0) + this.#d) >>> 0;
    this.#d = (this.#d + 1) >>> 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) >>> 0;
    this.#c = ((this.#c << 21) | (this.#c >>> 11)) >>> 0;
    this.#c = (this.#c + t) >>> 0;
    return t;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.uint32() / 4_294_967_296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** Index drawn with the given weights (summing to 1). */
  weighted(weights: readonly number[]): number {
    let x = this.float();
    for (let i = 0; i < weights.length; i++) {
      x -= weights[i] as number;
      if (x < 0) return i;
    }
    return weights.length - 1;
  }
}

/** The numeric shape of a dataset, before anything touches the engine. */
export interface DatasetPlan {
  readonly options: DatasetOptions;
  /** Resources per level 1..6. */
  readonly levelCounts: readonly number[];
  /** Global index of the first resource of each level (resources are numbered level by level). */
  readonly levelStart: readonly number[];
  /** Level (1..6) of each resource. */
  readonly level: Uint8Array;
  /** Global index of the parent of each resource; -1 = the organization resource. */
  readonly parent: Int32Array;
  /** Organization role per membership: 0 = member, 1 = org-admin. */
  readonly orgRole: Uint8Array;
  /** Assignments as (membership, type level, role kind, resource) columns. */
  readonly assignMembership: Int32Array;
  readonly assignRoleKind: Uint8Array;
  readonly assignResource: Int32Array;
  /** Probe leaves (global indexes) and their dedicated memberships. */
  readonly probeLeaf: Int32Array;
  readonly probeSelf: Int32Array;
  readonly probeTop: Int32Array;
  readonly probeDeny: Int32Array;
  /** The level-1 resource whose subtree holds the number of leaves closest to 10k, and its leaf count. */
  readonly listRoot: number;
  readonly listRootLeaves: number;
  /** Membership holding `t1-viewer` on {@link listRoot} (and nothing else). */
  readonly lister: number;
}

/** Builds the plan: deterministic for a given options object. */
export function planDataset(options: DatasetOptions = DEFAULT_DATASET): DatasetPlan {
  const rng = new Prng(options.seed);
  const total = options.resources;
  const levelCounts = LEVEL_SHARE.map((share) => Math.max(2, Math.round(share * total)));
  levelCounts.push(total - levelCounts.reduce((a, b) => a + b, 0));
  if ((levelCounts[DEPTH - 1] as number) < 1) throw new Error('too few resources for a 6-level tree');
  const levelStart: number[] = [];
  let start = 0;
  for (const count of levelCounts) {
    levelStart.push(start);
    start += count;
  }

  const level = new Uint8Array(total);
  const parent = new Int32Array(total);
  for (let l = 1; l <= DEPTH; l++) {
    const from = levelStart[l - 1] as number;
    const count = levelCounts[l - 1] as number;
    for (let i = from; i < from + count; i++) {
      level[i] = l;
      parent[i] = l === 1 ? -1 : (levelStart[l - 2] as number) + rng.int(levelCounts[l - 2] as number);
    }
  }
  const topOf = (r: number): number => {
    let x = r;
    while ((parent[x] as number) !== -1) x = parent[x] as number;
    return x;
  };

  // The level-1 subtree whose leaf count is closest to 10k: listResources answers that size.
  const leafStart = levelStart[DEPTH - 1] as number;
  const leavesUnder = new Map<number, number>();
  for (let i = leafStart; i < total; i++) {
    const top = topOf(i);
    leavesUnder.set(top, (leavesUnder.get(top) ?? 0) + 1);
  }
  let listRoot = 0;
  for (const [top, n] of leavesUnder) {
    if (Math.abs(n - 10_000) < Math.abs((leavesUnder.get(listRoot) ?? 0) - 10_000)) listRoot = top;
  }

  const memberships = options.memberships;
  const orgRole = new Uint8Array(memberships);
  const columns = {
    membership: new Int32Array(options.assignments),
    kind: new Uint8Array(options.assignments),
    resource: new Int32Array(options.assignments),
  };
  let n = 0;
  const seen = new Set<number>();
  const add = (m: number, kind: number, r: number): boolean => {
    const key = (m * 3 + kind) * total + r;
    if (seen.has(key) || n >= options.assignments) return false;
    seen.add(key);
    columns.membership[n] = m;
    columns.kind[n] = kind;
    columns.resource[n] = r;
    n++;
    return true;
  };
  const VIEWER = ROLE_KINDS.indexOf('viewer');

  // Dedicated memberships 0..3P: probe k has self = 3k, top = 3k+1, deny = 3k+2; the lister is 3P.
  const probes = options.probes;
  const probeLeaf = new Int32Array(probes);
  const probeSelf = new Int32Array(probes);
  const probeTop = new Int32Array(probes);
  const probeDeny = new Int32Array(probes);
  const leafCount = levelCounts[DEPTH - 1] as number;
  for (let k = 0; k < probes; k++) {
    const leaf = leafStart + rng.int(leafCount);
    probeLeaf[k] = leaf;
    probeSelf[k] = 3 * k;
    probeTop[k] = 3 * k + 1;
    probeDeny[k] = 3 * k + 2;
    for (let r = leaf; r !== -1; r = parent[r] as number) add(3 * k, VIEWER, r); // t{d}-viewer on each R_d
    add(3 * k + 1, VIEWER, topOf(leaf)); // t1-viewer on R_1 only
    let other = leafStart + rng.int(leafCount);
    while (topOf(other) === topOf(leaf)) other = leafStart + rng.int(leafCount);
    add(3 * k + 2, VIEWER, other); // a grant somewhere else: the walk finds nothing on the path
  }
  const lister = 3 * probes;
  add(lister, VIEWER, listRoot);

  const firstRandom = lister + 1;
  if (firstRandom >= memberships) throw new Error('too few memberships for the probes');
  for (let m = firstRandom; m < memberships; m++) orgRole[m] = rng.float() < ORG_ADMIN_SHARE ? 1 : 0;
  while (n < options.assignments) {
    const l = rng.weighted(ASSIGNMENT_DEPTH_WEIGHTS) + 1;
    const r = (levelStart[l - 1] as number) + rng.int(levelCounts[l - 1] as number);
    add(firstRandom + rng.int(memberships - firstRandom), rng.int(ROLE_KINDS.length), r);
  }

  return {
    options,
    levelCounts,
    levelStart,
    level,
    parent,
    orgRole,
    assignMembership: columns.membership,
    assignRoleKind: columns.kind,
    assignResource: columns.resource,
    probeLeaf,
    probeSelf,
    probeTop,
    probeDeny,
    listRoot,
    listRootLeaves: leavesUnder.get(listRoot) ?? 0,
    lister,
  };
}

/** Timing and heap of one load phase. */
export interface PhaseStats {
  readonly count: number;
  readonly ms: number;
  readonly perSecond: number;
  /** Heap growth after a full GC, bytes per entity (needs --expose-gc). */
  readonly heapBytesPerEntity: number | null;
}

/** A loaded dataset: the engine, the ids the benchmarks address, and the load figures. */
export interface LoadedDataset {
  readonly fga: LocalAuthorizer;
  readonly plan: DatasetPlan;
  readonly organizationId: string;
  readonly resourceIds: readonly string[];
  readonly membershipIds: readonly string[];
  readonly load: {
    readonly model: { readonly ms: number };
    readonly resources: PhaseStats;
    readonly memberships: PhaseStats;
    readonly assignments: PhaseStats;
  };
}

const permissionSlug = (l: number, action: string): string => `t${l}:${action}`;
const roleSlug = (l: number, kind: number): string => `t${l}-${ROLE_KINDS[kind]}`;

/** Permissions of a role kind at type level `l`: its own type and every descendant type. */
function rolePermissions(l: number, kind: number): string[] {
  const out: string[] = [];
  for (let d = l; d <= DEPTH; d++) {
    const own = d === l;
    if (ROLE_KINDS[kind] === 'admin')
      out.push(...['view', 'edit', 'delete'].map((a) => permissionSlug(d, a)));
    else if (ROLE_KINDS[kind] === 'editor' && own)
      out.push(permissionSlug(d, 'view'), permissionSlug(d, 'edit'));
    else out.push(permissionSlug(d, 'view'));
  }
  return out;
}

/** Times `phase`, measuring the heap it leaves behind (full GC before and after). */
async function measurePhase(count: number, phase: () => Promise<void>): Promise<PhaseStats> {
  const before = heapUsed();
  const t0 = process.hrtime.bigint();
  await phase();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const after = heapUsed();
  return {
    count,
    ms,
    perSecond: count / (ms / 1000),
    heapBytesPerEntity: before === null || after === null ? null : (after - before) / count,
  };
}

/** Bulk loads a plan into a fresh `LocalAuthorizer` through `fga.admin`, one awaited call per entity. */
export async function loadDataset(plan: DatasetPlan): Promise<LoadedDataset> {
  const t0 = process.hrtime.bigint();
  const fga = new LocalAuthorizer({ settings: { maxTypeDepth: DEPTH } });
  const admin = fga.admin;
  await admin.createPermission({
    slug: 'org:view',
    name: 'View organization',
    resourceTypeSlug: 'organization',
  });
  for (let l = 1; l <= DEPTH; l++) {
    await admin.createResourceType({
      slug: `t${l}`,
      name: `Type ${l}`,
      parentTypeSlugs: [l === 1 ? 'organization' : `t${l - 1}`],
    });
    for (const action of ['view', 'edit', 'delete']) {
      await admin.createPermission({
        slug: permissionSlug(l, action),
        name: `${action} t${l}`,
        resourceTypeSlug: `t${l}`,
      });
    }
  }
  for (let l = 1; l <= DEPTH; l++) {
    for (let kind = 0; kind < ROLE_KINDS.length; kind++) {
      await admin.createEnvironmentRole({
        slug: roleSlug(l, kind),
        name: roleSlug(l, kind),
        resourceTypeSlug: `t${l}`,
      });
      await admin.setEnvironmentRolePermissions(roleSlug(l, kind), rolePermissions(l, kind));
    }
  }
  await admin.setEnvironmentRolePermissions('member', ['org:view']);
  await admin.createEnvironmentRole({ slug: 'org-admin', name: 'Organization admin' });
  const all = ['org:view'];
  for (let l = 1; l <= DEPTH; l++) all.push(...['view', 'edit', 'delete'].map((a) => permissionSlug(l, a)));
  await admin.setEnvironmentRolePermissions('org-admin', all);
  const { data: org } = await admin.createOrganization({ name: 'Bench Org', externalId: 'bench' });
  const modelMs = Number(process.hrtime.bigint() - t0) / 1e6;

  // Id arrays are allocated before the baselines so their slots are not counted as engine heap.
  const total = plan.level.length;
  const resourceIds = new Array<string>(total).fill('');
  const membershipIds = new Array<string>(plan.orgRole.length).fill('');

  const resources = await measurePhase(total, async () => {
    for (let i = 0; i < total; i++) {
      const l = plan.level[i] as number;
      const p = plan.parent[i] as number;
      const { data } = await admin.createResource({
        organizationId: org.id,
        resourceTypeSlug: `t${l}`,
        externalId: `r${i}`,
        name: `Resource ${i}`,
        ...(p === -1 ? {} : { parent: { id: resourceIds[p] as string } }),
      });
      resourceIds[i] = data.id;
    }
  });

  const memberships = await measurePhase(plan.orgRole.length, async () => {
    for (let m = 0; m < plan.orgRole.length; m++) {
      const { data: user } = await admin.createUser({ email: `user${m}@bench.test`, firstName: `User${m}` });
      const { data } = await admin.createOrganizationMembership({
        userId: user.id,
        organizationId: org.id,
        roleSlug: plan.orgRole[m] === 1 ? 'org-admin' : 'member',
      });
      membershipIds[m] = data.id;
    }
  });

  const assignments = await measurePhase(plan.assignMembership.length, async () => {
    for (let a = 0; a < plan.assignMembership.length; a++) {
      const r = plan.assignResource[a] as number;
      await admin.assignRole({
        membershipId: membershipIds[plan.assignMembership[a] as number] as string,
        roleSlug: roleSlug(plan.level[r] as number, plan.assignRoleKind[a] as number),
        resource: { id: resourceIds[r] as string },
      });
    }
  });

  return {
    fga,
    plan,
    organizationId: org.id,
    resourceIds,
    membershipIds,
    load: { model: { ms: modelMs }, resources, memberships, assignments },
  };
}

/** The resource path of a probe leaf, from depth 1 to 6 (global indexes). */
export function pathOf(plan: DatasetPlan, leaf: number): number[] {
  const path: number[] = [];
  for (let r = leaf; r !== -1; r = plan.parent[r] as number) path.unshift(r);
  return path;
}
