import { describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError } from '../errors.js';
import { MemoryStore } from '../store/memory-store.js';
import { createLocalAuthorizer } from './create-local-authorizer.js';
import { parseModel } from './parse-model.js';

const MODEL = parseModel(`
settings: { multipleRoles: true }
resourceTypes: [{ slug: project }]
permissions: [{ slug: project:edit, resourceType: project }]
roles:
  - { slug: viewer }
  - { slug: project-editor, resourceType: project, permissions: [project:edit] }
organizations:
  - { externalId: acme, name: Acme, resources: [{ type: project, externalId: web }] }
users: [{ email: a@acme.test }, { email: p@acme.test }]
memberships:
  - user: a@acme.test
    organization: acme
    assignments: [{ role: project-editor, resource: "project:web" }]
  - { user: p@acme.test, organization: acme, status: pending }
`);

describe('createLocalAuthorizer', () => {
  it('returns an empty engine and an empty seed without a model', async () => {
    const { authorizer, seed } = await createLocalAuthorizer();
    expect(authorizer.hasResourceType('organization')).toBe(true);
    expect(seed.model.roles).toEqual([]);
    expect(() => seed.organization('acme')).toThrow(NotFoundError);
  });

  it('applies a parsed model, defaulting memberships to the member role', async () => {
    const { authorizer, seed } = await createLocalAuthorizer({ model: MODEL });
    const a = seed.membership('a@acme.test', 'acme');
    expect(a.roles).toEqual(['member']);
    const decision = await authorizer.check({
      membershipId: a.id,
      permission: 'project:edit',
      resource: { type: 'project', externalId: 'web' },
    });
    expect(decision.allowed).toBe(true);
    expect(authorizer.revision).toBe(seed.revision);
    expect(seed.membership('p@acme.test', 'acme').status).toBe('pending');
  });

  it('lets options.settings override the model, and opens any store', async () => {
    const store = new MemoryStore();
    const { authorizer } = await createLocalAuthorizer({
      model: MODEL,
      store,
      settings: { maxTypeDepth: 2 },
    });
    expect((await authorizer.admin.getSettings()).maxTypeDepth).toBe(2);
    // The store holds the seeded state: a second engine over it sees the same organization.
    const again = await createLocalAuthorizer({ store });
    expect((await again.authorizer.admin.getOrganizationByExternalId('acme')).name).toBe('Acme');
  });

  it('validates a model built in code, with the merged settings', async () => {
    const twoRoles = {
      ...MODEL,
      memberships: [{ ...MODEL.memberships[0]!, roles: ['member', 'viewer'] }],
    };
    await expect(
      createLocalAuthorizer({ model: twoRoles, settings: { multipleRoles: false } }),
    ).rejects.toThrow(ValidationError);
    await expect(createLocalAuthorizer({ model: twoRoles })).resolves.toBeDefined();
  });
});
