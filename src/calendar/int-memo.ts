// Internal to the module.

const CHUNK_BITS = 10;
const CHUNK = 1 << CHUNK_BITS;
/** Keys in [0, LIMIT) live in arrays (2^17 days reach the year 2328); others in a Map. */
const LIMIT = 1 << 17;

/**
 * A memo keyed by a small non-negative integer (a day number, a second of the day): an array
 * lookup instead of a hash lookup for keys below 2^17, in chunks of 1,024 allocated on first use,
 * so that a memo touching a few years of days stays a few kilobytes. Other keys (negative,
 * larger) go to a Map. The planner asks its zone memos several times per contact, so this
 * matters at a million customers.
 */
export class IntMemo<T> {
  private readonly chunks: Array<Array<T | undefined> | undefined> = [];
  private readonly others = new Map<number, T>();

  /** The value stored under `key`, or undefined. */
  get(key: number): T | undefined {
    if (key >= 0 && key < LIMIT) return this.chunks[key >> CHUNK_BITS]?.[key & (CHUNK - 1)];
    return this.others.get(key);
  }

  /** Store `value` under `key`; returns `value`. */
  set(key: number, value: T): T {
    if (key >= 0 && key < LIMIT) {
      let chunk = this.chunks[key >> CHUNK_BITS];
      if (chunk === undefined) {
        chunk = new Array<T | undefined>(CHUNK).fill(undefined);
        this.chunks[key >> CHUNK_BITS] = chunk;
      }
      chunk[key & (CHUNK - 1)] = value;
    } else {
      this.others.set(key, value);
    }
    return value;
  }
}
