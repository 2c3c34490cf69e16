// Requirements compiled at declaration: options validated, the resource-id source resolved, and
// slugs checked against a local model so a typo fails at start-up with a suggestion.
import type { Authorizer, Consistency } from '../authorizer.js';
import { ConfigurationError } from '../errors.js';
import { ORGANIZATION_TYPE } from '../model/types.js';
import type {
  AuthzRequest,
  ConcealOption,
  PermissionRequirementOptions,
  Requirement,
  RequirementSpec,
  ResourceIdSource,
  ResourceLoader,
} from './types.js';

/** Where the id comes from at request time; `param` sources missing a value are a route mistake. */
export interface IdReader {
  readonly kind: 'param' | 'query' | 'body' | 'header';
  /** Names tried in order (the convention tries `:<type>Id` then `:id`). */
  readonly names: readonly string[];
  read(request: AuthzRequest): string | undefined;
}

/** A compiled permission requirement (internal shape behind {@link Requirement}). */
export interface CompiledPermission extends Requirement {
  readonly kind: 'permission';
  readonly resourceType: string;
  readonly permission: string;
  readonly organizationLevel: boolean;
  readonly idReader: IdReader | undefined;
  readonly load: ResourceLoader | undefined;
  readonly by: 'externalId' | 'id';
  readonly conceal: ConcealOption | undefined;
  readonly tokenFastPath: boolean | undefined;
  readonly consistency: Consistency | undefined;
}

/** A compiled `anyOf` / `allOf`. */
export interface CompiledComposite extends Requirement {
  readonly kind: 'anyOf' | 'allOf';
  readonly requirements: readonly CompiledRequirement[];
}

export type CompiledRequirement = CompiledPermission | CompiledComposite;

/**
 * The mark of a requirement compiled by this module: a non-enumerable own property under a symbol
 * no one else holds, so spreading a compiled requirement into a new object drops it (the copy is
 * compiled, and checked, again). A property read, where a WeakSet lookup hashed the object on
 * every guarded request.
 */
const COMPILED: unique symbol = Symbol('fgakit.compiledRequirement');

/** Whether a value is a requirement compiled by this module. */
export function isCompiled(value: unknown): value is CompiledRequirement {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { readonly [COMPILED]?: unknown })[COMPILED] === COMPILED
  );
}

/** A model-aware authorizer (the local engine) exposes synchronous slug lookups. */
interface ModelAware {
  hasPermission?(slug: string): boolean;
  hasResourceType?(slug: string): boolean;
}

/**
 * Compile a requirement spec against an authorizer. Throws `ConfigurationError` naming the fix.
 *
 * @example
 * ```ts
 * compileRequirement(authorizer, { kind: 'permission', resourceType: 'project', permission: 'project:view' });
 * ```
 */
export function compileRequirement(
  authorizer: Authorizer,
  spec: RequirementSpec | Requirement,
): CompiledRequirement {
  if (isCompiled(spec)) return spec;
  if (typeof spec !== 'object' || spec === null) {
    throw config('a requirement must be requirePermission(...), anyOf(...) or allOf(...).');
  }
  const raw = 'spec' in spec && typeof spec.spec === 'object' ? spec.spec : spec;
  const s = raw as RequirementSpec;
  switch (s.kind) {
    case 'permission':
      return compilePermission(authorizer, s.resourceType, s.permission, s.options ?? {});
    case 'anyOf':
    case 'allOf': {
      if (!Array.isArray(s.requirements) || s.requirements.length === 0) {
        throw config(`${s.kind}() needs at least one requirement.`);
      }
      const requirements = s.requirements.map((r) => compileRequirement(authorizer, r));
      return mark<CompiledComposite>({
        kind: s.kind,
        requirements,
        description: `${s.kind}(${requirements.map((r) => r.description).join(', ')})`,
        spec: s,
      });
    }
    default:
      throw config(
        `unknown requirement kind ${JSON.stringify((s as { kind?: unknown }).kind)}; use permission, anyOf or allOf.`,
      );
  }
}

