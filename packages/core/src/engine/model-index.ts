// The engine's in-memory state: every record wrapped in a node, plus the derived maps that make
// checks a handful of lookups. It changes only by applying committed store batches, in order.
import { ORGANIZATION_TYPE, type Revision } from '../model/types.js';
import type {
  Change,
  MembershipRecord,
  OrganizationRecord,
  PermissionRecord,
  RecordKind,
  ResourceRecord,
  ResourceTypeRecord,
  RoleAssignmentRecord,
  RoleRecord,
  SettingsRecord,
  StoreRecord,
  UserRecord,
} from '../store/records.js';
import { SETTINGS_ID } from '../store/records.js';
import type { CommittedBatch, StoreSnapshot } from '../store/store.js';
import {
  AssignmentNode,
  MembershipNode,
  OrgNode,
  PermissionNode,
  ResourceNode,
  RoleNode,
  TypeNode,
  UserNode,
} from './nodes.js';

const DEFAULT_SETTINGS: SettingsRecord = {
  kind: 'settings',
  id: SETTINGS_ID,
  multipleRoles: true,
  defaultRoleSlug: 'member',
  maxTypeDepth: 5,
  updatedAt: 0,
};

// Snapshot load order: referenced kinds before the kinds that reference them.
const LOAD_ORDER: readonly RecordKind[] = [
  'settings',
  'resource_type',
  'permission',
  'organization',
  'role',
  'user',
  'resource',
  'membership',
  'role_assignment',
];

/**
 * All entities of one environment, indexed for evaluation and validation.
 * Mutated only through {@link applyBatch} / {@link load}; everything else reads.
 */
export class ModelIndex {
  revision: Revision = 0;
  settings: SettingsRecord = DEFAULT_SETTINGS;
  readonly types = new Map<string, TypeNode>();
  readonly permissions = new Map<string, PermissionNode>();
  readonly permissionsById = new Map<string, PermissionNode>();
  readonly envRoles = new Map<string, RoleNode>();
  readonly rolesById = new Map<string, RoleNode>();
  /** slug → number of organizations with a custom role of that slug (env slugs must not collide). */
  readonly customRoleSlugs = new Map<string, number>();
  readonly organizations = new Map<string, OrgNode>();
  readonly organizationsByExternalId = new Map<string, OrgNode>();
  readonly users = new Map<string, UserNode>();
  /** Lower-cased email → user. */
  readonly usersByEmail = new Map<string, UserNode>();
  readonly usersByExternalId = new Map<string, UserNode>();
  readonly memberships = new Map<string, MembershipNode>();
  readonly resources = new Map<string, ResourceNode>();
  readonly assignments = new Map<string, AssignmentNode>();

  /** Words per role bitset; grows by doubling as permissions are created. */
  #bitWords = 2;
  #nextBit = 0;
  #nextSeq = 0;

  /** Replaces the whole state with a snapshot (only on an empty index). */
  load(snapshot: StoreSnapshot): void {
    const byKind = new Map<RecordKind, StoreRecord[]>();
    for (const record of snapshot.records) {
      const list = byKind.get(record.kind);
      if (list === undefined) byKind.set(record.kind, [record]);
      else list.push(record);
    }
    for (const kind of LOAD_ORDER) {
      const list = byKind.get(kind);
      if (list === undefined) continue;
      list.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      if (kind === 'resource_type') this.#loadTypes(list as ResourceTypeRecord[]);
      else if (kind === 'resource') this.#loadResources(list as ResourceRecord[]);
      else for (const record of list) this.#put(record);
    }
    this.revision = snapshot.revision;
  }

  /** Applies a committed batch; batches at or below the current revision are ignored. */
  applyBatch(batch: CommittedBatch): boolean {
    if (batch.revision <= this.revision) return false;
    this.applyChanges(batch.changes);
    this.revision = batch.revision;
    return true;
  }

