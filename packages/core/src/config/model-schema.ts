// The shape of a model file as people write it (zod), and the translation of zod's issues into
// fgakit's `path: what is wrong (how to fix it)` messages. Cross-references are checked elsewhere.
import { z } from 'zod';
import type { ValidationIssue } from '../errors.js';
import { didYouMean } from './did-you-mean.js';

const TYPE_SLUG = /^[a-z0-9_-]+$/;
const NOT_BLANK = /\S/;
const PERMISSION_SLUG = /^[a-z0-9_\-:.*]+$/;
const ROLE_SLUG = /^[a-z0-9_-]+$/;
const CUSTOM_ROLE_SLUG = /^org-[a-z0-9]+(?:[-_][a-z0-9]+)*$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: external ids are ASCII, control characters included (SPEC §1.2)
const ASCII = /^[\x00-\x7F]+$/;
const EMAIL = /^[^\s@]+@[^\s@]+$/;

const name = z
  .string()
  .regex(NOT_BLANK, 'must not be empty or blank')
  .max(48, 'must be at most 48 characters');
const description = z.string().max(150, 'must be at most 150 characters').nullable();
const externalId = z
  .string()
  .regex(NOT_BLANK, 'must not be empty or blank')
  .max(128, 'must be at most 128 characters')
  .regex(ASCII, 'must contain ASCII characters only');
const typeSlug = z
  .string()
  .max(48, 'must be at most 48 characters')
  .regex(TYPE_SLUG, 'must be lowercase letters, digits, "-" or "_" (e.g. "workspace")');
const permissionSlug = z
  .string()
  .max(48, 'must be at most 48 characters')
  .regex(PERMISSION_SLUG, 'must be lowercase letters, digits or "-_:.*" (e.g. "project:edit")');
const roleSlug = z
  .string()
  .max(48, 'must be at most 48 characters')
  .regex(ROLE_SLUG, 'must be lowercase letters, digits, "-" or "_" (e.g. "workspace-admin")');
const customRoleSlug = z
  .string()
  .max(48, 'must be at most 48 characters')
  .regex(
    CUSTOM_ROLE_SLUG,
    'custom role slugs start with "org-" and use lowercase letters and digits separated by single "-" or "_" (e.g. "org-billing-admin")',
  );
/** Role slugs referenced from memberships and assignments: environment or custom. */
const anyRoleSlug = z.string().min(1, 'must not be empty');

/** Settings the model asks the engine for. */
export const settingsSchema = z.strictObject({
  multipleRoles: z.boolean().optional(),
  defaultRoleSlug: roleSlug.optional(),
  maxTypeDepth: z
    .number()
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(20, 'must be at most 20')
    .optional(),
});

/** One entry of `resourceTypes`. */
export const resourceTypeSchema = z.strictObject({
  slug: typeSlug,
  name: name.optional(),
  description: description.optional(),
  parents: z.array(typeSlug).optional(),
});

/** One entry of `permissions`. */
export const permissionSchema = z.strictObject({
  slug: permissionSlug,
  name: name.optional(),
  description: description.optional(),
  resourceType: typeSlug.optional(),
});

const roleFields = {
  name: name.optional(),
  description: description.optional(),
  resourceType: typeSlug.optional(),
  permissions: z.array(z.string()).optional(),
};

/** One entry of `roles` (environment roles). */
export const roleSchema = z.strictObject({ slug: roleSlug, ...roleFields });

/** One entry of `organizations[].roles` (custom roles). */
export const customRoleSchema = z.strictObject({ slug: customRoleSlug, ...roleFields });

/** Input shape of a resource in an organization's tree (children nest). */
export interface ResourceInput {
  type: string;
  externalId: string;
  name?: string | undefined;
  description?: string | null | undefined;
  children?: ResourceInput[] | undefined;
}

/** One resource of an organization's tree, with its children. */
export const resourceSchema: z.ZodType<ResourceInput> = z.lazy(() =>
  z.strictObject({
    type: typeSlug,
    externalId,
    name: name.optional(),
    description: description.optional(),
    children: z.array(resourceSchema).optional(),
  }),
);

/** One entry of `organizations`. */
export const organizationSchema = z.strictObject({
  externalId,
  name,
  roles: z.array(customRoleSchema).optional(),
  resources: z.array(resourceSchema).optional(),
});

/** One entry of `users`. */
export const userSchema = z.strictObject({
  email: z.string().max(320, 'must be at most 320 characters').regex(EMAIL, 'must be an email address'),
  firstName: z.string().nullable().optional(),
  lastName: z.string().nullable().optional(),
  externalId: externalId.nullable().optional(),
  emailVerified: z.boolean().optional(),
});

