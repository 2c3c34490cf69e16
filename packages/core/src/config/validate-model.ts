// Turns an already-parsed model file (plain data) into a ModelDocument: checks its shape entry by
// entry, fills defaults, then checks every cross-reference, and reports every problem at once.
import type { z } from 'zod';
import { ValidationError, type ValidationIssue } from '../errors.js';
import { ORGANIZATION_TYPE } from '../model/types.js';
import { didYouMean } from './did-you-mean.js';
import type {
  ModelDocument,
  ModelMembership,
  ModelOrganization,
  ModelPermission,
  ModelResource,
  ModelResourceRef,
  ModelResourceType,
  ModelRole,
  ModelRoleAssignment,
  ModelSettings,
  ModelUser,
} from './model-document.js';
import {
  type customRoleSchema,
  documentSchema,
  fromZodIssues,
  makeIssue,
  membershipSchema,
  organizationSchema,
  type Path,
  permissionSchema,
  type ResourceInput,
  resourceTypeSchema,
  roleSchema,
  settingsSchema,
  userSchema,
} from './model-schema.js';

/** Options of {@link validateModel}. */
export interface ValidateModelOptions {
  /** Names the input in messages (a file path, or e.g. `inline model`). */
  readonly source?: string;
}

/** Engine default when `settings.maxTypeDepth` is left out. */
const DEFAULT_MAX_TYPE_DEPTH = 5;

/**
 * Every environment starts with the organization role `member` (the default role, no permissions),
 * so a model may use it without defining it; defining it sets its name and permissions.
 */
const BUILT_IN_MEMBER: ModelRole = {
  slug: 'member',
  name: 'Member',
  description: null,
  resourceType: ORGANIZATION_TYPE,
  permissions: [],
};

const SECTION_ORDER = [
  '(document)',
  '$schema',
  'version',
  'settings',
  'resourceTypes',
  'permissions',
  'roles',
  'organizations',
  'users',
  'memberships',
];

/**
 * Validates a model given as plain data (what `YAML.parse` or `JSON.parse` returns, or an object
 * written in code) and returns it with every default filled in.
 *
 * @throws ValidationError `invalid_model_file` with one issue per problem, in document order.
 *
 * @example Validating a model written in code
 * ```ts
 * const model = validateModel({
 *   resourceTypes: [{ slug: 'project' }],
 *   permissions: [{ slug: 'project:edit', resourceType: 'project' }],
 *   roles: [{ slug: 'project-editor', resourceType: 'project', permissions: ['project:edit'] }],
 * });
 * model.resourceTypes[0]?.parents; // ['organization']
 * ```
 */
export function validateModel(input: unknown, options: ValidateModelOptions = {}): ModelDocument {
  const source = options.source ?? null;
  const checker = new ModelChecker();
  const model = checker.run(input, source);
  throwIfIssues(checker.issues, source);
  return model;
}

/**
 * Throws the `invalid_model_file` error for a list of issues, if there are any.
 * @internal shared with `parseModel` for syntax errors.
 */
export function throwIfIssues(issues: readonly ValidationIssue[], source: string | null): void {
  if (issues.length === 0) return;
  const sorted = sortIssues(issues);
  const where = source === null ? 'Invalid model file' : `Invalid model file ${source}`;
  const message =
    sorted.length === 1
      ? `${where}: ${sorted[0]!.message}`
      : `${where} (${sorted.length} problems):\n${sorted.map((i) => `  - ${i.message}`).join('\n')}`;
  throw new ValidationError('invalid_model_file', message, {
    issues: sorted,
    details: source === null ? {} : { source },
  });
}

