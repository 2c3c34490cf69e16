// Node classes of the in-memory index. Each wraps its store record and adds the links the
// evaluator follows; fields are all initialised in constructors so V8 keeps one shape per class.
import type {
  MembershipRecord,
  OrganizationRecord,
  PermissionRecord,
  ResourceRecord,
  ResourceTypeRecord,
  RoleAssignmentRecord,
  RoleRecord,
  UserRecord,
} from '../store/records.js';

/** A resource type in the type DAG. */
export class TypeNode {
  rec: ResourceTypeRecord;
  parents: TypeNode[] = [];
  readonly children = new Set<TypeNode>();
  /** This type and every type below it. */
  descendants = new Set<TypeNode>();
  /** Longest path from `organization` (which is 0). */
  depth = 0;
  roleCount = 0;
  permissionCount = 0;
  resourceCount = 0;
  /** parent type slug → instances of this type whose parent resource has that type. */
  readonly instancesUnder = new Map<string, number>();

  constructor(rec: ResourceTypeRecord) {
    this.rec = rec;
  }
}

/** A permission, interned to one bit of every role's bitset. */
export class PermissionNode {
  rec: PermissionRecord;
  /** Index of the 32-bit word holding this permission's bit. */
  readonly word: number;
  /** The bit inside {@link word}. */
  readonly mask: number;
  readonly type: TypeNode;
  /** Roles whose set holds this permission (for deletes). */
  readonly roles = new Set<RoleNode>();

  constructor(rec: PermissionRecord, bit: number, type: TypeNode) {
    this.rec = rec;
    this.word = bit >>> 5;
    this.mask = 1 << (bit & 31);
    this.type = type;
  }
}

/** A role; `bits` is its permission set as a bitset indexed by {@link PermissionNode.word}. */
export class RoleNode {
  rec: RoleRecord;
  bits: Uint32Array;
  readonly org: OrgNode | null;
  readonly type: TypeNode;
  assignmentCount = 0;
  membershipCount = 0;

  constructor(rec: RoleRecord, bits: Uint32Array, org: OrgNode | null, type: TypeNode) {
    this.rec = rec;
    this.bits = bits;
    this.org = org;
    this.type = type;
  }
}

/** An organization and its part of the index. */
export class OrgNode {
  rec: OrganizationRecord;
  /** The organization resource (D6); set when its record is applied. */
  root: ResourceNode | null = null;
  /** type slug → external id → resource. */
  readonly byType = new Map<string, Map<string, ResourceNode>>();
  /** Custom roles by slug. */
  readonly customRoles = new Map<string, RoleNode>();
  readonly memberships = new Set<MembershipNode>();
  /** Organization-scoped role → memberships holding it (for indirect listMemberships). */
  readonly membersByRole = new Map<RoleNode, Set<MembershipNode>>();
  resourceCount = 0;

  constructor(rec: OrganizationRecord) {
    this.rec = rec;
  }
}

/** A user and their memberships by organization id. */
export class UserNode {
  rec: UserRecord;
  readonly memberships = new Map<string, MembershipNode>();

  constructor(rec: UserRecord) {
    this.rec = rec;
  }
}

/** A membership: the subject of every check. */
export class MembershipNode {
  rec: MembershipRecord;
  readonly org: OrgNode;
  readonly user: UserNode;
  active: boolean;
  /** Organization-scoped roles in priority order. */
  roles: RoleNode[] = [];
  /** resource → first assignment of this membership on it (chained by `nextSame`); null until the first. */
  assigned: Map<ResourceNode, AssignmentNode> | null = null;
  assignmentCount = 0;

  constructor(rec: MembershipRecord, org: OrgNode, user: UserNode) {
    this.rec = rec;
    this.org = org;
    this.user = user;
    this.active = rec.status === 'active';
  }
}

/** A resource in its organization's tree; children form an intrusive doubly linked list. */
export class ResourceNode {
  rec: ResourceRecord;
  readonly org: OrgNode;
  readonly type: TypeNode;
  /** Creation order (ascending ids), for sorting discovery results without comparing strings. */
  readonly seq: number;
  parent: ResourceNode | null = null;
  firstChild: ResourceNode | null = null;
  nextSibling: ResourceNode | null = null;
  prevSibling: ResourceNode | null = null;
  /** Assignments on this resource, doubly linked through `nextOnResource`/`prevOnResource`. */
  assignHead: AssignmentNode | null = null;

  constructor(rec: ResourceRecord, org: OrgNode, type: TypeNode, seq: number) {
    this.rec = rec;
    this.org = org;
    this.type = type;
    this.seq = seq;
  }
}

/** A role assignment, linked into its (membership, resource) chain and its resource's list. */
export class AssignmentNode {
  readonly rec: RoleAssignmentRecord;
  readonly membership: MembershipNode;
  readonly role: RoleNode;
  readonly resource: ResourceNode;
  nextSame: AssignmentNode | null = null;
  nextOnResource: AssignmentNode | null = null;
  prevOnResource: AssignmentNode | null = null;

  constructor(rec: RoleAssignmentRecord, membership: MembershipNode, role: RoleNode, resource: ResourceNode) {
    this.rec = rec;
    this.membership = membership;
    this.role = role;
    this.resource = resource;
  }
}
