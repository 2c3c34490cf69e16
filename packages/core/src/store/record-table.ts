// The records of one kind, in an array sorted by id. MemoryStore holds every entity, so its
// per-record cost matters: a Map entry costs ~40 B (key, value, chain slots plus half-empty
// buckets) where an array slot costs ~9 B. Ids from one generator only increase, so almost every
// insert is an append; lookups are a binary search (writes only; checks never read the store).
import type { StoreRecord } from './records.js';

/** Below this many deleted slots the table never compacts (compaction is O(n)). */
const MIN_COMPACT = 32;

/** A set of records keyed by id; deleted records keep their slot (flagged) until compaction. */
export class RecordTable {
  #records: StoreRecord[] = [];
  /** 1 = the slot's record was deleted; kept in place so the binary search still sees its id. */
  #dead = new Uint8Array(16);
  #deadCount = 0;

  /** Number of live records. */
  get size(): number {
    return this.#records.length - this.#deadCount;
  }

  /** Whether a live record has this id. */
  has(id: string): boolean {
    const i = this.#find(id);
    return i >= 0 && this.#dead[i] === 0;
  }

  /** Inserts or replaces the record with `record.id`; returns whether the id was new. */
  put(record: StoreRecord): boolean {
    const records = this.#records;
    const n = records.length;
    // Fast path: a new id above every other (the common case) is an append.
    if (n === 0 || (records[n - 1] as StoreRecord).id < record.id) {
      this.#ensureFlagCapacity(n + 1);
      records.push(record);
      this.#dead[n] = 0;
      return true;
    }
    const i = this.#find(record.id);
    if (i >= 0) {
      records[i] = record;
      if (this.#dead[i] === 0) return false;
      this.#dead[i] = 0;
      this.#deadCount -= 1;
      return true;
    }
    // Out of order (ids of another generator, e.g. a second authorizer on this store): shift.
    const at = -i - 1;
    this.#ensureFlagCapacity(n + 1);
    records.splice(at, 0, record);
    this.#dead.copyWithin(at + 1, at, n);
    this.#dead[at] = 0;
    return true;
  }

  /** Deletes the record with this id; returns whether there was one. */
  delete(id: string): boolean {
    const i = this.#find(id);
    if (i < 0 || this.#dead[i] === 1) return false;
    this.#dead[i] = 1;
    this.#deadCount += 1;
    if (this.#deadCount >= MIN_COMPACT && this.#deadCount * 2 > this.#records.length) this.#compact();
    return true;
  }

  /** Appends every live record, in id order, to `out`. */
  collect(out: StoreRecord[]): void {
    const records = this.#records;
    for (let i = 0; i < records.length; i++) if (this.#dead[i] === 0) out.push(records[i] as StoreRecord);
  }

  /** Index of the slot with this id (live or dead), else -(insertion point) - 1. */
  #find(id: string): number {
    const records = this.#records;
    let lo = 0;
    let hi = records.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const midId = (records[mid] as StoreRecord).id;
      if (midId < id) lo = mid + 1;
      else if (midId > id) hi = mid;
      else return mid;
    }
    return -lo - 1;
  }

  #ensureFlagCapacity(length: number): void {
    if (length <= this.#dead.length) return;
    const grown = new Uint8Array(Math.max(16, this.#dead.length * 2, length));
    grown.set(this.#dead);
    this.#dead = grown;
  }

  /** Drops deleted slots (amortised O(1) per delete: runs only once half the slots are dead). */
  #compact(): void {
    const live: StoreRecord[] = [];
    this.collect(live);
    this.#records = live;
    this.#dead = new Uint8Array(Math.max(16, live.length * 2));
    this.#deadCount = 0;
  }
}
