// The one pagination helper of every list (SPEC §3.0, D14): limit 1–100 (default 10), order
// asc | desc (default) | normal, cursors are ids of the collection, metadata correct at both ends.
import { ValidationError } from '../errors.js';
import type { ListOrder, Page, PageOptions } from '../model/types.js';

/** Default page size (SPEC §3.0). */
export const DEFAULT_PAGE_LIMIT = 10;
/** Largest page size (SPEC §3.0). */
export const MAX_PAGE_LIMIT = 100;

/** Page options after validation. */
export interface PageRequest {
  readonly limit: number;
  readonly order: ListOrder;
  readonly before: string | undefined;
  readonly after: string | undefined;
}

/**
 * Validates page options; throws `invalid_request_parameters` naming the field.
 * Call before any work so a bad request never costs a scan.
 */
export function readPageOptions(options: PageOptions | undefined): PageRequest {
  const limit = options?.limit ?? DEFAULT_PAGE_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_LIMIT) {
    throw new ValidationError(
      'invalid_request_parameters',
      `limit must be an integer from 1 to ${MAX_PAGE_LIMIT} (got ${String(limit)}); omit it for ${DEFAULT_PAGE_LIMIT}.`,
      { field: 'limit' },
    );
  }
  const order = options?.order ?? 'desc';
  if (order !== 'asc' && order !== 'desc' && order !== 'normal') {
    throw new ValidationError(
      'invalid_request_parameters',
      `order must be 'asc', 'desc' or 'normal' (got '${String(order)}').`,
      { field: 'order' },
    );
  }
  const before = options?.before;
  const after = options?.after;
  if (before !== undefined && after !== undefined) {
    throw new ValidationError(
      'invalid_request_parameters',
      'before and after are mutually exclusive; pass only the cursor of the direction you page in.',
      { field: 'before' },
    );
  }
  for (const [field, value] of [
    ['before', before],
    ['after', after],
  ] as const) {
    if (value !== undefined && (typeof value !== 'string' || value.length === 0)) {
      throw new ValidationError('invalid_cursor', `${field} must be the id of an object of this list.`, {
        field,
      });
    }
  }
  return { limit, order, before, after };
}

/**
 * One page of `items`, which must be sorted ascending by id (= creation order).
 *
 * `isCursor(id)` says whether an id belongs to the collection (it need not be in `items`, e.g.
 * when a filter excludes it); any other cursor is a 422 `invalid_cursor`.
 * `listMetadata.before`/`after` are the values to pass as `before`/`after` to get the
 * neighbouring page in that direction, `null` when there is nothing there. For `desc` and `asc`
 * `after` is the next page; `normal` shows `desc` order with `before` paging to older objects.
 */
export function paginate<T>(
  items: readonly T[],
  idOf: (item: T) => string,
  options: PageOptions | PageRequest | undefined,
  isCursor: (id: string) => boolean,
): Page<T> {
  const request = isPageRequest(options) ? options : readPageOptions(options);
  const { limit, order, before, after } = request;
  for (const [field, value] of [
    ['before', before],
    ['after', after],
  ] as const) {
    if (value !== undefined && !isCursor(value)) {
      throw new ValidationError(
        'invalid_cursor',
        `${field} '${value}' is not the id of an object of this list; use a value from listMetadata.`,
        { field },
      );
    }
  }
  const n = items.length;
  // "Newer" means a higher index in the ascending array. Each order maps its cursors onto
  // "the limit items just newer than X" or "the limit items just older than X".
  const newerThan = order === 'asc' ? after : order === 'desc' ? before : after;
  const olderThan = order === 'asc' ? before : order === 'desc' ? after : before;
  let lo: number;
  let hi: number;
  if (newerThan !== undefined) {
    lo = upperBound(items, idOf, newerThan);
    hi = Math.min(n, lo + limit);
  } else if (olderThan !== undefined) {
    hi = lowerBound(items, idOf, olderThan);
    lo = Math.max(0, hi - limit);
  } else if (order === 'asc') {
    lo = 0;
    hi = Math.min(n, limit);
  } else {
    hi = n;
    lo = Math.max(0, n - limit);
  }
  const data = items.slice(lo, hi);
  if (order !== 'asc') data.reverse();
  const empty = hi <= lo;
  const oldest = empty || lo === 0 ? null : idOf(items[lo] as T);
  const newest = empty || hi === n ? null : idOf(items[hi - 1] as T);
  const listMetadata =
    order === 'asc'
      ? { before: oldest, after: newest }
      : order === 'desc'
        ? { before: newest, after: oldest }
        : { before: oldest, after: newest };
  return { data, listMetadata };
}

function isPageRequest(value: PageOptions | PageRequest | undefined): value is PageRequest {
  return value !== undefined && 'limit' in value && 'order' in value && 'before' in value && 'after' in value;
}

/** First index whose id is >= `id`. */
function lowerBound<T>(items: readonly T[], idOf: (item: T) => string, id: string): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (idOf(items[mid] as T) < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index whose id is > `id`. */
function upperBound<T>(items: readonly T[], idOf: (item: T) => string, id: string): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (idOf(items[mid] as T) <= id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