/** Document order: sections in file order, entries by index; otherwise the order they were found. */
function sortIssues(issues: readonly ValidationIssue[]): ValidationIssue[] {
  const tokens = (field: string): (string | number)[] =>
    field
      .split(/[.[\]]+/)
      .flatMap((t): (string | number)[] => (t === '' ? [] : /^\d+$/.test(t) ? [Number(t)] : [t]));
  const keyed = issues.map((issue, order) => ({ issue, order, tokens: tokens(issue.field) }));
  keyed.sort((a, b) => {
    const n = Math.min(a.tokens.length, b.tokens.length);
    for (let i = 0; i < n; i++) {
      const x = a.tokens[i]!;
      const y = b.tokens[i]!;
      if (x === y) continue;
      if (typeof x === 'number' && typeof y === 'number') return x - y;
      if (i === 0) return SECTION_ORDER.indexOf(String(x)) - SECTION_ORDER.indexOf(String(y));
      break;
    }
    return a.order - b.order;
  });
  return keyed.map((k) => k.issue);
}

/** `workspace-admin` → `Workspace Admin`. */
function titleCase(slug: string): string {
  return slug
    .split(/[-_]+/)
    .filter((w) => w !== '')
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join(' ');
}

/** A role known to the checks, and where it was defined. */
interface KnownRole {
  readonly role: ModelRole;
  readonly path: Path;
}

/** An organization known to the checks; `broken` when its entry failed the shape checks. */
interface KnownOrganization {
  readonly organization: ModelOrganization | null;
  /** `type:externalId` → resource type, for every resource of its tree. */
  readonly resources: Map<string, string>;
  readonly customRoles: Map<string, KnownRole>;
}

function refKey(type: string, externalId: string): string {
  return `${type}:${externalId}`;
}

class ModelChecker {
  readonly issues: ValidationIssue[] = [];
  private settings: ModelSettings = {};
  /** Type slug → its parents (or `null` when its entry is broken: referenced, but not checked). */
  private readonly types = new Map<string, readonly string[] | null>([[ORGANIZATION_TYPE, []]]);
  /** Permission slug → its resource type (`null` when its entry is broken). */
  private readonly permissions = new Map<string, string | null>();
  private readonly roles = new Map<string, KnownRole | null>();
  private readonly organizations = new Map<string, KnownOrganization>();
  private readonly users = new Set<string>();

  private add(path: Path, code: string, message: string): void {
    this.issues.push(makeIssue(path, code, message));
  }

  /**
   * Visits each distinct slug of a list at its own path (`<path>.<field>[j]`); a repeat is reported
   * once where it stands, as `<noun> "<slug>" is listed twice`. Answers the distinct slugs in order.
   */
  private eachDistinct(
    path: Path,
    field: string,
    slugs: readonly string[],
    duplicate: { readonly code: string; readonly noun: string },
    visit: (slug: string, at: Path) => void,
  ): string[] {
    const seen = new Set<string>();
    slugs.forEach((slug, j) => {
      const at = [...path, field, j];
      if (seen.has(slug)) {
        this.add(at, duplicate.code, `${duplicate.noun} "${slug}" is listed twice; remove one`);
        return;
      }
      seen.add(slug);
      visit(slug, at);
    });
    return [...seen];
  }

  /**
   * Parses one entry with its schema; on failure records the issues. When every failing field is
   * listed in `salvage` (or is an unknown field), the entry is parsed again without those fields so
   * the rest is still cross-checked: one typo must not hide the other problems of its entry.
   */
  private parse<T>(
    schema: z.ZodType<T>,
    value: unknown,
    path: Path,
    salvage: readonly string[] = [],
  ): { readonly data: T; readonly dropped: ReadonlySet<string> } | undefined {
    const result = schema.safeParse(value, { reportInput: true });
    if (result.success) return { data: result.data, dropped: new Set() };
    this.issues.push(...fromZodIssues(path, result.error.issues));
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    const dropped = new Set<string>();
    for (const issue of result.error.issues) {
      if (issue.code === 'unrecognized_keys' && issue.path.length === 0) {
        for (const key of issue.keys) dropped.add(key);
        continue;
      }
      const key = issue.path[0];
      if (typeof key !== 'string' || !salvage.includes(key)) return undefined;
      dropped.add(key);
    }
    const rest = Object.fromEntries(Object.entries(value).filter(([key]) => !dropped.has(key)));
    const retry = schema.safeParse(rest);
    return retry.success ? { data: retry.data, dropped } : undefined;
  }

