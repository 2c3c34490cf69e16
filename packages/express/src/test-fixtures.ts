// Shared by this package's tests (not exported): both Express versions, the real engine seeded from
// one small inline model (instrumented per test), and a custom identity read from headers so tests
// need no tokens unless they test tokens.
import { createRequire } from 'node:module';
import { createLocalAuthorizer, type LocalAuthorizer, parseModel } from '@fgakit/core';
import type { CustomIdentity } from '@fgakit/core/http';
import { type InstrumentedAuthorizer, instrumentAuthorizer } from '@fgakit/core/testing';
import express from 'express';
import { createFga, type FgaExpress, type FgaExpressOptions } from './fga-middleware.js';

// Express 4 is installed under the alias `express4`; it has the same call signature as 5's types
const express4 = createRequire(import.meta.url)('express4') as typeof express;

/** The Express versions every adapter test runs on. */
export const EXPRESS_VERSIONS = [
  { version: 'Express 5', express },
  { version: 'Express 4', express: express4 },
] as const;

/**
 * org_1: workspace engineering > projects web, api; org_2: workspace other.
 * alice: admin of org_1; bob: member of org_1 and project-viewer on web; eve: admin of org_2.
 */
const MODEL = parseModel(`
resourceTypes:
  - { slug: workspace }
  - { slug: project, parents: [workspace] }
permissions:
  - { slug: workspace:view, resourceType: workspace }
  - { slug: workspace:create }
  - { slug: project:view, resourceType: project }
  - { slug: project:edit, resourceType: project }
  - { slug: document:view, resourceType: project }
roles:
  - { slug: admin, permissions: [workspace:view, workspace:create, project:view, project:edit, document:view] }
  - { slug: member, permissions: [workspace:view] }
  - { slug: project-viewer, resourceType: project, permissions: [project:view, document:view] }
organizations:
  - externalId: org_1
    name: Org 1
    resources:
      - type: workspace
        externalId: engineering
        children: [{ type: project, externalId: web }, { type: project, externalId: api }]
  - externalId: org_2
    name: Org 2
    resources: [{ type: workspace, externalId: other }]
users: [{ email: alice@org1.test }, { email: bob@org1.test }, { email: eve@org2.test }]
memberships:
  - { user: alice@org1.test, organization: org_1, roles: [admin] }
  - user: bob@org1.test
    organization: org_1
    roles: [member]
    assignments: [{ role: project-viewer, resource: "project:web" }]
  - { user: eve@org2.test, organization: org_2, roles: [admin] }
`);

// One engine for the whole file: tests only read it; each test gets its own instrumented wrapper.
const { authorizer: engine, seed } = await createLocalAuthorizer({ model: MODEL });

/** A seeded person as the custom identity the header resolver answers. */
export interface TestPerson {
  readonly userId: string;
  readonly organizationId: string;
}

function person(email: string, organization: string): TestPerson {
  return { userId: seed.user(email).id, organizationId: seed.organization(organization).id };
}

const PEOPLE: ReadonlyMap<string, TestPerson> = new Map([
  ['alice', person('alice@org1.test', 'org_1')],
  ['bob', person('bob@org1.test', 'org_1')],
  ['eve', person('eve@org2.test', 'org_2')],
]);

/**
 * The engine ids of a test user (`alice`, `bob`, `eve`): what {@link headerIdentity} answers for
 * `x-user: <name>`; `undefined` for anyone else.
 */
export function identityOf(name: string): TestPerson | undefined {
  return PEOPLE.get(name);
}

/** The real engine seeded from the inline model, freshly instrumented (own calls and mode). */
export function seededAuthorizer(): InstrumentedAuthorizer<LocalAuthorizer> {
  return instrumentAuthorizer(engine);
}

/** `x-user: bob` → bob's identity in his organization; no header or a stranger → no identity (401). */
export function headerIdentity(request: { header(name: string): string | undefined }): CustomIdentity | null {
  const name = request.header('x-user');
  return (name === undefined ? undefined : identityOf(name)) ?? null;
}

/** A freshly instrumented authorizer and an adapter over it with the header identity. */
export function createTestFga(overrides: Partial<FgaExpressOptions> = {}): {
  readonly authorizer: InstrumentedAuthorizer<LocalAuthorizer>;
  readonly fga: FgaExpress;
} {
  const authorizer = seededAuthorizer();
  return { authorizer, fga: createFga({ authorizer, identity: headerIdentity, ...overrides }) };
}

/** The parsed problem body of a supertest response. */
export function problemCode(response: { readonly body: unknown }): unknown {
  return (response.body as { code?: unknown }).code;
}
