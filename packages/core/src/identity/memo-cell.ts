// A mutable cell carried by a shared, frozen identity (a cached token's), where one consumer keeps
// what it derived from that identity. Reading a property of the identity is a load; looking the
// identity up in a WeakMap is a hash probe into a table that a busy server has long evicted from the
// CPU caches: on a Koa server the two WeakMap lookups of a warm bearer token's request measured ~1 µs
// of the guard's ~5.5 µs timed in place (bench, BENCHMARKS.md).

/** @internal The cell of a shared identity (a non-enumerable, non-writable property). */
export const MEMO_CELL: unique symbol = Symbol('fgakit.memoCell');

/**
 * @internal One consumer's slot: the first consumer to ask claims it with a key of its own; any
 * other consumer of the same identity keeps its memo elsewhere (a WeakMap).
 */
export interface MemoCell {
  owner: object | undefined;
  value: unknown;
}

/** @internal Give `identity` (not yet frozen) an empty cell. */
export function addMemoCell(identity: object): void {
  const cell: MemoCell = { owner: undefined, value: undefined };
  Object.defineProperty(identity, MEMO_CELL, { value: cell });
}

/** @internal The cell `identity` carries, if it was given one. */
export function memoCellOf(identity: object): MemoCell | undefined {
  return (identity as { readonly [MEMO_CELL]?: MemoCell })[MEMO_CELL];
}
