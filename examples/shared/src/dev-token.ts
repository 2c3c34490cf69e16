// Dev-only sign-in for the demo: `POST /dev/token {"email": …}` answers an AuthKit-shaped access
// token signed by the app's own key (its JWKS is served at /.well-known/jwks.json).
import { type Admin, NotFoundError, ValidationError } from '@fgakit/core';
import type { TestIssuer, TestTokenClaims } from '@fgakit/core/testing';
import { answer, type DemoResult, json } from './result.js';

/** Lifetime of a dev token, in seconds. */
export const DEV_TOKEN_TTL_SECONDS = 3600;

/**
 * Mint a token for the user with `body.email`, with the claims AuthKit puts in a session token:
 * `sub`, `org_id`, `sid`, the `organization_membership_id` JWT-template claim and, for an active
 * membership only, its organization-scoped `role`, `roles` and `permissions` (the token fast path).
 */
export function createDevTokenHandler(
  admin: Admin,
  issuer: TestIssuer,
): (body: unknown) => Promise<DemoResult> {
  return function issueDevToken(body) {
    return answer(async () => {
      const email =
        typeof body === 'object' && body !== null ? (body as { email?: unknown }).email : undefined;
      if (typeof email !== 'string' || email === '') {
        throw new ValidationError(
          'invalid_request_parameters',
          'email: required, e.g. {"email": "alice@acme.test"}',
          {
            field: 'email',
          },
        );
      }
      const user = (await admin.listUsers({ email, limit: 1 })).data[0];
      if (user === undefined) throw new NotFoundError('user', email);
      const membership = (
        await admin.listOrganizationMemberships({
          userId: user.id,
          statuses: ['active', 'inactive', 'pending'],
        })
      ).data[0];
      if (membership === undefined) throw new NotFoundError('organization_membership', email);

      const claims: TestTokenClaims = {
        sub: user.id,
        org_id: membership.organizationId,
        sid: `session_demo_${membership.id}`,
        organization_membership_id: membership.id,
      };
      if (membership.status === 'active') {
        const permissions = new Set<string>();
        for (const slug of membership.roles) {
          const role = await admin.getOrganizationRole(membership.organizationId, slug);
          for (const permission of role.permissions) permissions.add(permission);
        }
        Object.assign(claims, {
          role: membership.role,
          roles: membership.roles,
          permissions: [...permissions],
        });
      }
      const accessToken = await issuer.sign(claims, { expiresInSeconds: DEV_TOKEN_TTL_SECONDS });
      return json(200, {
        access_token: accessToken,
        token_type: 'Bearer',
        expires_in: DEV_TOKEN_TTL_SECONDS,
      });
    });
  };
}