  /** Applies changes in order (used by {@link applyBatch}). */
  applyChanges(changes: readonly Change[]): void {
    let typesChanged = false;
    for (const change of changes) {
      if (change.op === 'put') {
        this.#put(change.record);
        if (change.record.kind === 'resource_type') typesChanged = true;
      } else {
        this.#delete(change.kind, change.id);
        if (change.kind === 'resource_type') typesChanged = true;
      }
    }
    if (typesChanged) this.#recomputeTypeGraph();
  }

  /** The role a slug names inside an organization: its custom role, else the environment role. */
  resolveRole(org: OrgNode, slug: string): RoleNode | undefined {
    return org.customRoles.get(slug) ?? this.envRoles.get(slug);
  }

  /** Looks a resource up by type and external id inside an organization. */
  resourceByExternalId(org: OrgNode, type: string, externalId: string): ResourceNode | undefined {
    return org.byType.get(type)?.get(externalId);
  }

  #put(record: StoreRecord): void {
    switch (record.kind) {
      case 'settings':
        this.settings = record;
        return;
      case 'resource_type':
        this.#putType(record);
        return;
      case 'permission':
        this.#putPermission(record);
        return;
      case 'role':
        this.#putRole(record);
        return;
      case 'organization':
        this.#putOrganization(record);
        return;
      case 'user':
        this.#putUser(record);
        return;
      case 'resource':
        this.#putResource(record);
        return;
      case 'membership':
        this.#putMembership(record);
        return;
      case 'role_assignment':
        this.#putAssignment(record);
        return;
    }
  }

  #delete(kind: RecordKind, id: string): void {
    switch (kind) {
      case 'settings':
        this.settings = DEFAULT_SETTINGS;
        return;
      case 'resource_type':
        this.#deleteType(id);
        return;
      case 'permission':
        this.#deletePermission(id);
        return;
      case 'role':
        this.#deleteRole(id);
        return;
      case 'organization':
        this.#deleteOrganization(id);
        return;
      case 'user':
        this.#deleteUser(id);
        return;
      case 'resource':
        this.#deleteResource(id);
        return;
      case 'membership':
        this.#deleteMembership(id);
        return;
      case 'role_assignment':
        this.#deleteAssignment(id);
        return;
    }
  }

  // ---- resource types -------------------------------------------------------------------------

  #loadTypes(records: readonly ResourceTypeRecord[]): void {
    // Two passes: a type may name a parent created after it (parents can be edited).
    for (const record of records) this.types.set(record.slug, new TypeNode(record));
    for (const record of records) this.#putType(record);
    this.#recomputeTypeGraph();
  }

  #putType(record: ResourceTypeRecord): void {
    let node = this.types.get(record.slug);
    if (node === undefined) {
      node = new TypeNode(record);
      this.types.set(record.slug, node);
    }
    for (const parent of node.parents) parent.children.delete(node);
    node.rec = record;
    node.parents = [];
    for (const slug of record.parentTypeSlugs) {
      const parent = this.types.get(slug);
      if (parent === undefined) continue;
      node.parents.push(parent);
      parent.children.add(node);
    }
  }

  #deleteType(id: string): void {
    for (const [slug, node] of this.types) {
      if (node.rec.id !== id) continue;
      for (const parent of node.parents) parent.children.delete(node);
      this.types.delete(slug);
      return;
    }
  }

  /** Depths and descendant sets; the type graph has at most a few dozen nodes, so recompute all. */
  #recomputeTypeGraph(): void {
    for (const node of this.types.values()) {
      node.descendants = new Set([node]);
      node.depth = -1;
    }
    const depthOf = (node: TypeNode, seen: Set<TypeNode>): number => {
      if (node.depth >= 0) return node.depth;
      if (seen.has(node)) return 0; // cycles are rejected before commit; never loop
      seen.add(node);
      let depth = 0;
      for (const parent of node.parents) depth = Math.max(depth, depthOf(parent, seen) + 1);
      node.depth = depth;
      return depth;
    };
    for (const node of this.types.values()) depthOf(node, new Set());
    for (const node of this.types.values()) {
      const stack = [...node.children];
      while (stack.length > 0) {
        const child = stack.pop() as TypeNode;
        if (node.descendants.has(child)) continue;
        node.descendants.add(child);
        for (const grandchild of child.children) stack.push(grandchild);
      }
    }
  }

  // ---- permissions and roles ------------------------------------------------------------------

  #putPermission(record: PermissionRecord): void {
    const existing = this.permissions.get(record.slug);
    if (existing !== undefined) {
      existing.rec = record;
      return;
    }
    const type = this.types.get(record.resourceTypeSlug) ?? this.#organizationType();
    const bit = this.#nextBit++;
    if (bit >>> 5 >= this.#bitWords) this.#growBitsets();
    const node = new PermissionNode(record, bit, type);
    this.permissions.set(record.slug, node);
    this.permissionsById.set(record.id, node);
    type.permissionCount += 1;
  }

  #deletePermission(id: string): void {
    const node = this.permissionsById.get(id);
    if (node === undefined) return;
    for (const role of node.roles) role.bits[node.word] = (role.bits[node.word] ?? 0) & ~node.mask;
    this.permissionsById.delete(id);
    this.permissions.delete(node.rec.slug);
    node.type.permissionCount -= 1;
  }

  #growBitsets(): void {
    this.#bitWords *= 2;
    for (const role of this.rolesById.values()) {
      const bits = new Uint32Array(this.#bitWords);
      bits.set(role.bits);
      role.bits = bits;
    }
  }

  #putRole(record: RoleRecord): void {
    let node = this.rolesById.get(record.id);
    if (node === undefined) {
      const org =
        record.organizationId === null ? null : (this.organizations.get(record.organizationId) ?? null);
      const type = this.types.get(record.resourceTypeSlug) ?? this.#organizationType();
      node = new RoleNode(record, new Uint32Array(this.#bitWords), org, type);
      this.rolesById.set(record.id, node);
      type.roleCount += 1;
      if (org === null) this.envRoles.set(record.slug, node);
      else {
        org.customRoles.set(record.slug, node);
        this.customRoleSlugs.set(record.slug, (this.customRoleSlugs.get(record.slug) ?? 0) + 1);
      }
    } else {
      for (const slug of node.rec.permissions) this.permissions.get(slug)?.roles.delete(node);
      node.bits.fill(0);
      node.rec = record;
    }
    // Permission sets are read at check time through the bitset, so an edit applies immediately.
    for (const slug of record.permissions) {
      const permission = this.permissions.get(slug);
      if (permission === undefined) continue;
      node.bits[permission.word] = (node.bits[permission.word] ?? 0) | permission.mask;
      permission.roles.add(node);
    }
  }

  #deleteRole(id: string): void {
    const node = this.rolesById.get(id);
    if (node === undefined) return;
    for (const slug of node.rec.permissions) this.permissions.get(slug)?.roles.delete(node);
    this.rolesById.delete(id);
    node.type.roleCount -= 1;
    if (node.org === null) this.envRoles.delete(node.rec.slug);
    else {
      node.org.customRoles.delete(node.rec.slug);
      const count = (this.customRoleSlugs.get(node.rec.slug) ?? 1) - 1;
      if (count === 0) this.customRoleSlugs.delete(node.rec.slug);
      else this.customRoleSlugs.set(node.rec.slug, count);
    }
  }

  // ---- organizations and users ----------------------------------------------------------------

  #putOrganization(record: OrganizationRecord): void {
    let node = this.organizations.get(record.id);
    if (node === undefined) {
      node = new OrgNode(record);
      this.organizations.set(record.id, node);
    } else {
      if (node.rec.externalId !== null) this.organizationsByExternalId.delete(node.rec.externalId);
      node.rec = record;
    }
    if (record.externalId !== null) this.organizationsByExternalId.set(record.externalId, node);
  }

  #deleteOrganization(id: string): void {
    const node = this.organizations.get(id);
    if (node === undefined) return;
    if (node.rec.externalId !== null) this.organizationsByExternalId.delete(node.rec.externalId);
    this.organizations.delete(id);
  }

  #putUser(record: UserRecord): void {
    let node = this.users.get(record.id);
    if (node === undefined) {
      node = new UserNode(record);
      this.users.set(record.id, node);
    } else {
      this.usersByEmail.delete(node.rec.email.toLowerCase());
      if (node.rec.externalId !== null) this.usersByExternalId.delete(node.rec.externalId);
      node.rec = record;
    }
    this.usersByEmail.set(record.email.toLowerCase(), node);
    if (record.externalId !== null) this.usersByExternalId.set(record.externalId, node);
  }

  #deleteUser(id: string): void {
    const node = this.users.get(id);
    if (node === undefined) return;
    this.usersByEmail.delete(node.rec.email.toLowerCase());
    if (node.rec.externalId !== null) this.usersByExternalId.delete(node.rec.externalId);
    this.users.delete(id);
  }

  // ---- resources ------------------------------------------------------------------------------

  #loadResources(records: readonly ResourceRecord[]): void {
    // Two passes: after a re-parent, a parent may be newer than its child.
    for (const record of records) this.#putResource({ ...record, parentId: null }, false);
    for (const record of records) if (record.parentId !== null) this.#putResource(record);
  }

  #putResource(record: ResourceRecord, link = true): void {
    const existing = this.resources.get(record.id);
    if (existing !== undefined) {
      const oldParent = existing.parent;
      existing.rec = record;
      const newParent = record.parentId === null ? null : (this.resources.get(record.parentId) ?? null);
      if (oldParent !== newParent && link) {
        this.#unlinkChild(existing);
        this.#linkChild(existing, newParent);
      }
      return;
    }
    const org = this.organizations.get(record.organizationId);
    const type = this.types.get(record.type);
    if (org === undefined || type === undefined) return;
    const node = new ResourceNode(record, org, type, this.#nextSeq++);
    this.resources.set(record.id, node);
    const byExternalId = org.byType.get(record.type);
    if (byExternalId === undefined) org.byType.set(record.type, new Map([[record.externalId, node]]));
    else byExternalId.set(record.externalId, node);
    type.resourceCount += 1;
    org.resourceCount += 1;
    if (record.type === ORGANIZATION_TYPE && record.externalId === org.rec.id) org.root = node;
    if (link && record.parentId !== null) this.#linkChild(node, this.resources.get(record.parentId) ?? null);
  }

  #linkChild(node: ResourceNode, parent: ResourceNode | null): void {
    node.parent = parent;
    if (parent === null) return;
    node.prevSibling = null;
    node.nextSibling = parent.firstChild;
    if (parent.firstChild !== null) parent.firstChild.prevSibling = node;
    parent.firstChild = node;
    const under = node.type.instancesUnder;
    under.set(parent.rec.type, (under.get(parent.rec.type) ?? 0) + 1);
  }

  #unlinkChild(node: ResourceNode): void {
    const parent = node.parent;
    if (parent === null) return;
    if (node.prevSibling !== null) node.prevSibling.nextSibling = node.nextSibling;
    else parent.firstChild = node.nextSibling;
    if (node.nextSibling !== null) node.nextSibling.prevSibling = node.prevSibling;
    node.prevSibling = null;
    node.nextSibling = null;
    node.parent = null;
    const under = node.type.instancesUnder;
    const count = (under.get(parent.rec.type) ?? 1) - 1;
    if (count === 0) under.delete(parent.rec.type);
    else under.set(parent.rec.type, count);
  }

  #deleteResource(id: string): void {
    const node = this.resources.get(id);
    if (node === undefined) return;
    this.#unlinkChild(node);
    // Children still linked (not expected: cascades delete leaves first) become detached roots.
    for (let child = node.firstChild; child !== null; child = child.nextSibling) child.parent = null;
    this.resources.delete(id);
    node.org.byType.get(node.rec.type)?.delete(node.rec.externalId);
    node.type.resourceCount -= 1;
    node.org.resourceCount -= 1;
    if (node.org.root === node) node.org.root = null;
  }

  // ---- memberships and assignments ------------------------------------------------------------

  #putMembership(record: MembershipRecord): void {
    let node = this.memberships.get(record.id);
    if (node === undefined) {
      const org = this.organizations.get(record.organizationId);
      const user = this.users.get(record.userId);
      if (org === undefined || user === undefined) return;
      node = new MembershipNode(record, org, user);
      this.memberships.set(record.id, node);
      org.memberships.add(node);
      user.memberships.set(org.rec.id, node);
    } else {
      this.#releaseMembershipRoles(node);
      node.rec = record;
      node.active = record.status === 'active';
    }
    const roles: RoleNode[] = [];
    for (const roleId of record.roleIds) {
      const role = this.rolesById.get(roleId);
      if (role !== undefined) roles.push(role);
    }
    // Priority order = role creation order (ids are monotonic), see SPEC §1.5 and D13.
    roles.sort((a, b) => (a.rec.id < b.rec.id ? -1 : a.rec.id > b.rec.id ? 1 : 0));
    node.roles = roles;
    for (const role of roles) {
      role.membershipCount += 1;
      const holders = node.org.membersByRole.get(role);
      if (holders === undefined) node.org.membersByRole.set(role, new Set([node]));
      else holders.add(node);
    }
  }

  #releaseMembershipRoles(node: MembershipNode): void {
    for (const role of node.roles) {
      role.membershipCount -= 1;
      const holders = node.org.membersByRole.get(role);
      holders?.delete(node);
      if (holders?.size === 0) node.org.membersByRole.delete(role);
    }
    node.roles = [];
  }

  #deleteMembership(id: string): void {
    const node = this.memberships.get(id);
    if (node === undefined) return;
    this.#releaseMembershipRoles(node);
    this.memberships.delete(id);
    node.org.memberships.delete(node);
    node.user.memberships.delete(node.org.rec.id);
  }

  #putAssignment(record: RoleAssignmentRecord): void {
    if (this.assignments.has(record.id)) return; // immutable: a replay changes nothing
    const membership = this.memberships.get(record.membershipId);
    const role = this.rolesById.get(record.roleId);
    const resource = this.resources.get(record.resourceId);
    if (membership === undefined || role === undefined || resource === undefined) return;
    const node = new AssignmentNode(record, membership, role, resource);
    this.assignments.set(record.id, node);
    if (membership.assigned === null) membership.assigned = new Map();
    const assigned = membership.assigned;
    node.nextSame = assigned.get(resource) ?? null;
    assigned.set(resource, node);
    node.nextOnResource = resource.assignHead;
    if (resource.assignHead !== null) resource.assignHead.prevOnResource = node;
    resource.assignHead = node;
    role.assignmentCount += 1;
    membership.assignmentCount += 1;
  }

  #deleteAssignment(id: string): void {
    const node = this.assignments.get(id);
    if (node === undefined) return;
    this.assignments.delete(id);
    const { membership, resource, role } = node;
    const assigned = membership.assigned;
    if (assigned !== null) {
      const head = assigned.get(resource);
      if (head === node) {
        if (node.nextSame === null) assigned.delete(resource);
        else assigned.set(resource, node.nextSame);
      } else {
        for (let a = head ?? null; a !== null; a = a.nextSame) {
          if (a.nextSame === node) {
            a.nextSame = node.nextSame;
            break;
          }
        }
      }
    }
    if (node.prevOnResource !== null) node.prevOnResource.nextOnResource = node.nextOnResource;
    else resource.assignHead = node.nextOnResource;
    if (node.nextOnResource !== null) node.nextOnResource.prevOnResource = node.prevOnResource;
    role.assignmentCount -= 1;
    membership.assignmentCount -= 1;
  }

  #organizationType(): TypeNode {
    let node = this.types.get(ORGANIZATION_TYPE);
    if (node === undefined) {
      node = new TypeNode({
        kind: 'resource_type',
        id: 'authz_resource_type_00000000000000000000000000',
        slug: ORGANIZATION_TYPE,
        name: 'Organization',
        description: null,
        parentTypeSlugs: [],
        updatedAt: 0,
      });
      this.types.set(ORGANIZATION_TYPE, node);
    }
    return node;
  }
}
