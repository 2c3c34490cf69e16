// Random FGA worlds as plain data: a resource-type DAG under organization, permissions and roles per
// type, a resource tree, memberships with statuses and org roles, assignments, and a write sequence.
// Everything is drawn from small alphabets and "picks" (indices taken modulo the current candidates),
// so collisions and edge cases are frequent and shrunk counterexamples stay short.
import fc from 'fast-check';

export type Status = 'active' | 'inactive' | 'pending';

/** The generated world before picks are resolved. */
export interface RawWorld {
  /**
   * Type i is `t${i + 1}`. `chain` puts it under the previous type (so deep trees happen); each pick
   * adds pick % (i + 1) → 0 = organization, k = t{k}. No parent at all → organization.
   */
  readonly types: readonly { readonly chain: boolean; readonly parents: readonly number[] }[];
  /** Type pick % (types + 1), 0 = organization; slug = `${type}:${action}`. */
  readonly permissions: readonly { readonly type: number; readonly action: string }[];
  /** roles[0] is always organization-scoped, so every membership has a role to hold. */
  readonly roles: readonly { readonly type: number; readonly permissions: readonly number[] }[];
  /** `parent` counts back from the newest resource (0 = newest, shrinking deepens trees); `type` picks among the types allowed under it. */
  readonly resources: readonly { readonly type: number; readonly parent: number }[];
  readonly memberships: readonly { readonly status: Status; readonly roles: readonly number[] }[];
  readonly assignments: readonly { readonly m: number; readonly role: number; readonly resource: number }[];
}

/** One write of a random sequence; numbers are picks resolved against the state at that moment. */
export type RawOp =
  | { readonly kind: 'assign'; readonly m: number; readonly role: number; readonly resource: number }
  | { readonly kind: 'removeRole'; readonly m: number; readonly role: number; readonly resource: number }
  | { readonly kind: 'removeAssignment'; readonly pick: number }
  | { readonly kind: 'reparent'; readonly resource: number; readonly parent: number }
  | {
      readonly kind: 'setPermissions';
      readonly role: number;
      readonly permissions: readonly number[];
      readonly inScope: boolean;
    }
  | { readonly kind: 'addPermission'; readonly role: number; readonly permission: number }
  | { readonly kind: 'removePermission'; readonly role: number; readonly permission: number }
  | { readonly kind: 'deactivate'; readonly m: number }
  | { readonly kind: 'reactivate'; readonly m: number }
  | { readonly kind: 'deleteResource'; readonly resource: number; readonly cascade: boolean }
  | { readonly kind: 'deleteMembership'; readonly m: number }
  | {
      readonly kind: 'createResource';
      readonly type: number;
      readonly parent: number;
      readonly externalId: string;
    }
  | { readonly kind: 'setOrgRoles'; readonly m: number; readonly roles: readonly number[] }
  | { readonly kind: 'deletePermission'; readonly permission: number };

const pick = fc.nat({ max: 15 });
const picks = (max: number) => fc.array(pick, { maxLength: max });

export const rawWorld: fc.Arbitrary<RawWorld> = fc.record({
  // chained types 3 times in 4, and parents among the two newest resources 3 times in 4: deep trees
  types: fc.array(fc.record({ chain: fc.constantFrom(true, true, true, false), parents: picks(2) }), {
    minLength: 1,
    maxLength: 5,
    size: 'max',
  }),
  permissions: fc.array(fc.record({ type: pick, action: fc.constantFrom('a', 'b', '*') }), {
    minLength: 1,
    maxLength: 9,
  }),
  roles: fc.array(fc.record({ type: pick, permissions: picks(4) }), { minLength: 1, maxLength: 6 }),
  resources: fc.array(
    fc.record({
      type: pick,
      parent: fc.oneof({ weight: 3, arbitrary: fc.nat({ max: 1 }) }, { weight: 1, arbitrary: pick }),
    }),
    { minLength: 2, maxLength: 14, size: 'medium' },
  ),
  memberships: fc.array(
    fc.record({
      status: fc.constantFrom<Status>('active', 'active', 'inactive', 'pending'),
      roles: picks(2),
    }),
    { minLength: 1, maxLength: 4 },
  ),
  assignments: fc.array(fc.record({ m: pick, role: pick, resource: pick }), { maxLength: 8 }),
});

export const rawOp: fc.Arbitrary<RawOp> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('assign' as const), m: pick, role: pick, resource: pick }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('removeRole' as const), m: pick, role: pick, resource: pick }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('removeAssignment' as const), pick }) },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('reparent' as const), resource: pick, parent: pick }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('setPermissions' as const),
      role: pick,
      permissions: picks(3),
      inScope: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('addPermission' as const), role: pick, permission: pick }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('removePermission' as const), role: pick, permission: pick }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deactivate' as const), m: pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reactivate' as const), m: pick }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('deleteResource' as const),
      resource: pick,
      cascade: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deleteMembership' as const), m: pick }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('createResource' as const),
      type: pick,
      parent: pick,
      externalId: fc.constantFrom('a', 'b', '__proto__'),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('setOrgRoles' as const), m: pick, roles: picks(2) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deletePermission' as const), permission: pick }) },
);

export const rawOps: fc.Arbitrary<readonly RawOp[]> = fc.array(rawOp, { maxLength: 16 });
