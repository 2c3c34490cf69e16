// `conceal: { unless }` on the real engine with real tokens: whether the caller may see the target
// decides 403 vs 404, and a token's org-wide permission must not answer that question.
import { describe, expect, it } from 'vitest';
import { createLocalAuthorizer } from '../config/create-local-authorizer.js';
import { bearerToken } from '../identity/resolvers.js';
import { createTokenVerifier } from '../identity/verify-token.js';
import { createTestIssuer } from '../testing/test-issuer.js';
import { createFgaRuntime } from './runtime.js';
import type { AuthzRequest } from './types.js';

const MODEL = new URL('../../../../examples/acme.fga.yaml', import.meta.url).pathname;

async function setUp() {
  const { authorizer, seed } = await createLocalAuthorizer({ model: MODEL });
  const issuer = await createTestIssuer();
  const runtime = createFgaRuntime({
    authorizer,
    identity: bearerToken(createTokenVerifier(issuer.verifierOptions())),
  });
  const guard = runtime.requirePermission('workspace', 'project:create', {
    conceal: { unless: 'workspace:view' },
  });
  async function post(email: string, org: string, workspaceId: string) {
    const membership = seed.membership(email, org);
    // The member role's workspace:view travels in the token, as AuthKit puts it there.
    const token = await issuer.sign({
      sub: membership.userId,
      org_id: membership.organizationId,
      organization_membership_id: membership.id,
      permissions: ['workspace:view'],
    });
    const request: AuthzRequest = {
      method: 'POST',
      path: `/workspaces/${workspaceId}/projects`,
      header: (name) => (name.toLowerCase() === 'authorization' ? `Bearer ${token}` : undefined),
      param: (name) => (name === 'workspaceId' ? workspaceId : undefined),
      query: () => undefined,
      body: () => undefined,
      native: {},
    };
    const outcome = await runtime.authorize(request, guard);
    return outcome.ok ? 200 : outcome.response.status;
  }
  return { post };
}

describe('conceal unless the caller may view the target', () => {
  it('answers 403 when the caller sees the workspace but may not create in it', async () => {
    const { post } = await setUp();
    expect(await post('bob@acme.test', 'acme', 'engineering')).toBe(403);
  });

  it('allows the workspace admin', async () => {
    const { post } = await setUp();
    expect(await post('alice@acme.test', 'acme', 'engineering')).toBe(200);
  });

  // Regression: the token fast path said "may view" for another organization's workspace, so eve got 403.
  it('answers 404 for a workspace of another organization despite the token permission', async () => {
    const { post } = await setUp();
    expect(await post('eve@globex.test', 'globex', 'engineering')).toBe(404);
  });

  it('answers 404 for a workspace that does not exist', async () => {
    const { post } = await setUp();
    expect(await post('bob@acme.test', 'acme', 'nope')).toBe(404);
  });
});
