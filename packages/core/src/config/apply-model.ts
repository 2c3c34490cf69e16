// Writes a ModelDocument through the Admin API in dependency order (types, permissions, roles,
// then organizations, resources, users, memberships, assignments) and returns readable lookups.
import type { Admin } from '../admin.js';
import { ConflictError, isFgaError, NotFoundError } from '../errors.js';
import type {
  EnvironmentSettings,
  MembershipStatus,
  Organization,
  OrganizationMembership,
  Resource,
  ResourceRef,
  Revision,
  User,
} from '../model/types.js';
import { ORGANIZATION_TYPE } from '../model/types.js';
import { didYouMean } from './did-you-mean.js';
import type { ModelDocument, ModelResource, ModelResourceType, ModelRole } from './model-document.js';
import { validateModel } from './validate-model.js';

/**
 * What `applyModel` seeded, looked up by the keys the model file uses. Each lookup throws a
 * `NotFoundError` naming the key (and the closest seeded one) when the model seeded no such object.
 */
export interface SeededModel {
  /** The model that was applied. */
  readonly model: ModelDocument;
  /** Store revision after the last write (SPEC D18). */
  readonly revision: Revision;
  /**
   * An organization by its external id.
   * @example
   * ```ts
   * seed.organization('acme').id; // 'org_01…'
   * ```
   */
  organization(externalId: string): Organization;
  /**
   * A user by email.
   * @example
   * ```ts
   * seed.user('alice@acme.test').firstName; // 'Alice'
   * ```
   */
  user(email: string): User;
  /**
   * A user's membership in an organization, as seeded (an inactive one shows `status: 'inactive'`).
   * @example
   * ```ts
   * const alice = seed.membership('alice@acme.test', 'acme');
   * await fga.check({ membershipId: alice.id, permission: 'app:deploy', resource: { type: 'app', externalId: 'frontend' } });
   * ```
   */
  membership(email: string, organizationExternalId: string): OrganizationMembership;
  /**
   * A resource by organization, type and external id; `('acme', 'organization', 'acme')` is the
   * organization resource.
   * @example
   * ```ts
   * seed.resource('acme', 'workspace', 'engineering').id; // 'authz_resource_01…'
   * ```
   */
  resource(organizationExternalId: string, type: string, externalId: string): Resource;
}

/** Options of {@link applyModel}. */
export interface ApplyModelOptions {
  /**
   * Skip validation when the model is known to come from `parseModel`/`validateModel` unchanged.
   * Default `false`: a model built in code is validated first, so problems are reported together.
   */
  readonly trusted?: boolean;
}

function isNotFound(error: unknown): boolean {
  return isFgaError(error) && error.code === 'entity_not_found';
}

