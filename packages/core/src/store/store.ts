// The Store port: persistence and change propagation only. Validation lives above it (LocalAdmin),
// so a store stores what it is given, all-or-nothing, and tells subscribers what was committed.
import type { Revision } from '../model/types.js';
import type { Change, StoreRecord } from './records.js';

/** Everything a store holds at one revision. */
export interface StoreSnapshot {
  readonly revision: Revision;
  readonly records: readonly StoreRecord[];
}

/** A committed batch of changes and the revision it produced. */
export interface CommittedBatch {
  readonly revision: Revision;
  readonly changes: readonly Change[];
}

/** Options of {@link Store.commit}. */
export interface CommitOptions {
  /**
   * Optimistic concurrency: commit only if the store is still at this revision; otherwise reject
   * (with `AuthorizationUnavailableError`, retryable) and change nothing.
   */
  readonly expectedRevision?: Revision;
}

/** Called with each committed batch, in revision order. */
export type StoreListener = (batch: CommittedBatch) => void;

/**
 * Persistence for the embedded engine. Implementations: `MemoryStore` here, `PostgresStore` in
 * `@fgakit/postgres`.
 *
 * @example Plugging a store into the engine
 * ```ts
 * const fga = await LocalAuthorizer.open({ store: new MemoryStore() });
 * ```
 */
export interface Store {
  /** Every record and the revision they are at. */
  load(): Promise<StoreSnapshot>;
  /** Applies every change or none; resolves to the new revision (previous + 1). */
  commit(changes: readonly Change[], options?: CommitOptions): Promise<Revision>;
  /** Receives every batch committed after subscribing (by anyone); returns the unsubscribe function. */
  subscribe(listener: StoreListener): () => void;
  /** Releases resources (connections, timers). */
  close(): Promise<void>;
}