  /** The string at `value[key]`, if any: names of broken entries still count as defined. */
  private static keyOf(value: unknown, key: string): string | undefined {
    if (typeof value !== 'object' || value === null) return undefined;
    const v = (value as Record<string, unknown>)[key];
    return typeof v === 'string' ? v : undefined;
  }

  run(input: unknown, source: string | null): ModelDocument {
    const doc = this.parse(documentSchema, input ?? {}, [], Object.keys(documentSchema.shape))?.data ?? {};
    if (doc.settings !== undefined) {
      const parsed =
        this.parse(settingsSchema, doc.settings, ['settings'], Object.keys(settingsSchema.shape))?.data ?? {};
      this.settings = {
        ...(parsed.multipleRoles === undefined ? {} : { multipleRoles: parsed.multipleRoles }),
        ...(parsed.defaultRoleSlug === undefined ? {} : { defaultRoleSlug: parsed.defaultRoleSlug }),
        ...(parsed.maxTypeDepth === undefined ? {} : { maxTypeDepth: parsed.maxTypeDepth }),
      };
    }
    const resourceTypes = this.checkResourceTypes(doc.resourceTypes ?? []);
    const permissions = this.checkPermissions(doc.permissions ?? []);
    const roles = this.checkRoles(doc.roles ?? []);
    this.checkSettings();
    const organizations = this.checkOrganizations(doc.organizations ?? []);
    const users = this.checkUsers(doc.users ?? []);
    const memberships = this.checkMemberships(doc.memberships ?? []);
    return {
      source,
      settings: this.settings,
      resourceTypes,
      permissions,
      roles,
      organizations,
      users,
      memberships,
    };
  }

  // --- resource types ---------------------------------------------------------------------------

  private checkResourceTypes(entries: readonly unknown[]): ModelResourceType[] {
    const out: { type: ModelResourceType; path: Path }[] = [];
    const firstAt = new Map<string, number>();
    entries.forEach((entry, i) => {
      const path: Path = ['resourceTypes', i];
      const parsed = this.parse(resourceTypeSchema, entry, path, ['name', 'description'])?.data;
      if (parsed === undefined) {
        const slug = ModelChecker.keyOf(entry, 'slug');
        if (slug !== undefined && !this.types.has(slug)) this.types.set(slug, null);
        return;
      }
      if (parsed.slug === ORGANIZATION_TYPE) {
        this.add(
          [...path, 'slug'],
          'resource_type_reserved',
          '"organization" is the built-in root type; remove this entry (every type can sit under it)',
        );
        return;
      }
      const first = firstAt.get(parsed.slug);
      if (first !== undefined) {
        this.add(
          [...path, 'slug'],
          'duplicate_slug',
          `resource type "${parsed.slug}" is already defined at resourceTypes[${first}]; rename or remove one`,
        );
        return;
      }
      firstAt.set(parsed.slug, i);
      const type: ModelResourceType = {
        slug: parsed.slug,
        name: parsed.name ?? titleCase(parsed.slug),
        description: parsed.description ?? null,
        parents: parsed.parents ?? [ORGANIZATION_TYPE],
      };
      this.types.set(type.slug, type.parents);
      out.push({ type, path });
    });

    // Parents must exist, once each; the graph must be acyclic and not too deep.
    const valid = new Map<string, readonly string[]>();
    for (const { type, path } of out) {
      const parents: string[] = [];
      const duplicate = { code: 'duplicate_parent_type', noun: 'parent type' };
      this.eachDistinct(path, 'parents', type.parents, duplicate, (parent, at) => {
        if (parent === type.slug) {
          this.add(at, 'resource_hierarchy_cycle', `resource type "${parent}" cannot be its own parent`);
        } else if (!this.types.has(parent)) {
          this.add(
            at,
            'resource_type_not_found',
            `resource type "${parent}" is not defined${didYouMean(parent, this.types.keys())}`,
          );
        } else {
          parents.push(parent);
        }
      });
      if (type.parents.length === 0) {
        this.add(
          [...path, 'parents'],
          'invalid_parent_resource_type',
          'must name at least one parent type (omit it to mean [organization])',
        );
      }
      valid.set(type.slug, parents);
      // A type with a bad parent list is known but not trusted: checks that need its place in the
      // hierarchy skip it rather than report consequences of the problem already reported.
      if (parents.length !== type.parents.length || parents.length === 0) this.types.set(type.slug, null);
    }
    this.checkTypeGraph(out, valid);
    return out.map((o) => o.type);
  }