const RESOURCE_REF_HELP =
  'expected "type:externalId" (e.g. "workspace:engineering"), "organization", or { type, externalId }';

/** A resource named in a role assignment: `"type:externalId"`, `"organization"` or `{ type, externalId }`. */
export const resourceRefSchema = z.union(
  [
    z.string().min(1, RESOURCE_REF_HELP),
    z.strictObject({ type: typeSlug, externalId: z.string().min(1, 'must not be empty') }),
  ],
  { error: RESOURCE_REF_HELP },
);

/** One entry of `memberships[].assignments`. */
export const assignmentSchema = z.strictObject({ role: anyRoleSlug, resource: resourceRefSchema });

/** One entry of `memberships`. */
export const membershipSchema = z.strictObject({
  user: z.string().min(1, 'must not be empty'),
  organization: z.string().min(1, 'must not be empty'),
  roles: z.array(anyRoleSlug).optional(),
  status: z.enum(['active', 'inactive', 'pending']).optional(),
  assignments: z.array(assignmentSchema).optional(),
});

/** The top level; each list's entries are checked one by one so one bad entry hides nothing else. */
export const documentSchema = z.strictObject({
  $schema: z.string().optional(),
  version: z.literal(1).optional(),
  settings: z.unknown().optional(),
  resourceTypes: z.array(z.unknown()).optional(),
  permissions: z.array(z.unknown()).optional(),
  roles: z.array(z.unknown()).optional(),
  organizations: z.array(z.unknown()).optional(),
  users: z.array(z.unknown()).optional(),
  memberships: z.array(z.unknown()).optional(),
});

/** Every field name the format knows, for "did you mean" on unknown fields. */
const KNOWN_FIELDS = new Set<string>([
  ...Object.keys(documentSchema.shape),
  ...Object.keys(settingsSchema.shape),
  ...Object.keys(resourceTypeSchema.shape),
  ...Object.keys(permissionSchema.shape),
  ...Object.keys(roleSchema.shape),
  ...Object.keys(organizationSchema.shape),
  ...Object.keys(userSchema.shape),
  ...Object.keys(membershipSchema.shape),
  ...Object.keys(assignmentSchema.shape),
  'children',
  'type',
]);

/** A path inside the document, as zod and the checks build it. */
export type Path = readonly PropertyKey[];

/** `['roles', 2, 'permissions', 0]` → `roles[2].permissions[0]`; the empty path is `(document)`. */
export function formatPath(path: Path): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out === '' ? '(document)' : out;
}

/** One issue in fgakit's style: the message repeats the path so it reads on its own. */
export function makeIssue(path: Path, code: string, message: string): ValidationIssue {
  const field = formatPath(path);
  return { field, code, message: `${field}: ${message}` };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
    case 'number':
      return `the number ${value}`;
    case 'boolean':
      return `${value}`;
    case 'object':
      return 'a mapping';
    default:
      return typeof value;
  }
}

function expectedLabel(expected: string): string {
  switch (expected) {
    case 'array':
      return 'a list';
    case 'object':
      return 'a mapping';
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'true or false';
    default:
      return expected;
  }
}

/** Translates zod issues (found under `base`) into fgakit issues. Parse with `reportInput: true`. */
export function fromZodIssues(base: Path, issues: readonly z.core.$ZodIssue[]): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  for (const issue of issues) {
    const path = [...base, ...issue.path];
    switch (issue.code) {
      case 'invalid_type': {
        const want = expectedLabel(issue.expected);
        if (issue.input === undefined) {
          out.push(makeIssue(path, 'required', `is required (${want})`));
        } else if (issue.expected === 'array' && typeof issue.input === 'string') {
          out.push(
            makeIssue(
              path,
              'invalid_type',
              `expected a list, got ${describe(issue.input)} (write [${issue.input}])`,
            ),
          );
        } else {
          out.push(makeIssue(path, 'invalid_type', `expected ${want}, got ${describe(issue.input)}`));
        }
        break;
      }
      case 'unrecognized_keys':
        for (const key of issue.keys) {
          out.push(
            makeIssue([...path, key], 'unknown_field', `unknown field${didYouMean(key, KNOWN_FIELDS)}`),
          );
        }
        break;
      case 'invalid_value': {
        const allowed = issue.values.map((v) => JSON.stringify(v)).join(', ');
        const got = issue.input === undefined ? '' : ` (got ${describe(issue.input)})`;
        out.push(
          makeIssue(
            path,
            'invalid_value',
            issue.values.length === 1 ? `must be ${allowed}${got}` : `must be one of ${allowed}${got}`,
          ),
        );
        break;
      }
      default:
        out.push(makeIssue(path, issue.code, issue.message));
    }
  }
  return out;
}
