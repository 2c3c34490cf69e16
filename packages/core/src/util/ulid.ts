// Monotonic ULIDs (Crockford base32, 26 chars): ids sort in creation order, and an id's first
// 10 characters encode its creation time, which the store uses instead of a createdAt field.

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const DECODE = new Map<string, number>([...ALPHABET].map((char, index) => [char, index]));
/** DECODE by char code (0 for anything outside the alphabet, as `DECODE.get(c) ?? 0`): list paths decode every id. */
const DECODE_CODES = new Uint8Array(128);
for (let i = 0; i < ALPHABET.length; i++) DECODE_CODES[ALPHABET.charCodeAt(i)] = i;
const TIME_LENGTH = 10;
const RANDOM_LENGTH = 16;
/** Length of the ULID part of every id. */
export const ULID_LENGTH = TIME_LENGTH + RANDOM_LENGTH;
const ULID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/**
 * Generates `<prefix><ULID>` ids that strictly increase, even within one millisecond or when the
 * clock steps back, so comparing two ids of one prefix compares their creation order.
 */
export class UlidGenerator {
  #lastTime = 0;
  readonly #random = new Uint8Array(RANDOM_LENGTH);
  readonly #now: () => number;

  /** @param now clock in epoch milliseconds (injectable for tests). */
  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** A new id `prefix + ULID`, greater than every id generated or {@link observe}d before. */
  next(prefix: string): string {
    const now = this.#now();
    if (now > this.#lastTime) {
      this.#lastTime = now;
      crypto.getRandomValues(this.#random);
      for (let i = 0; i < RANDOM_LENGTH; i++) this.#random[i] = (this.#random[i] ?? 0) & 31;
    } else {
      this.#increment();
    }
    return flatId(prefix, this.#lastTime, this.#random);
  }

  /** Makes later ids greater than `id` (called for every id loaded from a store). */
  observe(id: string): void {
    if (id.length < ULID_LENGTH) return;
    const ulid = id.slice(-ULID_LENGTH);
    if (!ULID_PATTERN.test(ulid)) return;
    const time = decodeUlidTime(ulid);
    const current = encodeTime(this.#lastTime) + encodeDigits(this.#random);
    if (ulid <= current) return;
    this.#lastTime = time;
    for (let i = 0; i < RANDOM_LENGTH; i++) this.#random[i] = DECODE.get(ulid[TIME_LENGTH + i] ?? '0') ?? 0;
  }

  #increment(): void {
    for (let i = RANDOM_LENGTH - 1; i >= 0; i--) {
      const digit = (this.#random[i] ?? 0) + 1;
      if (digit < 32) {
        this.#random[i] = digit;
        return;
      }
      this.#random[i] = 0;
    }
    // 80 bits of randomness exhausted within one millisecond: borrow the next millisecond.
    this.#lastTime += 1;
  }
}

const ALPHABET_CODES = [...ALPHABET].map((char) => char.charCodeAt(0));
const codes: number[] = [];

/**
 * Builds the id in one `String.fromCharCode` call: concatenation would leave a tree of V8
 * cons-strings behind every id (~100 bytes each), which matters at 100k resources.
 */
function flatId(prefix: string, time: number, random: Uint8Array): string {
  codes.length = 0;
  for (let i = 0; i < prefix.length; i++) codes.push(prefix.charCodeAt(i));
  let rest = time;
  const timeStart = codes.length;
  for (let i = 0; i < TIME_LENGTH; i++) codes.push(0);
  for (let i = TIME_LENGTH - 1; i >= 0; i--) {
    codes[timeStart + i] = ALPHABET_CODES[rest % 32] ?? 48;
    rest = Math.floor(rest / 32);
  }
  for (const digit of random) codes.push(ALPHABET_CODES[digit] ?? 48);
  return String.fromCharCode(...codes);
}

function encodeTime(time: number): string {
  let out = '';
  let rest = time;
  for (let i = 0; i < TIME_LENGTH; i++) {
    out = ALPHABET[rest % 32] + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

function encodeDigits(digits: Uint8Array): string {
  let out = '';
  for (const digit of digits) out += ALPHABET[digit];
  return out;
}

function decodeUlidTime(ulid: string, start = 0): number {
  let time = 0;
  for (let i = start; i < start + TIME_LENGTH; i++) {
    const code = ulid.charCodeAt(i);
    time = time * 32 + (code < 128 ? (DECODE_CODES[code] ?? 0) : 0);
  }
  return time;
}

/** Creation time (epoch ms) encoded in an id ending in a ULID; 0 when the id has none. */
export function timeOfId(id: string): number {
  if (id.length < ULID_LENGTH) return 0;
  return decodeUlidTime(id, id.length - ULID_LENGTH);
}

/** Whether `value` is `prefix` followed by exactly one ULID. */
export function isIdWithPrefix(value: string, prefix: string): boolean {
  return (
    value.length === prefix.length + ULID_LENGTH &&
    value.startsWith(prefix) &&
    ULID_PATTERN.test(value.slice(prefix.length))
  );
}

/** The lower-case last six characters of an id: the random tail used in generated slugs. */
export function shortSuffixOfId(id: string): string {
  return id.slice(-6).toLowerCase();
}
