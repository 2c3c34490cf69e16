// The acme world of the conformance suite: the real model file (examples/acme.fga.yaml) seeded into
// the real engine. Nothing here decides anything; it only reads what the engine seeded, for the
// tokens the suite mints, plus the documents the app keeps in its own store.
import { fileURLToPath } from 'node:url';
import type { LocalAuthorizer, SeededModel } from '@fgakit/core';

/** Absolute path of the model file every scenario runs against. */
export const ACME_MODEL_PATH = fileURLToPath(new URL('../../examples/acme.fga.yaml', import.meta.url));

/** One seeded person as the engine knows them, and the claims AuthKit would put in their token. */
export interface SeededUser {
  readonly email: string;
  readonly userId: string;
  readonly organizationId: string;
  /** The organization's external id in the model file (`acme`, `globex`). */
  readonly organizationExternalId: string;
  readonly membershipId: string;
  readonly active: boolean;
  /** The membership's organization roles, in priority order (the `role`/`roles` claims). */
  readonly roles: readonly string[];
  /**
   * The `permissions` claim: the union of the membership's organization roles' permissions
   * (SPEC §4.2), read from the engine. Empty for an inactive membership, whose token must never
   * authorize anything through the fast path.
   */
  readonly tokenPermissions: readonly string[];
}

/**
 * Everyone the model seeded a membership for, by email, with the engine's real ids.
 *
 * @example
 * ```ts
 * const { authorizer, seed } = await createLocalAuthorizer({ model: ACME_MODEL_PATH });
 * const users = await seededUsers(authorizer, seed);
 * users.get('frank@acme.test')?.tokenPermissions; // every permission of the `admin` role
 * ```
 */
export async function seededUsers(
  authorizer: LocalAuthorizer,
  seed: SeededModel,
): Promise<ReadonlyMap<string, SeededUser>> {
  const users = new Map<string, SeededUser>();
  for (const entry of seed.model.memberships) {
    if (users.has(entry.user)) throw new Error(`conformance: ${entry.user} has several memberships`);
    const membership = seed.membership(entry.user, entry.organization);
    const active = membership.status === 'active';
    const permissions = new Set<string>();
    for (const slug of membership.roles) {
      const role = await authorizer.admin.getOrganizationRole(membership.organizationId, slug);
      for (const permission of role.permissions) permissions.add(permission);
    }
    users.set(entry.user, {
      email: entry.user,
      userId: seed.user(entry.user).id,
      organizationId: membership.organizationId,
      organizationExternalId: entry.organization,
      membershipId: membership.id,
      active,
      roles: membership.roles,
      tokenPermissions: active ? [...permissions] : [],
    });
  }
  return users;
}

/** Documents kept in the app's own store (SPEC §4.1); `doc-boom` makes the loader throw. */
export const documents: ReadonlyMap<
  string,
  { readonly id: string; readonly projectId: string; readonly title: string }
> = new Map([
  ['doc-1', { id: 'doc-1', projectId: 'web', title: 'Web launch plan' }],
  ['doc-2', { id: 'doc-2', projectId: 'campaign', title: 'Campaign brief' }],
]);