  private checkTypeGraph(
    types: readonly { type: ModelResourceType; path: Path }[],
    parentsOf: ReadonlyMap<string, readonly string[]>,
  ): void {
    const pathOf = new Map(types.map((t) => [t.type.slug, t.path] as const));
    // Cycles: depth-first over child → parent edges; report each cycle once, at its closing edge.
    const state = new Map<string, 'visiting' | 'done'>();
    const stack: string[] = [];
    const inCycle = new Set<string>();
    const visit = (slug: string): void => {
      state.set(slug, 'visiting');
      stack.push(slug);
      (parentsOf.get(slug) ?? []).forEach((parent) => {
        const s = state.get(parent);
        if (s === 'visiting') {
          const cycle = [...stack.slice(stack.indexOf(parent)), parent];
          for (const c of cycle) inCycle.add(c);
          const j = types.find((t) => t.type.slug === slug)!.type.parents.indexOf(parent);
          this.add(
            [...pathOf.get(slug)!, 'parents', j],
            'resource_hierarchy_cycle',
            `resource types form a cycle (${cycle.reverse().join(' → ')}); every type must lead up to organization`,
          );
        } else if (s === undefined && parentsOf.has(parent)) {
          visit(parent);
        }
      });
      stack.pop();
      state.set(slug, 'done');
    };
    for (const { type } of types) if (!state.has(type.slug)) visit(type.slug);

    // Depth: levels below organization along the longest parent chain (SPEC D11).
    const limit = this.settings.maxTypeDepth ?? DEFAULT_MAX_TYPE_DEPTH;
    const depth = new Map<string, number>([[ORGANIZATION_TYPE, 0]]);
    const depthOf = (slug: string): number => {
      const known = depth.get(slug);
      if (known !== undefined) return known;
      depth.set(slug, 0); // guards against cycles, which are reported above
      const parents = parentsOf.get(slug) ?? [];
      const d = 1 + Math.max(0, ...parents.map(depthOf));
      depth.set(slug, d);
      return d;
    };
    for (const { type, path } of types) {
      if (inCycle.has(type.slug)) continue;
      const d = depthOf(type.slug);
      if (d > limit) {
        this.add(
          [...path, 'parents'],
          'resource_hierarchy_too_deep',
          `resource type "${type.slug}" sits ${d} levels below organization; the limit is ${limit} (raise settings.maxTypeDepth or flatten the hierarchy)`,
        );
      }
    }
  }

  /** Whether `ancestor` is `type` or lies above it; `undefined` when a broken type hides the answer. */
  private isAncestorOrSelf(ancestor: string, type: string): boolean | undefined {
    if (ancestor === type || ancestor === ORGANIZATION_TYPE) return true;
    const seen = new Set<string>();
    const queue = [type];
    let unsure = false;
    while (queue.length > 0) {
      const t = queue.pop()!;
      if (seen.has(t)) continue;
      seen.add(t);
      const parents = this.types.get(t);
      if (parents == null) unsure = true;
      for (const p of parents ?? []) {
        if (p === ancestor) return true;
        queue.push(p);
      }
    }
    return unsure ? undefined : false;
  }

  private checkTypeRef(path: Path, type: string): boolean {
    if (this.types.has(type)) return true;
    this.add(
      path,
      'resource_type_not_found',
      `resource type "${type}" is not defined${didYouMean(type, this.types.keys())}`,
    );
    return false;
  }

  // --- permissions ------------------------------------------------------------------------------

