// The fgakit error family: one base class, flat subclasses, a stable `code` on each, and a brand so
// errors are recognised across package copies (`isFgaError`), not only by `instanceof`.

const BRAND = Symbol.for('fgakit.error');

/** Codes of {@link AuthenticationError} (HTTP 401). */
export type AuthenticationErrorCode =
  | 'authentication_required'
  | 'invalid_token'
  | 'token_expired'
  | 'token_not_yet_valid'
  | 'membership_unresolved';

/** Codes of {@link PermissionDeniedError} (HTTP 403). */
export type PermissionDeniedErrorCode = 'permission_denied';

/** Codes of {@link NotFoundError} (HTTP 404). */
export type NotFoundErrorCode = 'entity_not_found';

/** Codes of {@link ValidationError} (HTTP 422, or 400 where noted in {@link statusForCode}). */
export type ValidationErrorCode =
  | 'invalid_request_parameters'
  | 'bad_request'
  | 'invalid_role'
  | 'multiple_roles_not_enabled'
  | 'sub_resource_scoped_role_not_allowed'
  | 'role_resource_type_mismatch'
  | 'invalid_parent_resource_type'
  | 'resource_hierarchy_cycle'
  | 'resource_hierarchy_too_deep'
  | 'permission_not_found'
  | 'permission_out_of_scope'
  | 'invalid_cursor'
  | 'organization_resource_immutable'
  | 'system_permission_immutable'
  | 'cannot_deactivate_pending_organization_membership'
  | 'cannot_reactivate_pending_organization_membership'
  | 'missing_organization_id_or_resource_type_slug'
  | 'missing_user_id_or_organization_id'
  | 'invalid_model_file';

/** Codes of {@link ConflictError} (HTTP 409). */
export type ConflictErrorCode =
  | 'authorization_resource_external_id_conflict'
  | 'resource_has_dependents'
  | 'role_slug_conflict'
  | 'organization_role_slug_conflict'
  | 'permission_slug_conflict'
  | 'role_has_assignments'
  | 'role_assignment_already_exists'
  | 'authorization_resource_type_slug_conflict'
  | 'resource_type_has_roles'
  | 'resource_type_has_permissions'
  | 'resource_type_has_resources'
  | 'resource_type_has_child_types'
  | 'resource_type_in_use'
  | 'external_id_already_used'
  | 'email_not_available'
  | 'organization_membership_already_exists'
  | 'default_role_in_use';

/** Codes of {@link AuthorizationUnavailableError} (HTTP 503). */
export type AuthorizationUnavailableErrorCode = 'authorization_unavailable' | 'authorization_timeout';

/** Codes of {@link ConfigurationError} (thrown at start-up; HTTP 500 if it ever reaches a request). */
export type ConfigurationErrorCode = 'invalid_configuration' | 'unknown_permission' | 'unknown_resource_type';

/** Every stable error code fgakit produces; `switch (err.code)` narrows on it. */
export type FgaErrorCode =
  | AuthenticationErrorCode
  | PermissionDeniedErrorCode
  | NotFoundErrorCode
  | ValidationErrorCode
  | ConflictErrorCode
  | AuthorizationUnavailableErrorCode
  | ConfigurationErrorCode;

/** The kinds of object a {@link NotFoundError} can name. */
export type EntityKind =
  | 'organization'
  | 'user'
  | 'organization_membership'
  | 'role'
  | 'permission'
  | 'resource_type'
  | 'resource'
  | 'role_assignment';

/** One problem found while validating input: where it is, and what is wrong. */
export interface ValidationIssue {
  /** Dotted path of the offending field, e.g. `roles[2].permissions[0]` or `role_slugs`. */
  readonly field: string;
  /** Stable code for this issue (often the error's own code). */
  readonly code: string;
  /** What is wrong and, where possible, how to fix it. */
  readonly message: string;
}

/** Options shared by every fgakit error constructor. */
export interface FgaErrorOptions {
  /** The underlying error, kept for logs; never shown to clients. */
  readonly cause?: unknown;
  /** Structured details safe to show to a client (field names, slugs, ids the caller sent). */
  readonly details?: Readonly<Record<string, unknown>>;
}

const STATUS_400 = new Set<string>([
  'bad_request',
  'cannot_deactivate_pending_organization_membership',
  'cannot_reactivate_pending_organization_membership',
  'missing_organization_id_or_resource_type_slug',
  'missing_user_id_or_organization_id',
]);

/**
 * The HTTP status fgakit uses for an error code.
 *
 * @example Mapping a code
 * ```ts
 * statusForCode('resource_has_dependents'); // 409
 * ```
 */
export function statusForCode(code: FgaErrorCode): number {
  if (STATUS_400.has(code)) return 400;
  switch (code) {
    case 'authentication_required':
    case 'invalid_token':
    case 'token_expired':
    case 'token_not_yet_valid':
    case 'membership_unresolved':
      return 401;
    case 'permission_denied':
      return 403;
    case 'entity_not_found':
      return 404;
    case 'authorization_unavailable':
    case 'authorization_timeout':
      return 503;
    case 'invalid_configuration':
    case 'unknown_permission':
    case 'unknown_resource_type':
      return 500;
    default:
      return isConflictCode(code) ? 409 : 422;
  }
}

