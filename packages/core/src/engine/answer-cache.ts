// Recent discovery answers (sorted match lists) at one revision. Paging through a large answer
// with cursors asks the same query once per page; without this each page recomputes and re-sorts
// every match, so a walk costs pages × full computation. With it, a later page is a binary search
// by cursor plus a slice. Answers of an older revision are never returned: any revision change
// empties the cache, so invalidation needs no bookkeeping per write.

/** Most answers kept at once (a tiny LRU: the cache serves paging, not a general memo). */
const MAX_ENTRIES = 8;
/** Most items kept over all answers (8 B per reference, so ≤ 4 MB of arrays). */
const MAX_ITEMS = 500_000;

/** A bounded LRU of sorted answers, valid for exactly one revision. */
export class AnswerCache<T> {
  readonly #entries = new Map<string, readonly T[]>();
  #revision = -1;
  #items = 0;

  /** Drops every answer (called when a batch is applied, so old nodes are released promptly). */
  clear(): void {
    this.#entries.clear();
    this.#items = 0;
  }

  /**
   * The answer for `key` at `revision`: the cached one, else `compute()` (which must be a pure
   * function of the index state at that revision). Callers must treat the result as read-only.
   */
  get(key: string, revision: number, compute: () => readonly T[]): readonly T[] {
    if (revision !== this.#revision) {
      this.clear();
      this.#revision = revision;
    }
    const hit = this.#entries.get(key);
    if (hit !== undefined) {
      // Re-insert so Map order is least-recently-used first.
      this.#entries.delete(key);
      this.#entries.set(key, hit);
      return hit;
    }
    const answer = compute();
    // Small answers are cheap to recompute and would only evict the large ones paging needs.
    if (answer.length < 2 || answer.length > MAX_ITEMS) return answer;
    this.#entries.set(key, answer);
    this.#items += answer.length;
    for (const [oldKey, old] of this.#entries) {
      if (this.#entries.size <= MAX_ENTRIES && this.#items <= MAX_ITEMS) break;
      this.#entries.delete(oldKey);
      this.#items -= old.length;
    }
    return answer;
  }
}

/** A cache key from parts; each is length-prefixed, so no content of one part can forge another key. */
export function answerKey(...parts: readonly string[]): string {
  let key = '';
  for (const part of parts) key += `${part.length}:${part}`;
  return key;
}