function compilePermission(
  authorizer: Authorizer,
  resourceType: unknown,
  permission: unknown,
  options: PermissionRequirementOptions,
): CompiledPermission {
  if (typeof resourceType !== 'string' || resourceType === '') {
    throw config(
      'requirePermission(resourceType, permission): resourceType must be a resource type slug such as "project".',
    );
  }
  if (typeof permission !== 'string' || permission === '') {
    throw config(
      `requirePermission('${resourceType}', permission): permission must be a slug such as "${resourceType}:view".`,
    );
  }
  const where = `requirePermission('${resourceType}', '${permission}')`;
  const model = authorizer as ModelAware;
  if (typeof model.hasResourceType === 'function' && !model.hasResourceType(resourceType)) {
    const hint = suggest(resourceType, (slug) => model.hasResourceType?.(slug) === true, []);
    throw new ConfigurationError(
      'unknown_resource_type',
      `${where}: resource type "${resourceType}" is not defined in the model.${hint}`,
      { details: { resourceType } },
    );
  }
  const checkSlug = (slug: string, label: string): void => {
    if (typeof model.hasPermission === 'function' && !model.hasPermission(slug)) {
      const action = slug.includes(':') ? slug.slice(slug.indexOf(':') + 1) : slug;
      const hint = suggest(slug, (s) => model.hasPermission?.(s) === true, [`${resourceType}:${action}`]);
      throw new ConfigurationError(
        'unknown_permission',
        `${where}: ${label} "${slug}" is not defined in the model.${hint}`,
        {
          details: { permission: slug },
        },
      );
    }
  };
  checkSlug(permission, 'permission');
  if (typeof options !== 'object' || options === null) throw config(`${where}: options must be an object.`);
  const { resource, load, by = 'externalId', conceal, tokenFastPath, consistency } = options;
  if (resource !== undefined && load !== undefined) {
    throw config(
      `${where}: pass either \`resource\` (where the id is) or \`load\` (an async loader), not both.`,
    );
  }
  if (load !== undefined && typeof load !== 'function')
    throw config(`${where}: \`load\` must be an async function (req, fga) => ({ externalId, row }) | null.`);
  if (by !== 'externalId' && by !== 'id') throw config(`${where}: \`by\` must be "externalId" or "id".`);
  if (conceal !== undefined && typeof conceal !== 'boolean') {
    if (typeof conceal !== 'object' || conceal === null || typeof conceal.unless !== 'string') {
      throw config(`${where}: \`conceal\` must be true, false or { unless: 'project:view' }.`);
    }
    checkSlug(conceal.unless, 'conceal.unless permission');
  }
  if (tokenFastPath !== undefined && typeof tokenFastPath !== 'boolean')
    throw config(`${where}: \`tokenFastPath\` must be a boolean.`);
  const organizationLevel =
    resourceType === ORGANIZATION_TYPE && resource === undefined && load === undefined;
  const idReader =
    organizationLevel || load !== undefined ? undefined : idReaderFor(resourceType, resource, where);
  const source = organizationLevel
    ? 'the organization'
    : load !== undefined
      ? 'a loader'
      : `${idReader?.kind ?? 'param'} ${idReader?.names.map((n) => `"${n}"`).join('|')}`;
  return mark<CompiledPermission>({
    kind: 'permission',
    resourceType,
    permission,
    organizationLevel,
    idReader,
    load,
    by,
    conceal,
    tokenFastPath,
    consistency,
    description: `${permission} on ${resourceType} (${source})`,
    spec: { kind: 'permission', resourceType, permission, options },
  });
}

function idReaderFor(resourceType: string, source: ResourceIdSource | undefined, where: string): IdReader {
  if (source === undefined) {
    const camel = `${resourceType.replace(/[-_.]+([a-z0-9])/g, (_m, c: string) => c.toUpperCase())}Id`;
    const names = [...new Set([camel, `${resourceType}Id`, 'id'])];
    return {
      kind: 'param',
      names,
      read: (request) => {
        for (const name of names) {
          const value = request.param(name);
          if (value !== undefined && value !== '') return value;
        }
        return undefined;
      },
    };
  }
  if (typeof source !== 'object' || source === null)
    throw config(`${where}: \`resource\` must be { param } | { query } | { body } | { header }.`);
  const keys = Object.keys(source);
  const kind = keys[0];
  const name = kind === undefined ? undefined : (source as Readonly<Record<string, unknown>>)[kind];
  if (keys.length !== 1 || typeof name !== 'string' || name === '') {
    throw config(
      `${where}: \`resource\` must name exactly one place, e.g. { param: 'projectId' } or { query: 'project' }.`,
    );
  }
  switch (kind) {
    case 'param':
      return { kind, names: [name], read: (request) => nonEmpty(request.param(name)) };
    case 'query':
      return { kind, names: [name], read: (request) => nonEmpty(request.query(name)) };
    case 'header':
      return { kind, names: [name], read: (request) => nonEmpty(request.header(name)) };
    case 'body':
      return {
        kind,
        names: [name],
        read: (request) => {
          const body = request.body();
          if (typeof body !== 'object' || body === null || !Object.hasOwn(body, name)) return undefined;
          const value = (body as Readonly<Record<string, unknown>>)[name];
          return typeof value === 'string' ? nonEmpty(value) : undefined;
        },
      };
    default:
      throw config(`${where}: \`resource.${kind}\` is not a place; use param, query, body or header.`);
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789:-_.';

/**
 * Close slugs that exist: every slug one edit away (insert, delete, replace, swap), plus `extra`
 * candidates. Uses only the sync `has` lookup, so it works with any model-aware authorizer.
 */
export function suggest(slug: string, has: (candidate: string) => boolean, extra: readonly string[]): string {
  const found = new Set<string>();
  const consider = (candidate: string): void => {
    if (candidate !== slug && found.size < 3 && !found.has(candidate) && has(candidate)) found.add(candidate);
  };
  for (const candidate of extra) consider(candidate);
  for (let i = 0; i <= slug.length && found.size < 3; i++) {
    const head = slug.slice(0, i);
    if (i < slug.length) {
      consider(head + slug.slice(i + 1));
      if (i + 1 < slug.length) consider(head + slug[i + 1] + slug[i] + slug.slice(i + 2));
    }
    for (const c of ALPHABET) {
      consider(head + c + slug.slice(i));
      if (i < slug.length) consider(head + c + slug.slice(i + 1));
    }
  }
  return found.size === 0 ? '' : ` Did you mean ${[...found].map((s) => `"${s}"`).join(' or ')}?`;
}

function mark<T extends CompiledRequirement>(value: T): T {
  Object.defineProperty(value, COMPILED, { value: COMPILED });
  return Object.freeze(value);
}

function config(message: string): ConfigurationError {
  return new ConfigurationError('invalid_configuration', message);
}
