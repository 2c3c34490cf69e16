// Test-only fixtures for this package's unit tests: the real engine seeded from one small inline
// model (instrumented per test) and a header identity. Not exported from the package entry.
import { createLocalAuthorizer, type LocalAuthorizer, parseModel } from '@fgakit/core';
import type { AuthzRequest, FgaRuntimeOptions } from '@fgakit/core/http';
import { type InstrumentedAuthorizer, instrumentAuthorizer } from '@fgakit/core/testing';

/**
 * Organization org_1 with projects web and mobile. alice: project-editor on web (view, edit,
 * documents); bob: project-viewer on web (view only). Nobody is granted anything on mobile.
 */
const MODEL = parseModel(`
resourceTypes: [{ slug: project }]
permissions:
  - { slug: project:view, resourceType: project }
  - { slug: project:edit, resourceType: project }
  - { slug: project:delete, resourceType: project }
  - { slug: document:view, resourceType: project }
  - { slug: org:admin }
roles:
  - { slug: member, permissions: [] }
  - { slug: project-editor, resourceType: project, permissions: [project:view, project:edit, document:view] }
  - { slug: project-viewer, resourceType: project, permissions: [project:view] }
organizations:
  - externalId: org_1
    name: Org 1
    resources: [{ type: project, externalId: web }, { type: project, externalId: mobile }]
users: [{ email: alice@org1.test }, { email: bob@org1.test }]
memberships:
  - user: alice@org1.test
    organization: org_1
    assignments: [{ role: project-editor, resource: "project:web" }]
  - user: bob@org1.test
    organization: org_1
    assignments: [{ role: project-viewer, resource: "project:web" }]
`);

// One engine for the whole run: tests only read it; each runtime gets its own instrumented wrapper.
const { authorizer: engine, seed } = await createLocalAuthorizer({ model: MODEL });

const NAMES = ['alice', 'bob'] as const;

/** The engine's membership id of each test user (the `x-user` header value) in org_1. */
export const MEMBERS: ReadonlyMap<string, string> = new Map(
  NAMES.map((name) => [name, seed.membership(`${name}@org1.test`, 'org_1').id]),
);

/** The identity (engine ids) of a test user; `undefined` for anyone else. */
export function identityOf(name: string): { userId: string; organizationId: string } | undefined {
  if (!MEMBERS.has(name)) return undefined;
  return { userId: seed.user(`${name}@org1.test`).id, organizationId: seed.organization('org_1').id };
}

/** The real engine seeded from the inline model, freshly instrumented (own calls and mode). */
export function seededAuthorizer(): InstrumentedAuthorizer<LocalAuthorizer> {
  return instrumentAuthorizer(engine);
}

/** Identity from the `x-user` header (a custom resolver): no header or a stranger, no identity. */
export function headerIdentity(request: AuthzRequest): { userId: string; organizationId: string } | null {
  const user = request.header('x-user');
  return (user === undefined ? undefined : identityOf(user)) ?? null;
}

/**
 * Runtime options over a freshly instrumented engine and the header identity.
 *
 * @example
 * ```ts
 * const opts = options();
 * const fga = createFga(opts);
 * opts.authorizer.fail(); // the next checks answer 503
 * ```
 */
export function options(): FgaRuntimeOptions & {
  readonly authorizer: InstrumentedAuthorizer<LocalAuthorizer>;
} {
  return { authorizer: seededAuthorizer(), identity: headerIdentity };
}
