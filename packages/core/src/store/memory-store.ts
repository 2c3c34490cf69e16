// In-process Store: the records (one id-sorted table per kind) and a revision counter. Commits apply synchronously and
// notify subscribers before `commit` returns, so a write is visible to the very next check.
import { AuthorizationUnavailableError } from '../errors.js';
import type { Revision } from '../model/types.js';
import { RecordTable } from './record-table.js';
import type { Change, RecordKind, StoreRecord } from './records.js';
import type { CommitOptions, CommittedBatch, Store, StoreListener, StoreSnapshot } from './store.js';

/**
 * The default {@link Store}: everything in memory, nothing persisted across restarts.
 *
 * @example
 * ```ts
 * const store = new MemoryStore();
 * const fga = new LocalAuthorizer({ store });
 * ```
 */
export class MemoryStore implements Store {
  /** Tables by kind, in first-use order. An id names at most one record over all of them. */
  readonly #tables = new Map<RecordKind, RecordTable>();
  readonly #listeners = new Set<StoreListener>();
  #revision: Revision = 0;
  #closed = false;

  /** The current revision. */
  get revision(): Revision {
    return this.#revision;
  }

  /** {@inheritDoc Store.load} */
  load(): Promise<StoreSnapshot> {
    return Promise.resolve(this.snapshotSync());
  }

  /** Synchronous {@link load}, for `new LocalAuthorizer()` which must be usable immediately. */
  snapshotSync(): StoreSnapshot {
    const records: StoreRecord[] = [];
    for (const table of this.#tables.values()) table.collect(records);
    return { revision: this.#revision, records };
  }

  /** {@inheritDoc Store.commit} */
  commit(changes: readonly Change[], options?: CommitOptions): Promise<Revision> {
    try {
      return Promise.resolve(this.commitSync(changes, options));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Synchronous {@link commit}: applies the batch and notifies subscribers before returning. */
  commitSync(changes: readonly Change[], options?: CommitOptions): Revision {
    if (this.#closed) {
      throw new AuthorizationUnavailableError('authorization_unavailable', 'The MemoryStore is closed.');
    }
    const expected = options?.expectedRevision;
    if (expected !== undefined && expected !== this.#revision) {
      throw new AuthorizationUnavailableError(
        'authorization_unavailable',
        `The store moved from revision ${expected} to ${this.#revision} during the write; retry it.`,
      );
    }
    // Table operations cannot fail half-way, so applying in order is all-or-nothing.
    for (const change of changes) {
      if (change.op === 'put') this.#put(change.record);
      else this.#delete(change.kind, change.id);
    }
    this.#revision += 1;
    const batch: CommittedBatch = { revision: this.#revision, changes };
    for (const listener of this.#listeners) {
      try {
        listener(batch);
      } catch {
        // A failing subscriber must not undo or block a commit that already happened.
      }
    }
    return this.#revision;
  }

  #put(record: StoreRecord): void {
    let table = this.#tables.get(record.kind);
    if (table === undefined) {
      table = new RecordTable();
      this.#tables.set(record.kind, table);
    }
    if (!table.put(record)) return;
    // A put replaces whatever record had this id, as with one id-keyed map, even of another kind.
    for (const other of this.#tables.values()) if (other !== table) other.delete(record.id);
  }

  #delete(kind: RecordKind, id: string): void {
    // Deletes go by id (the kind is a routing hint): try its table first, then the others.
    if (this.#tables.get(kind)?.delete(id) === true) return;
    for (const table of this.#tables.values()) if (table.delete(id)) return;
  }

  /** {@inheritDoc Store.subscribe} */
  subscribe(listener: StoreListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** {@inheritDoc Store.close} */
  close(): Promise<void> {
    this.#closed = true;
    this.#listeners.clear();
    return Promise.resolve();
  }
}
