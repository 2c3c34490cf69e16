// Builds a generated world in a fresh engine and in the reference model, then replays a random write
// sequence on both. The reference predicts each write's outcome (success or error code); the engine
// must agree, every successful write must return a larger revision and a rejected one must leave it.
import type { Admin, CachedAuthorizer, FgaErrorCode } from '@fgakit/core';
import { describeError, errorMatches } from '../conformance/interpreter.js';
import { invalidatingAdmin, longLivedCache } from '../support/cached-backend.js';
import { createLocalAuthorizer, type LocalAuthorizerLike } from '../support/local-authorizer.js';
import { ORG, ReferenceModel } from './reference.js';
import type { RawOp, RawWorld } from './world.js';

const ORGANIZATION = 'organization';

/** A built world: the engine, the reference, and logical key → engine id. */
export interface Run {
  readonly fga: LocalAuthorizerLike;
  /** A long-lived decision cache over `fga`, invalidated by the revision of every admin write. */
  readonly cache: CachedAuthorizer;
  readonly ref: ReferenceModel;
  readonly ids: Map<string, string>;
  readonly orgId: string;
  /** Human-readable log of every write and its outcome, printed with any failure. */
  readonly trace: string[];
}

/** A planned write: what to call, what the reference expects, and how to record success. */
interface Planned {
  readonly label: string;
  /** `ok`, or the acceptable error codes. */
  readonly expect: 'ok' | readonly FgaErrorCode[];
  readonly run: () => Promise<unknown>;
  readonly commit?: (result: unknown) => void;
}

