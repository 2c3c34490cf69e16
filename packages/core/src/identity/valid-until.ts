// The moment until which a verifier hands out a cached verification, carried on the verification and
// on identities derived from it, so values kept as long as they are need no clock read of their own.

/**
 * @internal On a cached verification (a non-enumerable property): the `Date.now()` from which the
 * verifier stops handing it out (the cache entry's end). So a value derived from it and kept as long
 * as it, such as a membership answer valid at least as long, needs no clock read of its own.
 */
export const VALID_UNTIL: unique symbol = Symbol('fgakit.validUntil');

/** @internal The {@link VALID_UNTIL} of a cached verification (or an identity stamped from one). */
export function validUntil(value: object): number | undefined {
  return (value as { [VALID_UNTIL]?: number })[VALID_UNTIL];
}
