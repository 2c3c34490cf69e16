// What every model rule needs: the index to validate against, the id generator and the clock;
// and the shape of a planned write (the changes to commit, and how to read the result after).
import type { ModelIndex } from '../engine/model-index.js';
import type { Change } from '../store/records.js';
import type { UlidGenerator } from '../util/ulid.js';

/** Read access to the current state plus id and time sources for new records. */
export interface ModelContext {
  readonly index: ModelIndex;
  readonly ids: UlidGenerator;
  /** Epoch milliseconds. */
  now(): number;
}

/**
 * A validated write: `changes` is committed as one batch (all-or-nothing); `read` builds the
 * public result once the batch is applied. No changes = a no-op that still answers `read`.
 */
export interface Plan<T> {
  readonly changes: Change[];
  readonly read: () => T;
}