  private checkPermissions(entries: readonly unknown[]): ModelPermission[] {
    const out: ModelPermission[] = [];
    const firstAt = new Map<string, number>();
    entries.forEach((entry, i) => {
      const path: Path = ['permissions', i];
      const parsed = this.parse(permissionSchema, entry, path, ['name', 'description'])?.data;
      if (parsed === undefined) {
        const slug = ModelChecker.keyOf(entry, 'slug');
        if (slug !== undefined && !this.permissions.has(slug)) this.permissions.set(slug, null);
        return;
      }
      const first = firstAt.get(parsed.slug);
      if (first !== undefined) {
        this.add(
          [...path, 'slug'],
          'duplicate_slug',
          `permission "${parsed.slug}" is already defined at permissions[${first}]; a slug belongs to exactly one resource type`,
        );
        return;
      }
      firstAt.set(parsed.slug, i);
      const resourceType = parsed.resourceType ?? ORGANIZATION_TYPE;
      const typeOk = this.checkTypeRef([...path, 'resourceType'], resourceType);
      this.permissions.set(parsed.slug, typeOk ? resourceType : null);
      out.push({
        slug: parsed.slug,
        name: parsed.name ?? parsed.slug,
        description: parsed.description ?? null,
        resourceType,
      });
    });
    return out;
  }

  // --- roles ------------------------------------------------------------------------------------

  /** Checks a role's type and permissions (shared by environment and custom roles). */
  private checkRoleBody(
    path: Path,
    parsed: z.infer<typeof roleSchema> | z.infer<typeof customRoleSchema>,
  ): ModelRole {
    const resourceType = parsed.resourceType ?? ORGANIZATION_TYPE;
    const typeOk = this.checkTypeRef([...path, 'resourceType'], resourceType);
    const permissions = parsed.permissions ?? [];
    const duplicate = { code: 'duplicate_permission', noun: 'permission' };
    const distinct = this.eachDistinct(path, 'permissions', permissions, duplicate, (slug, at) => {
      if (!this.permissions.has(slug)) {
        this.add(
          at,
          'permission_not_found',
          `permission "${slug}" is not defined${didYouMean(slug, this.permissions.keys())}`,
        );
        return;
      }
      const permissionType = this.permissions.get(slug);
      if (typeOk && permissionType != null && this.isAncestorOrSelf(resourceType, permissionType) === false) {
        this.add(
          at,
          'permission_out_of_scope',
          `permission "${slug}" is scoped to ${permissionType}, which is not ${resourceType} or below it; a role scoped to ${resourceType} may only hold permissions of ${resourceType} and its descendant types (scope the role higher, or drop the permission)`,
        );
      }
    });
    return {
      slug: parsed.slug,
      name: parsed.name ?? titleCase(parsed.slug),
      description: parsed.description ?? null,
      resourceType,
      permissions: distinct,
    };
  }

  private checkRoles(entries: readonly unknown[]): ModelRole[] {
    const out: ModelRole[] = [];
    entries.forEach((entry, i) => {
      const path: Path = ['roles', i];
      const parsed = this.parse(roleSchema, entry, path, ['name', 'description', 'permissions'])?.data;
      if (parsed === undefined) {
        const slug = ModelChecker.keyOf(entry, 'slug');
        if (slug !== undefined && !this.roles.has(slug)) this.roles.set(slug, null);
        return;
      }
      const existing = this.roles.get(parsed.slug);
      if (existing) {
        this.add(
          [...path, 'slug'],
          'duplicate_slug',
          `role "${parsed.slug}" is already defined at roles[${String(existing.path[1])}]; rename or remove one`,
        );
        return;
      }
      const role = this.checkRoleBody(path, parsed);
      this.roles.set(role.slug, { role, path });
      out.push(role);
    });
    return out;
  }