const CONFLICT_CODES: ReadonlySet<string> = new Set<ConflictErrorCode>([
  'authorization_resource_external_id_conflict',
  'resource_has_dependents',
  'role_slug_conflict',
  'organization_role_slug_conflict',
  'permission_slug_conflict',
  'role_has_assignments',
  'role_assignment_already_exists',
  'authorization_resource_type_slug_conflict',
  'resource_type_has_roles',
  'resource_type_has_permissions',
  'resource_type_has_resources',
  'resource_type_has_child_types',
  'resource_type_in_use',
  'external_id_already_used',
  'email_not_available',
  'organization_membership_already_exists',
  'default_role_in_use',
]);

function isConflictCode(code: string): code is ConflictErrorCode {
  return CONFLICT_CODES.has(code);
}

/**
 * Base class of every error fgakit throws. Carries a stable {@link FgaErrorCode}, the HTTP
 * `status` it maps to, and `expose`: whether its message is safe to send to a client.
 *
 * @example Handling any fgakit error
 * ```ts
 * try {
 *   await admin.createResource({ ... });
 * } catch (err) {
 *   if (isFgaError(err) && err.code === 'authorization_resource_external_id_conflict') { ... }
 * }
 * ```
 */
export class FgaError<C extends FgaErrorCode = FgaErrorCode> extends Error {
  /** Stable, documented code; safe to branch on. */
  readonly code: C;
  /** HTTP status this error maps to. */
  readonly status: number;
  /** Whether `message` may be shown to an API client. */
  readonly expose: boolean;
  /** Structured, client-safe details. */
  readonly details: Readonly<Record<string, unknown>> | undefined;
  /** @internal brand used by {@link isFgaError}. */
  readonly [BRAND] = true;

  constructor(code: C, message: string, options: FgaErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.status = statusForCode(code);
    this.expose = this.status < 500;
    this.details = options.details;
  }
}

/** The caller has no (valid) identity: HTTP 401. */
export class AuthenticationError extends FgaError<AuthenticationErrorCode> {}

/** The caller is known but not allowed: HTTP 403. */
export class PermissionDeniedError extends FgaError<PermissionDeniedErrorCode> {}

/** A referenced object does not exist (or lives in another organization): HTTP 404. */
export class NotFoundError extends FgaError<NotFoundErrorCode> {
  /** Which kind of object was not found. */
  readonly entity: EntityKind;
  /** The id, slug or external id that was looked up. */
  readonly key: string;

  constructor(entity: EntityKind, key: string, options: FgaErrorOptions = {}) {
    super('entity_not_found', `${entityLabel(entity)} not found: '${key}'.`, {
      ...options,
      details: { entity, key, ...options.details },
    });
    this.entity = entity;
    this.key = key;
  }
}

/** Input broke a rule of the model: HTTP 422 (400 for a few request-shape codes). */
export class ValidationError extends FgaError<ValidationErrorCode> {
  /** Every problem found; the first one is also the error's message. */
  readonly issues: readonly ValidationIssue[];

  constructor(
    code: ValidationErrorCode,
    message: string,
    options: FgaErrorOptions & { readonly field?: string; readonly issues?: readonly ValidationIssue[] } = {},
  ) {
    const issues =
      options.issues ?? (options.field === undefined ? [] : [{ field: options.field, code, message }]);
    super(code, message, {
      ...options,
      details: { ...(options.field === undefined ? {} : { field: options.field }), ...options.details },
    });
    this.issues = issues;
  }
}

/** The write conflicts with existing state (duplicate, dependents, assignments): HTTP 409. */
export class ConflictError extends FgaError<ConflictErrorCode> {}

/** The authorizer could not answer (timeout, backend down, rate limited): HTTP 503. Never an allow. */
export class AuthorizationUnavailableError extends FgaError<AuthorizationUnavailableErrorCode> {
  /** Seconds after which a retry is reasonable (sent as `Retry-After`). */
  readonly retryAfter: number;

  constructor(
    code: AuthorizationUnavailableErrorCode,
    message: string,
    options: FgaErrorOptions & { readonly retryAfter?: number } = {},
  ) {
    super(code, message, options);
    this.retryAfter = options.retryAfter ?? 1;
  }
}

/** fgakit was set up wrongly; thrown at start-up with a message naming the fix. */
export class ConfigurationError extends FgaError<ConfigurationErrorCode> {}

/**
 * Whether `value` is an fgakit error, even one from another copy of `@fgakit/core`.
 *
 * @example
 * ```ts
 * if (isFgaError(err)) res.status(err.status).json({ code: err.code, message: err.message });
 * ```
 */
export function isFgaError(value: unknown): value is FgaError {
  return typeof value === 'object' && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true;
}

function entityLabel(entity: EntityKind): string {
  switch (entity) {
    case 'organization':
      return 'Organization';
    case 'user':
      return 'User';
    case 'organization_membership':
      return 'Organization membership';
    case 'role':
      return 'Role';
    case 'permission':
      return 'Permission';
    case 'resource_type':
      return 'Resource type';
    case 'resource':
      return 'Resource';
    case 'role_assignment':
      return 'Role assignment';
  }
}
