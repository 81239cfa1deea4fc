// The open-addressing index behind the portfolio's compact tables (distinct tuples in
// compress.ts, customer ids in id-index.ts): rows live in the caller's typed arrays, and this
// finds a row by its 32-bit hash with linear probing in an Int32Array kept at most half full.
// A JS Map would hold a boxed entry per key; this costs 8–16 bytes a row. Internal to the module.

/** What the index asks of the table it serves: is row `row` the key being looked for, and a row's hash. */
export interface IndexedRows {
  /** Whether row `row` holds the key currently looked for. */
  same(row: number): boolean;
  /** The 32-bit hash of row `row` (used when the index grows). */
  hashOf(row: number): number;
}

function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/** Linear-probing positions of rows by hash; see the file comment. */
export class RowIndex {
  private slots: Int32Array<ArrayBuffer>;
  private count = 0;

  constructor(expectedRows: number) {
    this.slots = new Int32Array(nextPowerOfTwo(Math.max(16, expectedRows) * 2)).fill(-1);
  }

  /**
   * The position holding the row `rows.same` accepts along `hash`'s probe sequence, or the first
   * empty position; {@link RowIndex.rowAt} tells which (−1: empty).
   */
  probe(hash: number, rows: IndexedRows): number {
    const mask = this.slots.length - 1;
    let pos = hash & mask;
    for (;;) {
      const row = this.slots[pos] as number;
      if (row === -1 || rows.same(row)) return pos;
      pos = (pos + 1) & mask;
    }
  }

  /** The row at a position found by {@link RowIndex.probe}, −1 when it is empty. */
  rowAt(pos: number): number {
    return this.slots[pos] as number;
  }

  /** Put `row` at the empty position `pos` found by {@link RowIndex.probe}; grows when half full. */
  put(pos: number, row: number, rows: IndexedRows): void {
    this.slots[pos] = row;
    this.count++;
    if (this.count * 2 > this.slots.length) this.grow(rows);
  }

  private grow(rows: IndexedRows): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2).fill(-1);
    const mask = this.slots.length - 1;
    for (let i = 0; i < old.length; i++) {
      const row = old[i] as number;
      if (row === -1) continue;
      let pos = rows.hashOf(row) & mask;
      while ((this.slots[pos] as number) !== -1) pos = (pos + 1) & mask;
      this.slots[pos] = row;
    }
  }
}
