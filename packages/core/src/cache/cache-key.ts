// Unambiguous cache keys: each part is length-prefixed, so no choice of ids can make two different
// tuples encode to the same key (unlike `a + ':' + b`).
import type { ResourceRef } from '../model/types.js';

/**
 * Encode a tuple of strings as one key: `<length>:<part>` for each part, concatenated.
 *
 * @example
 * ```ts
 * encodeKey(['a:b', 'c']) !== encodeKey(['a', 'b:c']); // '3:a:b1:c' vs '1:a3:b:c'
 * ```
 */
export function encodeKey(parts: readonly string[]): string {
  let out = '';
  for (const part of parts) out += `${part.length}:${part}`;
  return out;
}

/** The key parts of a resource reference: `['id', id]` or `['ext', type, externalId]`. */
export function resourceKeyParts(ref: ResourceRef): string[] {
  return 'id' in ref ? ['id', ref.id] : ['ext', ref.type, ref.externalId];
}
