// User rules: email unique (case-insensitively), external id ≤ 128 ASCII and unique, metadata
// limits; deleting a user deletes their memberships and those memberships' assignments.
import type { CreateUserInput, ListUsersOptions, UpdateUserInput } from '../admin.js';
import type { UserNode } from '../engine/nodes.js';
import { toUser } from '../engine/to-public.js';
import { ConflictError, NotFoundError } from '../errors.js';
import type { UserRecord } from '../store/records.js';
import { paginate, readPageOptions } from '../util/paginate.js';
import { membershipDeletion } from './cascade.js';
import type { ModelContext, Plan } from './context.js';
import { ID_PREFIX } from './ids.js';
import {
  optionalBoolean,
  optionalExternalId,
  optionalMetadata,
  optionalText,
  requireEmail,
} from './rules.js';
import type { Page, User } from './types.js';

const MAX_PERSON_NAME = 255;

/** The user with this id, or `NotFoundError`. */
export function requireUser(ctx: ModelContext, id: string): UserNode {
  const user = ctx.index.users.get(id);
  if (user === undefined) throw new NotFoundError('user', String(id));
  return user;
}

function assertUnique(
  ctx: ModelContext,
  email: string,
  externalId: string | null,
  self: string | null,
): void {
  const byEmail = ctx.index.usersByEmail.get(email.toLowerCase());
  if (byEmail !== undefined && byEmail.rec.id !== self) {
    throw new ConflictError('email_not_available', `email '${email}' is already used by another user.`, {
      details: { field: 'email' },
    });
  }
  if (externalId === null) return;
  const byExternalId = ctx.index.usersByExternalId.get(externalId);
  if (byExternalId !== undefined && byExternalId.rec.id !== self) {
    throw new ConflictError(
      'external_id_already_used',
      `externalId '${externalId}' is already used by user ${byExternalId.rec.id}; choose another.`,
      { details: { field: 'externalId' } },
    );
  }
}

/** Creates a user. */
export function planCreateUser(ctx: ModelContext, input: CreateUserInput): Plan<User> {
  const email = requireEmail(input.email, 'email');
  const externalId = optionalExternalId(input.externalId, 'externalId') ?? null;
  const record: UserRecord = {
    kind: 'user',
    id: '',
    email,
    emailVerified: optionalBoolean(input.emailVerified, 'emailVerified') ?? false,
    firstName: optionalText(input.firstName, 'firstName', MAX_PERSON_NAME) ?? null,
    lastName: optionalText(input.lastName, 'lastName', MAX_PERSON_NAME) ?? null,
    externalId,
    metadata: optionalMetadata(input.metadata, 'metadata') ?? [],
    updatedAt: 0,
  };
  assertUnique(ctx, email, externalId, null);
  const created: UserRecord = { ...record, id: ctx.ids.next(ID_PREFIX.user) };
  return {
    changes: [{ op: 'put', record: created }],
    read: () => toUser(requireUser(ctx, created.id)),
  };
}

/** Updates a user. */
export function planUpdateUser(ctx: ModelContext, id: string, input: UpdateUserInput): Plan<User> {
  const user = requireUser(ctx, id);
  const email = input.email === undefined ? user.rec.email : requireEmail(input.email, 'email');
  const externalId = optionalExternalId(input.externalId, 'externalId');
  const firstName = optionalText(input.firstName, 'firstName', MAX_PERSON_NAME);
  const lastName = optionalText(input.lastName, 'lastName', MAX_PERSON_NAME);
  const record: UserRecord = {
    ...user.rec,
    email,
    emailVerified: optionalBoolean(input.emailVerified, 'emailVerified') ?? user.rec.emailVerified,
    firstName: firstName === undefined ? user.rec.firstName : firstName,
    lastName: lastName === undefined ? user.rec.lastName : lastName,
    externalId: externalId === undefined ? user.rec.externalId : externalId,
    metadata: optionalMetadata(input.metadata, 'metadata') ?? user.rec.metadata,
    updatedAt: ctx.now(),
  };
  assertUnique(ctx, record.email, record.externalId, id);
  return { changes: [{ op: 'put', record }], read: () => toUser(requireUser(ctx, id)) };
}

/** Deletes a user with their memberships and role assignments (SPEC §2.6). */
export function planDeleteUser(ctx: ModelContext, id: string): Plan<void> {
  const user = requireUser(ctx, id);
  const changes: Plan<void>['changes'] = [];
  for (const membership of user.memberships.values()) membershipDeletion(membership, changes);
  changes.push({ op: 'delete', kind: 'user', id });
  return { changes, read: () => undefined };
}

/** The user with an external id, or `NotFoundError`. */
export function getUserByExternalId(ctx: ModelContext, externalId: string): User {
  const user = ctx.index.usersByExternalId.get(externalId);
  if (user === undefined) throw new NotFoundError('user', String(externalId));
  return toUser(user);
}

/** Users, optionally filtered by email or organization, paginated by creation. */
export function listUsers(ctx: ModelContext, options: ListUsersOptions | undefined): Page<User> {
  const request = readPageOptions(options);
  const { index } = ctx;
  let users: UserNode[];
  if (options?.email !== undefined) {
    const user = index.usersByEmail.get(options.email.toLowerCase());
    users = user === undefined ? [] : [user];
  } else {
    users = [...index.users.values()];
  }
  if (options?.organizationId !== undefined) {
    const orgId = options.organizationId;
    users = users.filter((user) => user.memberships.has(orgId));
  }
  const page = paginate(
    users,
    (user) => user.rec.id,
    request,
    (cursor) => index.users.has(cursor),
  );
  return { data: page.data.map(toUser), listMetadata: page.listMetadata };
}
