// Customer ids → slot numbers for the summariser. For streams (a CSV file), compactly: a
// Map<string, number> plus the id strings costs about 85 bytes a customer (a hash-table entry of 3–4 words at up to 2× capacity,
// a string object, an array slot); a file of a million customers spends most of its streaming
// memory there. Here the ids' characters sit in one byte arena (ids of Latin-1 characters, which
// is nearly every id) with their offsets and hashes in typed arrays and a RowIndex over them:
// about 25 bytes a customer for an 8-character id. Ids with other characters go to a small Map.
// Transactions already in memory use IdMap (their strings exist anyway). Internal to the module.
import { type IndexedRows, RowIndex } from './row-index.js';
import { grownTo } from './typed-arrays.js';

/** Customer ids numbered 0, 1, 2… in order of first sight. */
export interface CustomerIds {
  /** The slot of `id`, created on first sight. */
  slot(id: string): number;
  /** The slot of `id`, or −1 when it was never seen. */
  find(id: string): number;
  /** The id of slot `slot`. */
  id(slot: number): string;
  /** Free what lookups need (`id` keeps working), or everything with `everything`. */
  release(everything?: boolean): void;
}

/**
 * Ids in a Map, keeping the caller's own strings: for transactions already in memory, whose id
 * strings exist anyway (one per customer, shared by its rows), where a Map is the fastest.
 */
export class IdMap implements CustomerIds {
  private readonly slots = new Map<string, number>();
  private ids: string[] = [];

  slot(id: string): number {
    const found = this.slots.get(id);
    if (found !== undefined) return found;
    const slot = this.ids.length;
    this.ids.push(id);
    this.slots.set(id, slot);
    return slot;
  }

  find(id: string): number {
    return this.slots.get(id) ?? -1;
  }

  id(slot: number): string {
    return this.ids[slot] as string;
  }

  release(everything = false): void {
    this.slots.clear();
    if (everything) this.ids = [];
  }
}

/** Compact slots of customer ids, for streams; see the file comment. */
export class IdIndex implements IndexedRows, CustomerIds {
  private chars = new Uint8Array(1 << 16);
  /** Start of slot i's characters in `chars`; `starts[i + 1]` is its end (Latin-1 ids). */
  private starts = new Uint32Array(1024);
  private hashes = new Int32Array(1024);
  private used = 0;
  private index = new RowIndex(1024);
  /** Ids with a character above U+00FF, by id and by slot (their `starts` span is empty). */
  private readonly wide = new Map<string, number>();
  private readonly wideIds = new Map<number, string>();
  /** Number of slots. */
  size = 0;
  // The id being looked for, read by `same`.
  private key = '';

  private released = false;

  /** The slot of `id`, created on first sight. */
  slot(id: string): number {
    if (this.released) throw new Error('IdIndex: released');
    const found = this.find(id);
    return found === -1 ? this.create(id) : found;
  }

  /** The slot of `id`, or −1 when it was never seen. */
  find(id: string): number {
    const hash = latin1Hash(id);
    if (hash === WIDE) return this.wide.get(id) ?? -1;
    this.key = id;
    return this.index.rowAt(this.index.probe(hash, this));
  }

  /** The id of slot `slot`. */
  id(slot: number): string {
    const wide = this.wideIds.get(slot);
    if (wide !== undefined) return wide;
    const from = this.starts[slot] as number;
    const to = this.starts[slot + 1] as number;
    let text = '';
    // Short ids in one call; long ones in pieces (argument count limits).
    for (let i = from; i < to; i += 8192) text += String.fromCharCode.apply(null, this.chars.subarray(i, Math.min(to, i + 8192)) as unknown as number[]);
    return text;
  }

  /**
   * Free the lookup structures once no id will be looked up or added again (`id` keeps working),
   * or everything with `everything`.
   */
  release(everything = false): void {
    this.index = new RowIndex(0);
    this.hashes = new Int32Array(0);
    if (everything) {
      this.chars = new Uint8Array(0);
      this.starts = new Uint32Array(0);
      this.wideIds.clear();
    }
    this.wide.clear();
    this.released = true;
  }

  same(row: number): boolean {
    const key = this.key;
    const from = this.starts[row] as number;
    if ((this.starts[row + 1] as number) - from !== key.length) return false;
    for (let i = 0; i < key.length; i++) if (this.chars[from + i] !== key.charCodeAt(i)) return false;
    return true;
  }

  hashOf(row: number): number {
    return this.hashes[row] as number;
  }

  private create(id: string): number {
    const slot = this.size++;
    if (slot + 2 > this.starts.length) {
      this.starts = grownTo(this.starts, new Uint32Array(Math.ceil(this.starts.length * 1.5)));
      this.hashes = grownTo(this.hashes, new Int32Array(this.starts.length));
    }
    const hash = latin1Hash(id);
    if (hash === WIDE) {
      this.wide.set(id, slot);
      this.wideIds.set(slot, id);
      this.starts[slot + 1] = this.used;
      return slot;
    }
    if (this.used + id.length > this.chars.length) {
      this.chars = grownTo(this.chars, new Uint8Array(Math.max(this.used + id.length, Math.ceil(this.chars.length * 1.5))));
    }
    for (let i = 0; i < id.length; i++) this.chars[this.used + i] = id.charCodeAt(i);
    this.used += id.length;
    this.starts[slot + 1] = this.used;
    this.hashes[slot] = hash;
    this.key = id;
    this.index.put(this.index.probe(hash, this), slot, this);
    return slot;
  }
}

/** Returned by latin1Hash for an id with a character above U+00FF. */
const WIDE = -1;

/** FNV-1a over the characters with a final mix, as a non-negative 31-bit number; WIDE for non-Latin-1 ids. */
function latin1Hash(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    if (c > 0xff) return WIDE;
    h = Math.imul(h ^ c, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h & 0x7fffffff;
}
