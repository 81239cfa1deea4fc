// The purchase periods of each customer, kept when the input's order is unknown (a stream in
// order 'any', or the customers found out of order in input read twice) so that distinct
// periods can be counted at the end, on both sides of a boundary (the summariser keeps
// calibration and holdout periods in one list, the holdout ones shifted above the calibration
// ones). A JS array per customer costs some 50 bytes plus 8 a period (at up to 2× capacity): for
// a file of a million customers with eight purchases each, more than the file. Here each list
// is a run of variable-length numbers (7 bits a byte) in one shared byte arena: the first period
// as is, then each one as its difference from the largest before it (zigzag, so earlier periods
// fit too); purchases days or weeks apart take 1–2 bytes. A list's block doubles when full (8
// bytes at first) and the block it leaves is reused by the next list of that size. Internal to
// the module.
import { grownTo } from './typed-arrays.js';

const SMALLEST = 8; // bytes of a first block: room for a free-list link

/** Zigzag: 0, −1, 1, −2… → 0, 1, 2, 3… (plain arithmetic: differences may pass 2³¹). */
const zigzag = (d: number): number => (d >= 0 ? 2 * d : -2 * d - 1);
const unzigzag = (z: number): number => (z % 2 === 0 ? z / 2 : -(z + 1) / 2);
/** Bytes of `v` at 7 bits a byte: at most 5, as Int32 periods differ by less than 2³² (zigzag < 2³³). */
const varintLength = (v: number): number => (v < 0x80 ? 1 : v < 0x4000 ? 2 : v < 0x200000 ? 3 : v < 0x10000000 ? 4 : 5);
/** Capacity of a block holding `used` bytes: blocks double, and a list moves to a bigger one only when a number does not fit. */
const capacityOf = (used: number): number => (used <= SMALLEST ? SMALLEST : 2 ** Math.ceil(Math.log2(used)));

/** Lists of period indices by slot (slots 0, 1, 2…); see the file comment. */
export class PeriodLists {
  private arena = new Uint8Array(1 << 16);
  /** Bytes of the arena handed out; offset 0 is never a block (0 = no block). */
  private top = SMALLEST;
  /** Offset of each slot's block, its bytes written, the largest period so far, whether a period came after a larger one. */
  private block = new Int32Array(0);
  private used = new Int32Array(0);
  private max = new Int32Array(0);
  private unsorted = new Uint8Array(0);
  /** First free block of each size (by log2), −1 when none; a free block's first 4 bytes link to the next. */
  private readonly free = new Int32Array(32).fill(-1);
  private scratch = new Int32Array(64);

  /** Append period `p` to slot `slot`'s list (the same period as the largest so far is skipped). */
  add(slot: number, p: number): void {
    if (slot >= this.used.length) this.grow(slot);
    const used = this.used[slot] as number;
    let value: number;
    if (used === 0) value = zigzag(p);
    else {
      const max = this.max[slot] as number;
      if (p === max) return;
      if (p < max) this.unsorted[slot] = 1;
      value = zigzag(p - max);
    }
    if (used === 0 || p > (this.max[slot] as number)) this.max[slot] = p;
    const length = varintLength(value);
    let at = this.block[slot] as number;
    if (used === 0 || used + length > capacityOf(used)) at = this.move(slot, used, used + length);
    let i = at + used;
    const arena = this.arena;
    while (value >= 0x80) {
      arena[i++] = (value % 0x80) | 0x80;
      value = Math.floor(value / 0x80);
    }
    arena[i] = value;
    this.used[slot] = used + length;
  }

  /** Forget slot `slot`'s list (its block is reused). */
  clear(slot: number): void {
    if (slot >= this.used.length) return;
    const used = this.used[slot] as number;
    if (used > 0) this.release(this.block[slot] as number, capacityOf(used));
    this.used[slot] = 0;
    this.block[slot] = 0;
    this.unsorted[slot] = 0;
  }

  /**
   * The number of distinct periods in slot `slot`'s list at or below `boundary` (in
   * `into.below`) and above it (`into.above`).
   */
  distinct(slot: number, boundary: number, into: { below: number; above: number }): void {
    into.below = 0;
    into.above = 0;
    if (slot >= this.used.length) return;
    const n = this.decode(slot);
    let values = this.scratch;
    if (this.unsorted[slot] === 1) values = values.subarray(0, n).sort(); // else increasing: every period is new
    for (let i = 0; i < n; i++) {
      const v = values[i] as number;
      if (i > 0 && v === values[i - 1]) continue;
      if (v <= boundary) into.below++;
      else into.above++;
    }
  }

  /** Let go of every list. */
  releaseAll(): void {
    this.arena = new Uint8Array(0);
    this.block = new Int32Array(0);
    this.used = new Int32Array(0);
    this.max = new Int32Array(0);
    this.unsorted = new Uint8Array(0);
    this.scratch = new Int32Array(0);
    this.free.fill(-1);
    this.top = SMALLEST;
  }

  /** Decode slot `slot`'s list into `scratch`; returns how many periods it holds. */
  private decode(slot: number): number {
    const used = this.used[slot] as number;
    if (used > this.scratch.length) this.scratch = new Int32Array(Math.max(used, 2 * this.scratch.length));
    const arena = this.arena;
    const end = (this.block[slot] as number) + used;
    let n = 0;
    let max = 0;
    for (let i = this.block[slot] as number; i < end; ) {
      let value = 0;
      let scale = 1;
      let byte: number;
      do {
        byte = arena[i++] as number;
        value += (byte & 0x7f) * scale;
        scale *= 0x80;
      } while (byte >= 0x80);
      const p = n === 0 ? unzigzag(value) : max + unzigzag(value);
      if (n === 0 || p > max) max = p;
      this.scratch[n++] = p;
    }
    return n;
  }

  /** Give slot `slot` a block for `need` bytes, keeping its `used` bytes; returns its offset. */
  private move(slot: number, used: number, need: number): number {
    const size = capacityOf(need);
    const log = Math.log2(size);
    let at = this.free[log] as number;
    if (at !== -1) {
      const a = this.arena;
      this.free[log] = (a[at] as number) | ((a[at + 1] as number) << 8) | ((a[at + 2] as number) << 16) | ((a[at + 3] as number) << 24);
    } else {
      if (this.top + size > this.arena.length) this.arena = grownTo(this.arena, new Uint8Array(Math.max(this.top + size, Math.ceil(this.arena.length * 1.5))));
      at = this.top;
      this.top += size;
    }
    if (used > 0) {
      const old = this.block[slot] as number;
      this.arena.copyWithin(at, old, old + used);
      this.release(old, capacityOf(used));
    }
    this.block[slot] = at;
    return at;
  }

  private release(at: number, size: number): void {
    const log = Math.log2(size);
    const next = this.free[log] as number;
    const a = this.arena;
    a[at] = next & 0xff;
    a[at + 1] = (next >>> 8) & 0xff;
    a[at + 2] = (next >>> 16) & 0xff;
    a[at + 3] = (next >>> 24) & 0xff;
    this.free[log] = at;
  }

  private grow(slot: number): void {
    const capacity = Math.max(1024, slot + 1, Math.ceil(this.used.length * 1.5));
    this.block = grownTo(this.block, new Int32Array(capacity));
    this.used = grownTo(this.used, new Int32Array(capacity));
    this.max = grownTo(this.max, new Int32Array(capacity));
    this.unsorted = grownTo(this.unsorted, new Uint8Array(capacity));
  }
}
