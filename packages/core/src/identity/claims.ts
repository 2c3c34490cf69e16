// Maps a verified WorkOS AuthKit access-token payload to an identity (SPEC §4.2). Pure: the
// signature and the registered claims were checked by verify-token.ts before this runs.
import { AuthenticationError } from '../errors.js';
import type { ClaimsIdentity } from './types.js';

/**
 * The default claim mapping: `sub` → userId, `org_id` → organizationId, the JWT-template claim
 * `organization_membership_id` → membershipId, `permissions`, `roles` (else `[role]`), `sid`.
 * Throws `AuthenticationError('invalid_token')` when `sub` is missing or a claim has the wrong type.
 *
 * @example
 * ```ts
 * mapAuthKitClaims({ sub: 'user_1', org_id: 'org_1', role: 'admin', permissions: ['project:view'] });
 * // { userId: 'user_1', organizationId: 'org_1', roles: ['admin'], permissions: ['project:view'], claims: {...} }
 * ```
 */
export function mapAuthKitClaims(claims: Readonly<Record<string, unknown>>): ClaimsIdentity {
  const sub = claims.sub;
  if (typeof sub !== 'string' || sub === '') throw invalid('the token has no "sub" claim');
  const orgId = optionalString(claims, 'org_id');
  const membershipId = optionalString(claims, 'organization_membership_id');
  const sessionId = optionalString(claims, 'sid');
  const permissions = optionalStrings(claims, 'permissions');
  const role = optionalString(claims, 'role');
  const roles = optionalStrings(claims, 'roles') ?? (role === undefined ? undefined : [role]);
  return {
    userId: sub,
    organizationId: orgId ?? null,
    ...(membershipId === undefined ? {} : { membershipId }),
    ...(permissions === undefined ? {} : { permissions }),
    ...(roles === undefined ? {} : { roles }),
    ...(sessionId === undefined ? {} : { sessionId }),
    claims,
  };
}

function optionalString(claims: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = claims[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value === '') throw invalid(`the "${name}" claim is not a string`);
  return value;
}

function optionalStrings(claims: Readonly<Record<string, unknown>>, name: string): string[] | undefined {
  const value = claims[name];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((item): item is string => typeof item === 'string')) {
    throw invalid(`the "${name}" claim is not an array of strings`);
  }
  return [...value];
}

function invalid(why: string): AuthenticationError {
  return new AuthenticationError('invalid_token', `Invalid token: ${why}.`);
}
