// Field rules of SPEC §1 (lengths, charsets, slug grammars, metadata limits), each failing with
// a ValidationError that names the field and says how to fix it.
import { ValidationError } from '../errors.js';
import type { MetadataEntries } from '../store/records.js';

/** Longest slug of a role, permission or resource type. */
export const MAX_SLUG = 48;
/** Longest name of a role, permission, resource type or resource. */
export const MAX_NAME = 48;
/** Longest description. */
export const MAX_DESCRIPTION = 150;
/** Longest external id. */
export const MAX_EXTERNAL_ID = 128;
const MAX_METADATA_KEYS = 50;
const MAX_METADATA_KEY = 40;
const MAX_METADATA_VALUE = 600;

// Every code point below 0x80, written without control characters in the source.
function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}
const ROLE_SLUG = /^[a-z0-9_-]+$/;
// Custom role slugs additionally forbid leading, trailing and consecutive separators (SPEC §1.5).
const CUSTOM_ROLE_SLUG = /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/;
const PERMISSION_SLUG = /^[a-z0-9_:.*-]+$/;

function invalid(field: string, message: string): ValidationError {
  return new ValidationError('invalid_request_parameters', message, { field });
}

/** A required string of 1..`max` characters. */
export function requireText(value: unknown, field: string, max: number): string {
  if (typeof value !== 'string' || value.trim().length === 0) {
    throw invalid(field, `${field} is required and must be a non-empty string.`);
  }
  if (value.length > max) {
    throw invalid(field, `${field} must be at most ${max} characters (got ${value.length}); shorten it.`);
  }
  return value;
}

/** An optional, nullable string of at most `max` characters; `undefined` stays `undefined`. */
export function optionalText(value: unknown, field: string, max: number): string | null | undefined {
  if (value === undefined || value === null) return value;
  if (typeof value !== 'string') throw invalid(field, `${field} must be a string or null.`);
  if (value.length > max) {
    throw invalid(field, `${field} must be at most ${max} characters (got ${value.length}); shorten it.`);
  }
  return value;
}

/** An external id: 1..128 ASCII characters. */
export function requireExternalId(value: unknown, field: string): string {
  const text = requireText(value, field, MAX_EXTERNAL_ID);
  if (!isAscii(text)) throw invalid(field, `${field} must contain ASCII characters only.`);
  return text;
}

/** An optional, nullable external id. */
export function optionalExternalId(value: unknown, field: string): string | null | undefined {
  if (value === undefined || value === null) return value;
  return requireExternalId(value, field);
}

/** An optional boolean. */
export function optionalBoolean(value: unknown, field: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw invalid(field, `${field} must be true or false.`);
  return value;
}

/** An environment role or resource type slug: lowercase letters, digits, `-`, `_`; ≤ 48. */
export function requireRoleSlug(value: unknown, field: string): string {
  const slug = requireText(value, field, MAX_SLUG);
  if (!ROLE_SLUG.test(slug)) {
    throw invalid(field, `${field} '${slug}' may only contain lowercase letters, digits, '-' and '_'.`);
  }
  return slug;
}

/** A custom role slug given by the caller: role slug grammar, no stray separators, `org-` prefix. */
export function requireCustomRoleSlug(value: unknown, field: string): string {
  const slug = requireRoleSlug(value, field);
  if (!CUSTOM_ROLE_SLUG.test(slug)) {
    throw invalid(field, `${field} '${slug}' must not start or end with a separator or repeat one.`);
  }
  if (!slug.startsWith('org-')) {
    throw invalid(
      field,
      `${field} '${slug}' must start with 'org-' (or omit it to generate one from the name).`,
    );
  }
  return slug;
}

/** A custom role slug generated from the name (SPEC §1.5): `billing-admin-a1b2c3`. */
export function generateCustomRoleSlug(name: string, suffix: string): string {
  const base = name
    .toLowerCase()
    .replace(/\s+/g, '-')
    .replace(/[^a-z0-9_-]/g, '')
    .replace(/[-_]{2,}/g, (run) => run[0] ?? '-')
    .replace(/^[-_]+|[-_]+$/g, '')
    .slice(0, MAX_SLUG - suffix.length - 1)
    .replace(/[-_]+$/g, '');
  return base.length === 0 ? `role-${suffix}` : `${base}-${suffix}`;
}

/** A permission slug: lowercase letters, digits and `-_:.*` (a literal `*`, D12); ≤ 48. */
export function requirePermissionSlug(value: unknown, field: string): string {
  const slug = requireText(value, field, MAX_SLUG);
  if (!PERMISSION_SLUG.test(slug)) {
    throw invalid(
      field,
      `${field} '${slug}' may only contain lowercase letters, digits and the delimiters '-', '_', ':', '.', '*'.`,
    );
  }
  return slug;
}

/** An email address (loosely: something@something). */
export function requireEmail(value: unknown, field: string): string {
  const email = requireText(value, field, 320);
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw invalid(field, `${field} '${email}' is not an email address.`);
  return email;
}

/** Metadata (≤ 50 keys, key ≤ 40, string value ≤ 600) as entries; `undefined` stays `undefined`. */
export function optionalMetadata(value: unknown, field: string): MetadataEntries | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(field, `${field} must be an object of string values.`);
  }
  const entries = Object.entries(value);
  if (entries.length > MAX_METADATA_KEYS) {
    throw invalid(field, `${field} may hold at most ${MAX_METADATA_KEYS} keys (got ${entries.length}).`);
  }
  for (const [key, item] of entries) {
    if (key.length === 0 || key.length > MAX_METADATA_KEY) {
      throw invalid(
        `${field}.${key}`,
        `${field} keys must be 1–${MAX_METADATA_KEY} characters; shorten '${key}'.`,
      );
    }
    if (typeof item !== 'string') throw invalid(`${field}.${key}`, `${field}.${key} must be a string.`);
    if (item.length > MAX_METADATA_VALUE) {
      throw invalid(`${field}.${key}`, `${field}.${key} must be at most ${MAX_METADATA_VALUE} characters.`);
    }
  }
  return entries as [string, string][];
}

/** A list of strings (deduplicated, order kept). */
export function requireStringList(value: unknown, field: string): string[] {
  if (!Array.isArray(value)) throw invalid(field, `${field} must be an array of strings.`);
  const out: string[] = [];
  const seen = new Set<string>();
  value.forEach((item: unknown, index) => {
    if (typeof item !== 'string') throw invalid(`${field}[${index}]`, `${field}[${index}] must be a string.`);
    if (!seen.has(item)) {
      seen.add(item);
      out.push(item);
    }
  });
  return out;
}
