// The per-customer accumulators of a summariser, one slot per customer in typed arrays: no
// object and no boxed number per customer, so a million customers cost ~100 bytes each
// (plus their id and its map entry) instead of several hundred. Periods are indices (days or
// weeks since 1970, see purchase-periods.ts), integers far inside the Int32 range.

/** Flag bits of a slot. */
export const UNSORTED = 1;
export const HOLDOUT_UNSORTED = 2;
export const DIRTY = 4;

/** `first` of a customer without a calibration purchase: above every period index. */
export const NONE_YET = 2 ** 31 - 1;
/** `last` of a customer without a purchase: below every period index. */
export const NONE_BEFORE = -(2 ** 31);

/** Customers by slot: the id, first/last purchase periods, counts and sums in ten-thousandths. */
export class CustomerTable {
  readonly slots = new Map<string, number>();
  readonly ids: string[] = [];
  size = 0;
  /** First calibration period (a period index), {@link NONE_YET} while there is none. */
  first: Int32Array<ArrayBuffer> = new Int32Array(0);
  firstUnits: Float64Array<ArrayBuffer> = new Float64Array(0);
  /** Last calibration period, {@link NONE_BEFORE} while there is none. */
  last: Int32Array<ArrayBuffer> = new Int32Array(0);
  units: Float64Array<ArrayBuffer> = new Float64Array(0);
  marginUnits: Float64Array<ArrayBuffer> = new Float64Array(0);
  holdoutLast: Int32Array<ArrayBuffer> = new Int32Array(0);
  holdoutUnits: Float64Array<ArrayBuffer> = new Float64Array(0);
  count: Int32Array<ArrayBuffer> = new Int32Array(0);
  holdoutCount: Int32Array<ArrayBuffer> = new Int32Array(0);
  flags: Uint8Array<ArrayBuffer> = new Uint8Array(0);
  /** Calibration periods per slot, kept only when the order of the input is unknown. */
  readonly periods: Array<number[] | undefined> = [];
  /** Holdout periods per slot, likewise. */
  readonly holdoutPeriods: Array<number[] | undefined> = [];

  /** The slot of `id`, created empty on first sight. */
  slot(id: string): number {
    const found = this.slots.get(id);
    return found === undefined ? this.create(id) : found;
  }

  private create(id: string): number {
    if (this.size === this.first.length) this.grow();
    const i = this.size++;
    // An id cut from a chunk of a file may be a view of the whole chunk (V8 slices strings of
    // 13+ characters): keep a copy of its own, or every chunk with a new customer stays in memory.
    const own = id.length >= 13 ? (` ${id}`).slice(1) : id;
    this.ids.push(own);
    this.slots.set(own, i);
    this.first[i] = NONE_YET;
    this.last[i] = NONE_BEFORE;
    this.holdoutLast[i] = NONE_BEFORE;
    return i;
  }

  private grow(): void {
    // Grown by half: less slack than doubling at a million customers, still amortised O(1).
    const capacity = Math.max(1024, Math.ceil(this.first.length * 1.5));
    const f64 = (a: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> => {
      const b = new Float64Array(capacity);
      b.set(a);
      return b;
    };
    const i32 = (a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> => {
      const b = new Int32Array(capacity);
      b.set(a);
      return b;
    };
    this.first = i32(this.first);
    this.firstUnits = f64(this.firstUnits);
    this.last = i32(this.last);
    this.units = f64(this.units);
    this.marginUnits = f64(this.marginUnits);
    this.holdoutLast = i32(this.holdoutLast);
    this.holdoutUnits = f64(this.holdoutUnits);
    this.count = i32(this.count);
    this.holdoutCount = i32(this.holdoutCount);
    const flags = new Uint8Array(capacity);
    flags.set(this.flags);
    this.flags = flags;
  }
}