  private checkSettings(): void {
    const slug = this.settings.defaultRoleSlug;
    if (slug === undefined || slug === BUILT_IN_MEMBER.slug) return;
    const known = this.roles.get(slug);
    if (known === undefined) {
      this.add(
        ['settings', 'defaultRoleSlug'],
        'invalid_role',
        `role "${slug}" is not defined${didYouMean(slug, this.roles.keys())}`,
      );
    } else if (known !== null && known.role.resourceType !== ORGANIZATION_TYPE) {
      this.add(
        ['settings', 'defaultRoleSlug'],
        'sub_resource_scoped_role_not_allowed',
        `role "${slug}" is scoped to ${known.role.resourceType}; the default role must be an organization role`,
      );
    }
  }

  // --- organizations and their resources --------------------------------------------------------

  private checkOrganizations(entries: readonly unknown[]): ModelOrganization[] {
    const out: ModelOrganization[] = [];
    const firstAt = new Map<string, number>();
    entries.forEach((entry, i) => {
      const path: Path = ['organizations', i];
      const parsed = this.parse(organizationSchema, entry, path, ['name'])?.data;
      if (parsed === undefined) {
        const id = ModelChecker.keyOf(entry, 'externalId');
        if (id !== undefined && !this.organizations.has(id)) {
          this.organizations.set(id, { organization: null, resources: new Map(), customRoles: new Map() });
        }
        return;
      }
      const first = firstAt.get(parsed.externalId);
      if (first !== undefined) {
        this.add(
          [...path, 'externalId'],
          'duplicate_external_id',
          `organization "${parsed.externalId}" is already defined at organizations[${first}]; external ids are unique`,
        );
        return;
      }
      firstAt.set(parsed.externalId, i);

      const customRoles = new Map<string, KnownRole>();
      const roles: ModelRole[] = [];
      (parsed.roles ?? []).forEach((r, j) => {
        const at = [...path, 'roles', j];
        if (this.roles.has(r.slug)) {
          this.add(
            [...at, 'slug'],
            'role_slug_conflict',
            `"${r.slug}" is already an environment role; rename this custom role`,
          );
          return;
        }
        if (customRoles.has(r.slug)) {
          this.add(
            [...at, 'slug'],
            'duplicate_slug',
            `custom role "${r.slug}" is defined twice in this organization`,
          );
          return;
        }
        const role = this.checkRoleBody(at, r);
        customRoles.set(role.slug, { role, path: at });
        roles.push(role);
      });

      const resources = new Map<string, string>();
      const tree = (parsed.resources ?? []).flatMap((r, j) =>
        this.checkResource([...path, 'resources', j], r, ORGANIZATION_TYPE, resources),
      );
      const organization: ModelOrganization = {
        externalId: parsed.externalId,
        name: parsed.name,
        roles,
        resources: tree,
      };
      this.organizations.set(parsed.externalId, { organization, resources, customRoles });
      out.push(organization);
    });
    return out;
  }

  private checkResource(
    path: Path,
    input: ResourceInput,
    parentType: string,
    seen: Map<string, string>,
  ): ModelResource[] {
    const key = refKey(input.type, input.externalId);
    if (input.type === ORGANIZATION_TYPE) {
      this.add(
        [...path, 'type'],
        'invalid_parent_resource_type',
        'the organization resource is created with its organization; list only resources below it',
      );
    } else if (this.checkTypeRef([...path, 'type'], input.type)) {
      const parents = this.types.get(input.type);
      if (parents != null && !parents.includes(parentType)) {
        const where =
          parentType === ORGANIZATION_TYPE ? 'directly under the organization' : `under a ${parentType}`;
        this.add(
          [...path, 'type'],
          'invalid_parent_resource_type',
          `"${input.type}" resources cannot sit ${where}; allowed parent types of "${input.type}": ${parents.join(', ')}`,
        );
      }
    }
    if (seen.has(key)) {
      this.add(
        [...path, 'externalId'],
        'duplicate_external_id',
        `resource "${key}" is defined twice in this organization; external ids are unique per type`,
      );
      return [];
    }
    seen.set(key, input.type);
    const children = (input.children ?? []).flatMap((c, j) =>
      this.checkResource([...path, 'children', j], c, input.type, seen),
    );
    return [
      {
        type: input.type,
        externalId: input.externalId,
        name: input.name ?? input.externalId,
        description: input.description ?? null,
        children,
      },
    ];
  }

