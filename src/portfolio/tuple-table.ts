// Distinct tuples of up to four numbers, found by hashing their bits in an open-addressing
// index (row-index.ts): what compresses summaries for the fits and memoises lifetime values,
// a few tens of nanoseconds a lookup and no string per key (a Map keyed by "x|t|T|m" strings
// costs some 100 bytes a key and most of the time). Internal to the module.
import { type IndexedRows, RowIndex } from './row-index.js';
import { grownTo } from './typed-arrays.js';

/** Distinct tuples of `width` (2–4) numbers, each with a weight, numbered 0, 1, 2… in order of first sight. */
export class TupleTable implements IndexedRows {
  private readonly width: number;
  private keys: Float64Array<ArrayBuffer>;
  private weight: Float64Array<ArrayBuffer>;
  private readonly index: RowIndex;
  /** Number of distinct tuples. */
  size = 0;
  private readonly bits = new Float64Array(1);
  private readonly words = new Uint32Array(this.bits.buffer);
  // The key being looked for, read by `same`.
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 0;

  constructor(width: 2 | 3 | 4, expected: number) {
    this.width = width;
    const capacity = Math.max(16, expected);
    this.keys = new Float64Array(capacity * width);
    this.weight = new Float64Array(capacity);
    this.index = new RowIndex(capacity);
  }

  /** Add weight `w` to the tuple (a, b, c, d) (unused places 0); returns its row. */
  add(a: number, b: number, c: number, d: number, w: number): number {
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
    const pos = this.index.probe(this.hash(a, b, c, d), this);
    const found = this.index.rowAt(pos);
    if (found !== -1) {
      this.weight[found] = (this.weight[found] as number) + w;
      return found;
    }
    if (this.size === this.weight.length) this.growRows();
    const row = this.size++;
    const base = row * this.width;
    this.keys[base] = a;
    this.keys[base + 1] = b;
    if (this.width > 2) this.keys[base + 2] = c;
    if (this.width > 3) this.keys[base + 3] = d;
    this.weight[row] = w;
    this.index.put(pos, row, this);
    return row;
  }

  same(row: number): boolean {
    const base = row * this.width;
    const k = this.keys;
    return k[base] === this.a && k[base + 1] === this.b && (this.width < 3 || k[base + 2] === this.c) && (this.width < 4 || k[base + 3] === this.d);
  }

  hashOf(row: number): number {
    const base = row * this.width;
    const k = this.keys;
    return this.hash(k[base] as number, k[base + 1] as number, this.width > 2 ? (k[base + 2] as number) : 0, this.width > 3 ? (k[base + 3] as number) : 0);
  }

  /** The tuples as one array per place. */
  columns(): Float64Array[] {
    const out: Float64Array[] = [];
    for (let k = 0; k < this.width; k++) {
      const col = new Float64Array(this.size);
      for (let i = 0; i < this.size; i++) col[i] = this.keys[i * this.width + k] as number;
      out.push(col);
    }
    return out;
  }

  /** The weight of each tuple. */
  weights(): Float64Array {
    return this.weight.slice(0, this.size);
  }

  private hash(a: number, b: number, c: number, d: number): number {
    return this.mix(this.mix(this.mix(this.mix(0x811c9dc5, a), b), c), d) >>> 0;
  }

  private mix(h: number, v: number): number {
    this.bits[0] = v;
    h = Math.imul(h ^ (this.words[0] as number), 0x9e3779b1);
    h = Math.imul(h ^ (this.words[1] as number), 0x85ebca77);
    return h ^ (h >>> 15);
  }

  private growRows(): void {
    const capacity = this.weight.length * 2;
    this.keys = grownTo(this.keys, new Float64Array(capacity * this.width));
    this.weight = grownTo(this.weight, new Float64Array(capacity));
  }
}