/** `await find()`, or `undefined` when it rejects with a not-found error. */
async function findOrUndefined<T>(find: () => Promise<T>): Promise<T | undefined> {
  try {
    return await find();
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** Resource types ordered so that every type comes after its parents. */
function parentsFirst(types: readonly ModelResourceType[]): ModelResourceType[] {
  const bySlug = new Map(types.map((t) => [t.slug, t] as const));
  const ordered: ModelResourceType[] = [];
  const placed = new Set<string>();
  const place = (type: ModelResourceType): void => {
    if (placed.has(type.slug)) return;
    placed.add(type.slug);
    for (const parent of type.parents) {
      const p = bySlug.get(parent);
      if (p !== undefined) place(p);
    }
    ordered.push(type);
  };
  for (const type of types) place(type);
  return ordered;
}

function settingsPatch(
  settings: ModelDocument['settings'],
  fields: readonly (keyof EnvironmentSettings)[],
): Partial<EnvironmentSettings> {
  const patch: { -readonly [K in keyof EnvironmentSettings]?: EnvironmentSettings[K] } = {};
  for (const field of fields) {
    const value = settings[field];
    if (value !== undefined) Object.assign(patch, { [field]: value });
  }
  return patch;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/**
 * Applies a model through any {@link Admin}: creates what is missing and updates the definitions
 * (resource types, permissions, roles) that already exist, so applying the same file twice is
 * harmless. Seed objects that already exist (same organization external id, user email,
 * membership, resource, assignment) are reused as they are, except a membership's status.
 *
 * Memberships listed `inactive` are created and then deactivated; `pending` ones are created pending.
 *
 * @throws ValidationError `invalid_model_file` when the model is invalid (unless `trusted`).
 * @throws ConflictError when an existing permission or role has a different resource type (immutable).
 *
 * @example Seeding an embedded engine
 * ```ts
 * const fga = new LocalAuthorizer();
 * const seed = await applyModel(fga.admin, await loadModelFile('examples/acme.fga.yaml'));
 * const alice = seed.membership('alice@acme.test', 'acme');
 * ```
 */
export async function applyModel(
  admin: Admin,
  model: ModelDocument,
  options: ApplyModelOptions = {},
): Promise<SeededModel> {
  let doc = model;
  if (options.trusted !== true) {
    const { source, ...body } = model;
    doc = { ...validateModel(body, source === null ? {} : { source }), source };
  }

  // Settings that constrain later writes go first; the default role once roles exist.
  const early = settingsPatch(doc.settings, ['multipleRoles', 'maxTypeDepth']);
  if (Object.keys(early).length > 0) await admin.updateSettings(early);

  for (const type of parentsFirst(doc.resourceTypes)) {
    const existing = await findOrUndefined(() => admin.getResourceType(type.slug));
    const fields = { name: type.name, description: type.description, parentTypeSlugs: type.parents };
    if (existing === undefined) await admin.createResourceType({ slug: type.slug, ...fields });
    else if (
      existing.name !== type.name ||
      existing.description !== type.description ||
      !sameList([...existing.parentTypeSlugs].sort(), [...type.parents].sort())
    ) {
      await admin.updateResourceType(type.slug, fields);
    }
  }

  for (const permission of doc.permissions) {
    const existing = await findOrUndefined(() => admin.getPermission(permission.slug));
    if (existing === undefined) {
      await admin.createPermission({
        slug: permission.slug,
        name: permission.name,
        description: permission.description,
        resourceTypeSlug: permission.resourceType,
      });
    } else if (existing.resourceTypeSlug !== permission.resourceType) {
      throw new ConflictError(
        'permission_slug_conflict',
        `Permission "${permission.slug}" already exists scoped to ${existing.resourceTypeSlug}; the model scopes it to ${permission.resourceType} and a permission's resource type cannot change.`,
      );
    } else if (existing.name !== permission.name || existing.description !== permission.description) {
      await admin.updatePermission(permission.slug, {
        name: permission.name,
        description: permission.description,
      });
    }
  }

  for (const role of doc.roles) await upsertEnvironmentRole(admin, role);

  const late = settingsPatch(doc.settings, ['defaultRoleSlug']);
  if (Object.keys(late).length > 0) await admin.updateSettings(late);

  const organizations = new Map<string, Organization>();
  const resources = new Map<string, Resource>();
  for (const org of doc.organizations) {
    const organization =
      (await findOrUndefined(() => admin.getOrganizationByExternalId(org.externalId))) ??
      (await admin.createOrganization({ name: org.name, externalId: org.externalId })).data;
    organizations.set(org.externalId, organization);
    for (const role of org.roles) await upsertOrganizationRole(admin, organization.id, role);

    const root = await findOrUndefined(() =>
      admin.getResource({
        organizationId: organization.id,
        type: ORGANIZATION_TYPE,
        externalId: organization.id,
      }),
    );
    if (root !== undefined)
      resources.set(resourceKey(org.externalId, ORGANIZATION_TYPE, org.externalId), root);
    const seedTree = async (nodes: readonly ModelResource[], parent: ResourceRef | null): Promise<void> => {
      for (const node of nodes) {
        const resource =
          (await findOrUndefined(() =>
            admin.getResource({
              organizationId: organization.id,
              type: node.type,
              externalId: node.externalId,
            }),
          )) ??
          (
            await admin.createResource({
              organizationId: organization.id,
              resourceTypeSlug: node.type,
              externalId: node.externalId,
              name: node.name,
              description: node.description,
              parent,
            })
          ).data;
        resources.set(resourceKey(org.externalId, node.type, node.externalId), resource);
        await seedTree(node.children, { id: resource.id });
      }
    };
    await seedTree(org.resources, null);
  }

  const users = new Map<string, User>();
  for (const user of doc.users) {
    const found = (await admin.listUsers({ email: user.email, limit: 1 })).data[0];
    users.set(
      user.email,
      found ??
        (
          await admin.createUser({
            email: user.email,
            emailVerified: user.emailVerified,
            firstName: user.firstName,
            lastName: user.lastName,
            externalId: user.externalId,
          })
        ).data,
    );
  }

  const memberships = new Map<string, OrganizationMembership>();
  for (const m of doc.memberships) {
    const user = users.get(m.user)!;
    const organization = organizations.get(m.organization)!;
    let membership = await seedMembership(admin, user.id, organization.id, m.roles, m.status);
    for (const a of m.assignments) {
      const resource: ResourceRef =
        a.resource.type === ORGANIZATION_TYPE
          ? { type: ORGANIZATION_TYPE, externalId: organization.id }
          : { type: a.resource.type, externalId: a.resource.externalId };
      await admin.assignRole({ membershipId: membership.id, roleSlug: a.role, resource, ifExists: 'return' });
    }
    membership = await admin.getOrganizationMembership(membership.id);
    memberships.set(membershipKey(m.user, m.organization), membership);
  }

  return new Seed(doc, await admin.revision(), organizations, users, memberships, resources);
}

async function upsertEnvironmentRole(admin: Admin, role: ModelRole): Promise<void> {
  const existing = await findOrUndefined(() => admin.getEnvironmentRole(role.slug));
  if (existing === undefined) {
    await admin.createEnvironmentRole({
      slug: role.slug,
      name: role.name,
      description: role.description,
      resourceTypeSlug: role.resourceType,
    });
  } else {
    if (existing.resourceTypeSlug !== role.resourceType) {
      throw new ConflictError(
        'role_slug_conflict',
        `Role "${role.slug}" already exists scoped to ${existing.resourceTypeSlug}; the model scopes it to ${role.resourceType} and a role's resource type cannot change.`,
      );
    }
    if (existing.name !== role.name || existing.description !== role.description) {
      await admin.updateEnvironmentRole(role.slug, { name: role.name, description: role.description });
    }
    if (sameList(existing.permissions, role.permissions)) return;
  }
  await admin.setEnvironmentRolePermissions(role.slug, role.permissions);
}

async function upsertOrganizationRole(admin: Admin, organizationId: string, role: ModelRole): Promise<void> {
  const existing = await findOrUndefined(() => admin.getOrganizationRole(organizationId, role.slug));
  if (existing === undefined) {
    await admin.createOrganizationRole(organizationId, {
      slug: role.slug,
      name: role.name,
      description: role.description,
      resourceTypeSlug: role.resourceType,
    });
  } else {
    if (existing.resourceTypeSlug !== role.resourceType) {
      throw new ConflictError(
        'organization_role_slug_conflict',
        `Custom role "${role.slug}" already exists scoped to ${existing.resourceTypeSlug}; the model scopes it to ${role.resourceType} and a role's resource type cannot change.`,
      );
    }
    if (existing.name !== role.name || existing.description !== role.description) {
      await admin.updateOrganizationRole(organizationId, role.slug, {
        name: role.name,
        description: role.description,
      });
    }
    if (sameList(existing.permissions, role.permissions)) return;
  }
  await admin.setOrganizationRolePermissions(organizationId, role.slug, role.permissions);
}

/** Finds or creates the membership, then brings its status to the one the model asks for. */
async function seedMembership(
  admin: Admin,
  userId: string,
  organizationId: string,
  roles: readonly string[],
  status: MembershipStatus,
): Promise<OrganizationMembership> {
  const found = (
    await admin.listOrganizationMemberships({
      userId,
      organizationId,
      statuses: ['active', 'inactive', 'pending'],
      limit: 1,
    })
  ).data[0];
  const roleInput =
    roles.length === 0 ? {} : roles.length === 1 ? { roleSlug: roles[0]! } : { roleSlugs: roles };
  let membership =
    found ??
    (
      await admin.createOrganizationMembership({
        userId,
        organizationId,
        ...roleInput,
        ...(status === 'pending' ? { status: 'pending' as const } : {}),
      })
    ).data;
  if (status === 'inactive' && membership.status === 'active') {
    membership = (await admin.deactivateOrganizationMembership(membership.id)).data;
  } else if (status === 'active' && membership.status === 'inactive') {
    membership = (await admin.reactivateOrganizationMembership(membership.id)).data;
  }
  return membership;
}

function resourceKey(organization: string, type: string, externalId: string): string {
  return JSON.stringify([organization, type, externalId]);
}

function membershipKey(email: string, organization: string): string {
  return JSON.stringify([email, organization]);
}

/** A lookup miss: a `NotFoundError` whose message names the call, the key and the closest seeded key. */
function missing(
  entity: 'organization' | 'user' | 'organization_membership' | 'resource',
  call: string,
  key: string,
  what: string,
  known: Iterable<string>,
): NotFoundError {
  const seeded = [...known];
  const error = new NotFoundError(entity, key, { details: { seeded } });
  error.message = `${call}: the model seeded no ${what}${didYouMean(key, seeded)}.`;
  return error;
}

class Seed implements SeededModel {
  constructor(
    readonly model: ModelDocument,
    readonly revision: Revision,
    private readonly organizations: ReadonlyMap<string, Organization>,
    private readonly users: ReadonlyMap<string, User>,
    private readonly memberships: ReadonlyMap<string, OrganizationMembership>,
    private readonly resources: ReadonlyMap<string, Resource>,
  ) {}

  organization(externalId: string): Organization {
    const found = this.organizations.get(externalId);
    if (found !== undefined) return found;
    throw missing(
      'organization',
      `seed.organization(${JSON.stringify(externalId)})`,
      externalId,
      `organization with external id "${externalId}"`,
      this.organizations.keys(),
    );
  }

  user(email: string): User {
    const found = this.users.get(email);
    if (found !== undefined) return found;
    throw missing('user', `seed.user(${JSON.stringify(email)})`, email, `user "${email}"`, this.users.keys());
  }

  membership(email: string, organizationExternalId: string): OrganizationMembership {
    const found = this.memberships.get(membershipKey(email, organizationExternalId));
    if (found !== undefined) return found;
    const seeded = this.model.memberships
      .filter((m) => m.organization === organizationExternalId)
      .map((m) => m.user);
    throw missing(
      'organization_membership',
      `seed.membership(${JSON.stringify(email)}, ${JSON.stringify(organizationExternalId)})`,
      email,
      `membership of "${email}" in organization "${organizationExternalId}"`,
      seeded,
    );
  }

  resource(organizationExternalId: string, type: string, externalId: string): Resource {
    const found = this.resources.get(resourceKey(organizationExternalId, type, externalId));
    if (found !== undefined) return found;
    const prefix = JSON.stringify([organizationExternalId]).slice(0, -1);
    const seeded = [...this.resources.keys()]
      .filter((k) => k.startsWith(`${prefix},`))
      .map((k) => {
        const [, t, id] = JSON.parse(k) as [string, string, string];
        return `${t}:${id}`;
      });
    throw missing(
      'resource',
      `seed.resource(${[organizationExternalId, type, externalId].map((s) => JSON.stringify(s)).join(', ')})`,
      `${type}:${externalId}`,
      `resource "${type}:${externalId}" in organization "${organizationExternalId}"`,
      seeded,
    );
  }
}