  // --- users and memberships --------------------------------------------------------------------

  private checkUsers(entries: readonly unknown[]): ModelUser[] {
    const out: ModelUser[] = [];
    const firstAt = new Map<string, number>();
    const externalIds = new Map<string, number>();
    entries.forEach((entry, i) => {
      const path: Path = ['users', i];
      const parsed = this.parse(userSchema, entry, path, [
        'firstName',
        'lastName',
        'externalId',
        'emailVerified',
      ])?.data;
      if (parsed === undefined) {
        const email = ModelChecker.keyOf(entry, 'email');
        if (email !== undefined) this.users.add(email);
        return;
      }
      const first = firstAt.get(parsed.email);
      if (first !== undefined) {
        this.add(
          [...path, 'email'],
          'duplicate_email',
          `user "${parsed.email}" is already defined at users[${first}]; emails are unique`,
        );
        return;
      }
      firstAt.set(parsed.email, i);
      const externalId = parsed.externalId ?? null;
      if (externalId !== null) {
        const other = externalIds.get(externalId);
        if (other !== undefined) {
          this.add(
            [...path, 'externalId'],
            'duplicate_external_id',
            `external id "${externalId}" is already used by users[${other}]`,
          );
        }
        externalIds.set(externalId, i);
      }
      this.users.add(parsed.email);
      out.push({
        email: parsed.email,
        firstName: parsed.firstName ?? null,
        lastName: parsed.lastName ?? null,
        externalId,
        emailVerified: parsed.emailVerified ?? true,
      });
    });
    return out;
  }

  /** The role a membership or assignment names: an environment role or the organization's custom role. */
  private findRole(slug: string, org: KnownOrganization | undefined): ModelRole | null | undefined {
    const env = this.roles.get(slug);
    if (env !== undefined) return env === null ? null : env.role;
    const custom = org?.customRoles.get(slug);
    if (custom !== undefined) return custom.role;
    if (slug === BUILT_IN_MEMBER.slug) return BUILT_IN_MEMBER;
    return org !== undefined && org.organization === null ? null : undefined;
  }

  private roleNames(org: KnownOrganization | undefined): string[] {
    return [...this.roles.keys(), ...(org?.customRoles.keys() ?? [])];
  }

