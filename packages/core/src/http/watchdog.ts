// Timeouts for authorizer, resolver and loader calls without a timer per call. Every call of a runtime
// has the same budget (`timeoutMs`), so deadlines expire in the order calls start: pending calls sit
// in a FIFO list and ONE unref'd timer, armed for the oldest deadline, serves all of them. A call that
// settles unlinks itself; the timer is re-armed only when it fires, so under load it is set about
// once per `timeoutMs` instead of twice per call (setTimeout + clearTimeout + Promise.race per call
// was a large share of a guarded request's cost, mostly as garbage).
import { AuthorizationUnavailableError, isFgaError } from '../errors.js';

/** One pending call: its deadline and how to fail it. */
class Pending {
  prev: Pending | undefined = undefined;
  next: Pending | undefined = undefined;
  settled = false;
  constructor(
    readonly deadline: number,
    readonly fail: (error: unknown) => void,
  ) {}
}

/**
 * Races promises against a fixed per-call budget with one shared timer. Internal to the runtime.
 *
 * @example
 * ```ts
 * const watchdog = new Watchdog(5_000, 1);
 * const decision = await watchdog.race(authorizer.check(query)); // 503-class error after 5 s
 * ```
 */
export class Watchdog {
  #head: Pending | undefined = undefined;
  #tail: Pending | undefined = undefined;
  #timer: NodeJS.Timeout | undefined = undefined;
  readonly #onTimer = (): void => this.#expire();

  constructor(
    readonly timeoutMs: number,
    readonly retryAfterSeconds: number,
  ) {}

  /**
   * `work`'s outcome, or an `authorization_timeout` rejection once `timeoutMs` has passed. Other
   * failures are classified: fgakit errors keep their meaning, anything else is
   * `authorization_unavailable`. The timed-out call is not aborted (its backend's own timeouts end it).
   */
  race<T>(work: PromiseLike<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const pending = this.#add(reject);
      work.then(
        (value) => {
          this.#remove(pending);
          resolve(value);
        },
        (err: unknown) => {
          this.#remove(pending);
          reject(classify(err, this.retryAfterSeconds));
        },
      );
    });
  }

  #add(fail: (error: unknown) => void): Pending {
    const pending = new Pending(Date.now() + this.timeoutMs, fail);
    const tail = this.#tail;
    if (tail === undefined) this.#head = pending;
    else {
      tail.next = pending;
      pending.prev = tail;
    }
    this.#tail = pending;
    if (this.#timer === undefined) this.#arm(this.timeoutMs);
    return pending;
  }

  #remove(pending: Pending): void {
    if (pending.settled) return;
    pending.settled = true;
    const { prev, next } = pending;
    if (prev === undefined) this.#head = next;
    else prev.next = next;
    if (next === undefined) this.#tail = prev;
    else next.prev = prev;
    pending.prev = undefined;
    pending.next = undefined;
  }

  #arm(delayMs: number): void {
    const timer = setTimeout(this.#onTimer, Math.max(0, delayMs));
    timer.unref?.();
    this.#timer = timer;
  }

  #expire(): void {
    this.#timer = undefined;
    const now = Date.now();
    let head = this.#head;
    while (head !== undefined && head.deadline <= now) {
      this.#remove(head);
      head.fail(
        new AuthorizationUnavailableError(
          'authorization_timeout',
          `Authorization did not answer within ${this.timeoutMs} ms.`,
          { retryAfter: this.retryAfterSeconds },
        ),
      );
      head = this.#head;
    }
    // idle: no timer until the next call; busy: one timer for the oldest remaining deadline
    if (head !== undefined) this.#arm(head.deadline - now);
  }
}

/** fgakit errors keep their meaning; anything else from a backend or loader means "cannot decide". */
export function classify(err: unknown, retryAfterSeconds: number): unknown {
  if (isFgaError(err)) return err;
  return new AuthorizationUnavailableError(
    'authorization_unavailable',
    'Authorization is temporarily unavailable.',
    {
      cause: err,
      retryAfter: retryAfterSeconds,
    },
  );
}