function at<T>(list: readonly T[], pick: number): T | undefined {
  return list.length === 0 ? undefined : list[pick % list.length];
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

function writtenId(result: unknown): string {
  const data = (result as { data?: { id?: unknown } } | undefined)?.data;
  if (typeof data?.id !== 'string') throw new Error(`write returned no data.id: ${JSON.stringify(result)}`);
  return data.id;
}

function revisionOf(result: unknown): number | undefined {
  const revision = (result as { revision?: unknown } | undefined)?.revision;
  return typeof revision === 'number' ? revision : undefined;
}

/** A failure message that carries the whole story: the world, the writes, and what went wrong. */
export function failure(run: Run, message: string): Error {
  const { ref } = run;
  const world = [
    `types: ${[...ref.types].map(([t, parents]) => `${t}<${parents.join('|')}>`).join(' ')}`,
    `permissions: ${ref.permissions.map((p) => p.slug).join(' ')}`,
    `roles: ${[...ref.roles].map(([slug, r]) => `${slug}@${r.type}[${r.permissions.join(',')}]`).join(' ')}`,
    `resources: ${[...ref.resources].map(([k, r]) => `${k}:${r.type}^${r.parent ?? '-'}`).join(' ')}`,
    `memberships: ${[...ref.memberships].map(([k, m]) => `${k}:${m.status}[${m.roles.join(',')}]`).join(' ')}`,
    `assignments: ${[...ref.assignments.values()].map((a) => `${a.m}:${a.role}@${a.resource}`).join(' ')}`,
  ];
  return new Error(
    `${message}\n--- final reference state\n${world.join('\n')}\n--- writes\n${run.trace.join('\n')}`,
  );
}

class Builder {
  private lastRevision = 0;
  private counter = 0;

  constructor(readonly run: Run) {
    this.admin = invalidatingAdmin(run.fga.admin, run.cache);
  }

  // every write goes through the invalidating admin, as a change feed would drive the cache
  readonly admin: Admin;

  id(key: string): string {
    const id = this.run.ids.get(key);
    if (id === undefined) throw new Error(`runner: no engine id for ${key}`);
    return id;
  }

  fresh(prefix: string): string {
    this.counter += 1;
    return `${prefix}${this.counter}`;
  }

  async init(): Promise<void> {
    this.lastRevision = await this.admin.revision();
  }

  /** Executes one planned write on the engine and compares it with the reference's prediction. */
  async apply(planned: Planned): Promise<void> {
    const before = this.lastRevision;
    let result: unknown;
    let error: unknown;
    let failed = false;
    try {
      result = await planned.run();
    } catch (err) {
      failed = true;
      error = err;
    }
    const outcome = failed ? describeError(error) : 'ok';
    this.run.trace.push(
      `${planned.label} → expected ${planned.expect === 'ok' ? 'ok' : planned.expect.join('|')}, got ${outcome}`,
    );
    if (planned.expect === 'ok') {
      if (failed) throw failure(this.run, `write "${planned.label}" should succeed: ${outcome}`);
      const revision = revisionOf(result);
      if (revision === undefined || revision <= before) {
        throw failure(
          this.run,
          `write "${planned.label}" returned revision ${revision}, not > ${before} (D18)`,
        );
      }
      this.lastRevision = revision;
      planned.commit?.(result);
      return;
    }
    if (!failed || !errorMatches(error, planned.expect)) {
      throw failure(
        this.run,
        `write "${planned.label}" should reject with ${planned.expect.join('|')}: ${outcome}`,
      );
    }
    const now = await this.admin.revision();
    if (now !== before)
      throw failure(this.run, `rejected write "${planned.label}" moved the revision ${before} → ${now}`);
  }

  resourceRef(key: string): { id: string } {
    return { id: this.id(key) };
  }
}

/** Builds the world described by `raw`; every setup write must succeed. */
async function build(b: Builder, raw: RawWorld): Promise<void> {
  const { ref } = b.run;
  const typeSlugs = raw.types.map((_, i) => `t${i + 1}`);
  for (const [i, t] of raw.types.entries()) {
    const picked = t.parents.map((p) => (p % (i + 1) === 0 ? ORGANIZATION : `t${p % (i + 1)}`));
    const chained = unique([...(t.chain && i > 0 ? [`t${i}`] : []), ...picked]);
    const parents = chained.length > 0 ? chained : [ORGANIZATION];
    const slug = typeSlugs[i]!;
    await b.apply({
      label: `type ${slug} under ${parents.join('|')}`,
      expect: 'ok',
      run: () => b.admin.createResourceType({ slug, name: slug, parentTypeSlugs: parents }),
      commit: () => ref.types.set(slug, parents),
    });
  }
  const allTypes = [ORGANIZATION, ...typeSlugs];
  for (const p of raw.permissions) {
    const type = at(allTypes, p.type)!;
    const slug = `${type}:${p.action}`;
    if (ref.everPermissions.has(slug)) continue;
    await b.apply({
      label: `permission ${slug}`,
      expect: 'ok',
      run: () => b.admin.createPermission({ slug, name: slug, resourceTypeSlug: type }),
      commit: () => {
        ref.permissions.push({ slug, type });
        ref.everPermissions.add(slug);
      },
    });
  }
  for (const [i, r] of raw.roles.entries()) {
    const type = i === 0 ? ORGANIZATION : at(allTypes, r.type)!;
    const slug = `r${i}`;
    const inScope = ref.permissions.filter((p) => ref.inScope(p.type, type)).map((p) => p.slug);
    const permissions = unique(r.permissions.flatMap((k) => at(inScope, k) ?? []));
    await b.apply({
      label: `role ${slug}@${type}`,
      expect: 'ok',
      run: () => b.admin.createEnvironmentRole({ slug, name: slug, resourceTypeSlug: type }),
      commit: () => ref.roles.set(slug, { type, permissions: [] }),
    });
    await b.apply({
      label: `role ${slug} permissions [${permissions.join(',')}]`,
      expect: 'ok',
      run: () => b.admin.setEnvironmentRolePermissions(slug, permissions),
      commit: () => {
        ref.roles.get(slug)!.permissions = permissions;
      },
    });
  }
  for (const [i, r] of raw.resources.entries()) {
    // newest first among resources that can have children, so small picks build deep chains
    const childTypes = (parentType: string) =>
      typeSlugs.filter((t) => ref.types.get(t)!.includes(parentType));
    const existing = [...ref.resources.keys()]
      .reverse()
      .filter((key) => childTypes(ref.resources.get(key)!.type).length > 0);
    const parent = at(existing, r.parent)!;
    const type = at(childTypes(ref.resources.get(parent)!.type), r.type)!;
    const key = `r${i}`;
    await b.apply({
      label: `resource ${key}:${type} under ${parent}`,
      expect: 'ok',
      run: () =>
        b.admin.createResource({
          organizationId: b.run.orgId,
          resourceTypeSlug: type,
          externalId: `e${i}`,
          name: key,
          parent: parent === ORG ? null : b.resourceRef(parent),
        }),
      commit: (result) => {
        ref.resources.set(key, { type, parent, externalId: `e${i}` });
        b.run.ids.set(key, writtenId(result));
      },
    });
  }
  const orgRoles = [...ref.roles].filter(([, role]) => role.type === ORGANIZATION).map(([slug]) => slug);
  for (const [i, m] of raw.memberships.entries()) {
    const key = `m${i}`;
    const roles = unique(m.roles.flatMap((k) => at(orgRoles, k) ?? []));
    const roleSlugs = roles.length > 0 ? roles : [orgRoles[0]!];
    let userId = '';
    await b.apply({
      label: `user u${i}`,
      expect: 'ok',
      run: () => b.admin.createUser({ email: `u${i}@example.com` }),
      commit: (result) => {
        userId = writtenId(result);
      },
    });
    await b.apply({
      label: `membership ${key} [${roleSlugs.join(',')}]${m.status === 'pending' ? ' pending' : ''}`,
      expect: 'ok',
      run: () =>
        b.admin.createOrganizationMembership({
          userId,
          organizationId: b.run.orgId,
          roleSlugs,
          ...(m.status === 'pending' ? { status: 'pending' as const } : {}),
        }),
      commit: (result) => {
        ref.memberships.set(key, { status: m.status === 'pending' ? 'pending' : 'active', roles: roleSlugs });
        b.run.ids.set(key, writtenId(result));
      },
    });
    if (m.status === 'inactive') {
      await b.apply({
        label: `deactivate ${key}`,
        expect: 'ok',
        run: () => b.admin.deactivateOrganizationMembership(b.id(key)),
        commit: () => {
          ref.memberships.get(key)!.status = 'inactive';
        },
      });
    }
  }
  for (const a of raw.assignments) {
    const m = at([...ref.memberships.keys()], a.m)!;
    const [roleSlug, role] = at([...ref.roles], a.role)!;
    const candidates = [...ref.resources].filter(([, node]) => node.type === role.type).map(([key]) => key);
    const resource = at(candidates, a.resource);
    if (resource === undefined || ref.findAssignment(m, roleSlug, resource) !== undefined) continue;
    await b.apply(planAssign(b, m, roleSlug, resource, 'ok'));
  }
}

function planAssign(
  b: Builder,
  m: string,
  roleSlug: string,
  resource: string,
  expect: Planned['expect'],
): Planned {
  const { ref } = b.run;
  const key = b.fresh('a');
  return {
    label: `assign ${m} ${roleSlug} on ${resource}`,
    expect,
    run: () => b.admin.assignRole({ membershipId: b.id(m), roleSlug, resource: b.resourceRef(resource) }),
    commit: (result) => {
      ref.assignments.set(key, { m, role: roleSlug, resource });
      b.run.ids.set(key, writtenId(result));
    },
  };
}

/** Resolves a random write against the current reference state; `undefined` when it does not apply. */
function plan(b: Builder, op: RawOp): Planned | undefined {
  const { ref } = b.run;
  const memberships = [...ref.memberships.keys()];
  const roles = [...ref.roles.keys()];
  const allResources = [...ref.resources.keys()];
  const resources = allResources.filter((key) => key !== ORG);
  const permissions = ref.permissions.map((p) => p.slug);
  switch (op.kind) {
    case 'assign': {
      const m = at(memberships, op.m);
      const roleSlug = at(roles, op.role);
      if (m === undefined || roleSlug === undefined) return undefined;
      const type = ref.roles.get(roleSlug)!.type;
      const matching = allResources.filter((key) => ref.resources.get(key)!.type === type);
      // a third of the time any resource, to exercise role_resource_type_mismatch
      const resource = at(op.resource % 3 === 0 ? allResources : matching, op.resource);
      if (resource === undefined) return undefined;
      const expect: Planned['expect'] =
        ref.resources.get(resource)!.type !== type
          ? ['role_resource_type_mismatch']
          : ref.findAssignment(m, roleSlug, resource) !== undefined
            ? ['role_assignment_already_exists']
            : 'ok';
      return planAssign(b, m, roleSlug, resource, expect);
    }
    case 'removeRole': {
      const m = at(memberships, op.m);
      const roleSlug = at(roles, op.role);
      if (m === undefined || roleSlug === undefined) return undefined;
      const type = ref.roles.get(roleSlug)!.type;
      const resource = at(
        allResources.filter((key) => ref.resources.get(key)!.type === type),
        op.resource,
      );
      if (resource === undefined) return undefined;
      const existing = ref.findAssignment(m, roleSlug, resource);
      return {
        label: `removeRole ${m} ${roleSlug} on ${resource}`,
        expect: existing === undefined ? ['entity_not_found'] : 'ok',
        run: () => b.admin.removeRole({ membershipId: b.id(m), roleSlug, resource: b.resourceRef(resource) }),
        commit: () => ref.assignments.delete(existing!),
      };
    }
    case 'removeAssignment': {
      const key = at([...ref.assignments.keys()], op.pick);
      if (key === undefined) return undefined;
      const a = ref.assignments.get(key)!;
      return {
        label: `removeRoleAssignment ${key} (${a.m} ${a.role} on ${a.resource})`,
        expect: 'ok',
        run: () => b.admin.removeRoleAssignment({ membershipId: b.id(a.m), roleAssignmentId: b.id(key) }),
        commit: () => ref.assignments.delete(key),
      };
    }
    case 'reparent': {
      const resource = at(resources, op.resource);
      if (resource === undefined) return undefined;
      const node = ref.resources.get(resource)!;
      const validTypes = ref.types.get(node.type)!;
      // half the time only type-valid parents, so moves actually happen
      const pool =
        op.parent % 2 === 0
          ? allResources.filter((k) => k !== node.parent && validTypes.includes(ref.resources.get(k)!.type))
          : allResources;
      const parent = at(pool, op.parent);
      if (parent === undefined || parent === node.parent) return undefined;
      const expect: Planned['expect'] =
        parent === resource || ref.isStrictDescendant(parent, resource)
          ? ['resource_hierarchy_cycle', 'invalid_parent_resource_type']
          : validTypes.includes(ref.resources.get(parent)!.type)
            ? 'ok'
            : ['invalid_parent_resource_type'];
      return {
        label: `reparent ${resource} under ${parent}`,
        expect,
        run: () =>
          b.admin.updateResource(b.resourceRef(resource), {
            parent: parent === ORG ? null : b.resourceRef(parent),
          }),
        commit: () => {
          node.parent = parent;
        },
      };
    }
    case 'setPermissions': {
      const roleSlug = at(roles, op.role);
      if (roleSlug === undefined) return undefined;
      const role = ref.roles.get(roleSlug)!;
      const pool = op.inScope
        ? ref.permissions.filter((p) => ref.inScope(p.type, role.type))
        : ref.permissions;
      const chosen = unique(op.permissions.flatMap((k) => at(pool, k)?.slug ?? []));
      const outOfScope = chosen.some((slug) => !ref.inScope(ref.permissionType(slug)!, role.type));
      return {
        label: `setPermissions ${roleSlug} [${chosen.join(',')}]`,
        expect: outOfScope ? ['permission_out_of_scope'] : 'ok',
        run: () => b.admin.setEnvironmentRolePermissions(roleSlug, chosen),
        commit: () => {
          role.permissions = chosen;
        },
      };
    }
    case 'addPermission': {
      const roleSlug = at(roles, op.role);
      const slug = at(permissions, op.permission);
      if (roleSlug === undefined || slug === undefined) return undefined;
      const role = ref.roles.get(roleSlug)!;
      // adding a present permission is a documented no-op; D18 does not say whether it bumps the revision
      if (role.permissions.includes(slug)) return undefined;
      return {
        label: `addPermission ${roleSlug} ${slug}`,
        expect: ref.inScope(ref.permissionType(slug)!, role.type) ? 'ok' : ['permission_out_of_scope'],
        run: () => b.admin.addEnvironmentRolePermission(roleSlug, slug),
        commit: () => role.permissions.push(slug),
      };
    }
    case 'removePermission': {
      const roleSlug = at(roles, op.role);
      if (roleSlug === undefined) return undefined;
      const role = ref.roles.get(roleSlug)!;
      const slug = at(role.permissions, op.permission);
      if (slug === undefined) return undefined;
      return {
        label: `removePermission ${roleSlug} ${slug}`,
        expect: 'ok',
        run: () => b.admin.removeEnvironmentRolePermission(roleSlug, slug),
        commit: () => {
          role.permissions = role.permissions.filter((p) => p !== slug);
        },
      };
    }
    case 'deactivate':
    case 'reactivate': {
      const m = at(memberships, op.m);
      if (m === undefined) return undefined;
      const membership = ref.memberships.get(m)!;
      const target = op.kind === 'deactivate' ? 'inactive' : 'active';
      // already in the target state: a documented no-op, skipped for the same reason as addPermission
      if (membership.status === target) return undefined;
      return {
        label: `${op.kind} ${m} (${membership.status})`,
        expect:
          membership.status === 'pending'
            ? [`cannot_${op.kind}_pending_organization_membership` as FgaErrorCode]
            : 'ok',
        run: () =>
          op.kind === 'deactivate'
            ? b.admin.deactivateOrganizationMembership(b.id(m))
            : b.admin.reactivateOrganizationMembership(b.id(m)),
        commit: () => {
          membership.status = target;
        },
      };
    }
    case 'deleteResource': {
      const resource = at(resources, op.resource);
      if (resource === undefined) return undefined;
      const hasAssignments = [...ref.assignments.values()].some((a) => a.resource === resource);
      const blocked = !op.cascade && (ref.hasChildren(resource) || hasAssignments);
      return {
        label: `deleteResource ${resource}${op.cascade ? ' cascade' : ''}`,
        expect: blocked ? ['resource_has_dependents'] : 'ok',
        run: () => b.admin.deleteResource(b.resourceRef(resource), { cascadeDelete: op.cascade }),
        commit: () => ref.deleteResourceTree(resource),
      };
    }
    case 'deleteMembership': {
      const m = at(memberships, op.m);
      if (m === undefined) return undefined;
      return {
        label: `deleteMembership ${m}`,
        expect: 'ok',
        run: () => b.admin.deleteOrganizationMembership(b.id(m)),
        commit: () => ref.deleteMembership(m),
      };
    }
    case 'createResource': {
      const types = [...ref.types.keys()].filter((t) => t !== ORGANIZATION);
      const type = at(types, op.type)!;
      const validParents = allResources.filter((k) =>
        ref.types.get(type)!.includes(ref.resources.get(k)!.type),
      );
      const parent = at(validParents, op.parent);
      if (parent === undefined) return undefined;
      const clash = [...ref.resources.values()].some(
        (r) => r.type === type && r.externalId === op.externalId,
      );
      const key = b.fresh('n');
      return {
        label: `createResource ${key}:${type} "${op.externalId}" under ${parent}`,
        expect: clash ? ['authorization_resource_external_id_conflict'] : 'ok',
        run: () =>
          b.admin.createResource({
            organizationId: b.run.orgId,
            resourceTypeSlug: type,
            externalId: op.externalId,
            name: key,
            parent: parent === ORG ? null : b.resourceRef(parent),
          }),
        commit: (result) => {
          ref.resources.set(key, { type, parent, externalId: op.externalId });
          b.run.ids.set(key, writtenId(result));
        },
      };
    }
    case 'setOrgRoles': {
      const m = at(memberships, op.m);
      const orgRoles = roles.filter((slug) => ref.roles.get(slug)!.type === ORGANIZATION);
      const chosen = unique(op.roles.flatMap((k) => at(orgRoles, k) ?? []));
      if (m === undefined || chosen.length === 0) return undefined;
      return {
        label: `setOrgRoles ${m} [${chosen.join(',')}]`,
        expect: 'ok',
        run: () => b.admin.updateOrganizationMembership(b.id(m), { roleSlugs: chosen }),
        commit: () => {
          ref.memberships.get(m)!.roles = chosen;
        },
      };
    }
    case 'deletePermission': {
      const slug = at(permissions, op.permission);
      if (slug === undefined) return undefined;
      return {
        label: `deletePermission ${slug}`,
        expect: 'ok',
        run: () => b.admin.deletePermission(slug),
        commit: () => ref.deletePermission(slug),
      };
    }
  }
}

/** Fills the cache with a check and effective-permissions answer for every triple, before the writes. */
async function warm(run: Run): Promise<void> {
  const { ref, cache, ids } = run;
  for (const m of ref.memberships.keys()) {
    for (const r of ref.resources.keys()) {
      const query = { membershipId: ids.get(m)!, resource: { id: ids.get(r)! } };
      await cache.effectivePermissions(query);
      for (const permission of ref.everPermissions) await cache.check({ ...query, permission });
    }
  }
}

/**
 * Builds `raw` in a fresh engine and the reference, then replays `ops` on both. With `warmCache`,
 * the decision cache answers every question once before the writes, so stale entries would show.
 */
export async function buildAndRun(raw: RawWorld, ops: readonly RawOp[], warmCache = false): Promise<Run> {
  const fga = createLocalAuthorizer();
  const cache = longLivedCache(fga);
  const organization = await fga.admin.createOrganization({ name: 'acme' });
  const orgId = organization.data.id;
  const root = await fga.admin.getResource({ organizationId: orgId, type: ORGANIZATION, externalId: orgId });
  const run: Run = {
    fga,
    cache,
    ref: new ReferenceModel(),
    ids: new Map([[ORG, root.id]]),
    orgId,
    trace: [],
  };
  const b = new Builder(run);
  await b.init();
  await build(b, raw);
  if (warmCache) await warm(run);
  run.trace.push('--- random writes');
  for (const op of ops) {
    const planned = plan(b, op);
    if (planned) await b.apply(planned);
  }
  return run;
}