  private checkMemberships(entries: readonly unknown[]): ModelMembership[] {
    const out: ModelMembership[] = [];
    const pairs = new Map<string, number>();
    const multipleRoles = this.settings.multipleRoles ?? true;
    entries.forEach((entry, i) => {
      const path: Path = ['memberships', i];
      const result = this.parse(membershipSchema, entry, path, ['roles', 'status', 'assignments']);
      if (result === undefined) return;
      const parsed = result.data;
      if (!this.users.has(parsed.user)) {
        this.add(
          [...path, 'user'],
          'user_not_found',
          `user "${parsed.user}" is not defined in users${didYouMean(parsed.user, this.users)}`,
        );
      }
      const org = this.organizations.get(parsed.organization);
      if (org === undefined) {
        this.add(
          [...path, 'organization'],
          'organization_not_found',
          `organization "${parsed.organization}" is not defined in organizations${didYouMean(parsed.organization, this.organizations.keys())}`,
        );
      }
      const pair = JSON.stringify([parsed.user, parsed.organization]);
      const first = pairs.get(pair);
      if (first !== undefined) {
        this.add(
          path,
          'duplicate_membership',
          `user "${parsed.user}" already has a membership in "${parsed.organization}" at memberships[${first}]; merge the two`,
        );
        return;
      }
      pairs.set(pair, i);

      const roles = parsed.roles ?? [];
      const distinctRoles = this.eachDistinct(
        path,
        'roles',
        roles,
        { code: 'duplicate_role', noun: 'role' },
        (slug, at) => {
          const role = this.findRole(slug, org);
          if (role === undefined) {
            this.add(
              at,
              'invalid_role',
              `role "${slug}" is not defined${didYouMean(slug, this.roleNames(org))}`,
            );
          } else if (role !== null && role.resourceType !== ORGANIZATION_TYPE) {
            this.add(
              at,
              'sub_resource_scoped_role_not_allowed',
              `role "${slug}" is scoped to ${role.resourceType}; membership roles must be organization roles (give it under assignments on a ${role.resourceType} instead)`,
            );
          }
        },
      );
      if (roles.length > 1 && !multipleRoles) {
        this.add(
          [...path, 'roles'],
          'multiple_roles_not_enabled',
          `lists ${roles.length} roles but settings.multipleRoles is false; keep one role or enable multipleRoles`,
        );
      }

      const assignments: ModelRoleAssignment[] = [];
      const assigned = new Set<string>();
      (parsed.assignments ?? []).forEach((a, k) => {
        const at = [...path, 'assignments', k];
        const resource = this.toResourceRef(a.resource, parsed.organization);
        const key = JSON.stringify([a.role, resource.type, resource.externalId]);
        if (assigned.has(key)) {
          this.add(
            at,
            'role_assignment_already_exists',
            `role "${a.role}" on ${refKey(resource.type, resource.externalId)} is assigned twice; remove one`,
          );
          return;
        }
        assigned.add(key);
        assignments.push({ role: a.role, resource });
        if (org === undefined || org.organization === null) return; // reported above, or org entry broken
        const role = this.findRole(a.role, org);
        if (role === undefined) {
          this.add(
            [...at, 'role'],
            'invalid_role',
            `role "${a.role}" is not defined${didYouMean(a.role, this.roleNames(org))}`,
          );
        }
        const resourceType = this.resolveResourceType(resource, org, parsed.organization, [
          ...at,
          'resource',
        ]);
        if (role != null && resourceType !== undefined && role.resourceType !== resourceType) {
          this.add(
            [...at, 'role'],
            'role_resource_type_mismatch',
            `role "${a.role}" is scoped to ${role.resourceType} and cannot be assigned on ${resourceType} "${resource.externalId}" (assign it on a ${role.resourceType}, or pick a ${resourceType} role)`,
          );
        }
      });

      out.push({
        user: parsed.user,
        organization: parsed.organization,
        roles: distinctRoles,
        status: parsed.status ?? 'active',
        assignments,
      });
    });
    return out;
  }

  private toResourceRef(
    value: string | { type: string; externalId: string },
    orgExternalId: string,
  ): ModelResourceRef {
    if (typeof value !== 'string') return { type: value.type, externalId: value.externalId };
    if (value === ORGANIZATION_TYPE) return { type: ORGANIZATION_TYPE, externalId: orgExternalId };
    const colon = value.indexOf(':');
    // A string without a colon cannot name a resource; keep it whole so the message quotes it.
    if (colon <= 0) return { type: '', externalId: value };
    return { type: value.slice(0, colon), externalId: value.slice(colon + 1) };
  }

  /** The type of the resource a ref names in `org`, or `undefined` (reported) when it names none. */
  private resolveResourceType(
    ref: ModelResourceRef,
    org: KnownOrganization,
    orgExternalId: string,
    path: Path,
  ): string | undefined {
    if (ref.type === '') {
      this.add(
        path,
        'invalid_resource_ref',
        `"${ref.externalId}" does not name a resource; write "type:externalId" (e.g. "workspace:engineering") or "organization"`,
      );
      return undefined;
    }
    if (ref.type === ORGANIZATION_TYPE) {
      if (ref.externalId === orgExternalId) return ORGANIZATION_TYPE;
      this.add(
        path,
        'resource_not_found',
        `"organization:${ref.externalId}" is not this membership's organization; write "organization" (or "organization:${orgExternalId}")`,
      );
      return undefined;
    }
    const key = refKey(ref.type, ref.externalId);
    const type = org.resources.get(key);
    if (type !== undefined) return type;
    const where = `organization "${orgExternalId}"`;
    this.add(
      path,
      'resource_not_found',
      `resource "${key}" is not defined in ${where}${didYouMean(key, org.resources.keys())}`,
    );
    return undefined;
  }
}
