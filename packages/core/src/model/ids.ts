// Id prefixes of SPEC §1.1: every object id is `<prefix><26-char ULID>`.

/** Prefix of each kind of id fgakit generates. */
export const ID_PREFIX = {
  organization: 'org_',
  user: 'user_',
  membership: 'om_',
  role: 'role_',
  permission: 'perm_',
  resource: 'authz_resource_',
  resourceType: 'authz_resource_type_',
  roleAssignment: 'role_assignment_',
} as const;
