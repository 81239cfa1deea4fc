// The per-customer accumulators of a summariser, one slot per customer in typed arrays, the ids
// in an IdIndex: no object, string or boxed number per customer, so a customer costs about 100
// bytes while a file is read instead of several hundred. Periods are indices (days or
// weeks since 1970, see purchase-periods.ts), integers far inside the Int32 range.

import { type CustomerIds, IdIndex } from './id-index.js';
import { PeriodLists } from './period-lists.js';
import { grownTo } from './typed-arrays.js';

/** Flag bit of a slot: a customer seen out of time order, to be recounted. */
export const DIRTY = 1;

/** `first` of a customer without a calibration purchase: above every period index. */
export const NONE_YET = 2 ** 31 - 1;
/** `last` of a customer without a purchase: below every period index. */
export const NONE_BEFORE = -(2 ** 31);

/** Customers by slot: the id, first/last purchase periods, counts and sums in ten-thousandths. */
export class CustomerTable {
  /**
   * @param holdout - whether the holdout columns are kept (a calibration split was asked for).
   * @param ids - the customers' ids, slot by slot (compact for streams; see id-index.ts).
   */
  constructor(
    readonly holdout: boolean,
    readonly ids: CustomerIds = new IdIndex(),
  ) {}

  size = 0;
  /** First calibration period (a period index), {@link NONE_YET} while there is none. */
  first: Int32Array<ArrayBuffer> = new Int32Array(0);
  firstUnits: Float64Array<ArrayBuffer> = new Float64Array(0);
  /** Last calibration period, {@link NONE_BEFORE} while there is none. */
  last: Int32Array<ArrayBuffer> = new Int32Array(0);
  units: Float64Array<ArrayBuffer> = new Float64Array(0);
  /** Empty until {@link CustomerTable.enableMargins}. */
  marginUnits: Float64Array<ArrayBuffer> = new Float64Array(0);
  /** The holdout columns stay empty without a split. */
  holdoutLast: Int32Array<ArrayBuffer> = new Int32Array(0);
  holdoutUnits: Float64Array<ArrayBuffer> = new Float64Array(0);
  count: Int32Array<ArrayBuffer> = new Int32Array(0);
  holdoutCount: Int32Array<ArrayBuffer> = new Int32Array(0);
  flags: Uint8Array<ArrayBuffer> = new Uint8Array(0);
  /**
   * Purchase periods per slot, kept only when the order of the input is unknown: calibration
   * periods as they are, holdout periods plus one (so above every calibration period).
   */
  periods = new PeriodLists();

  /** The slot of `id`, created empty on first sight. */
  slot(id: string): number {
    const slot = this.ids.slot(id);
    if (slot === this.size) this.create();
    return slot;
  }

  private create(): void {
    if (this.size === this.first.length) this.grow();
    const i = this.size++;
    this.first[i] = NONE_YET;
    this.last[i] = NONE_BEFORE;
    if (this.holdout) this.holdoutLast[i] = NONE_BEFORE;
  }

  /** Let go of every column and the period lists (the ids stay: the id strings are made from them last). */
  release(): void {
    this.first = new Int32Array(0);
    this.last = new Int32Array(0);
    this.firstUnits = new Float64Array(0);
    this.units = new Float64Array(0);
    this.marginUnits = new Float64Array(0);
    this.holdoutLast = new Int32Array(0);
    this.holdoutUnits = new Float64Array(0);
    this.count = new Int32Array(0);
    this.holdoutCount = new Int32Array(0);
    this.flags = new Uint8Array(0);
    this.periods.releaseAll();
    this.size = 0;
  }

  /** Start keeping margins (on the first transaction that has one): their column exists only then. */
  enableMargins(): void {
    if (this.marginUnits.length < this.first.length) this.marginUnits = grownTo(this.marginUnits, new Float64Array(this.first.length));
  }

  private grow(): void {
    // Grown by half: less slack than doubling at a million customers, still amortised O(1).
    const capacity = Math.max(1024, Math.ceil(this.first.length * 1.5));
    this.first = grownTo(this.first, new Int32Array(capacity));
    this.firstUnits = grownTo(this.firstUnits, new Float64Array(capacity));
    this.last = grownTo(this.last, new Int32Array(capacity));
    this.units = grownTo(this.units, new Float64Array(capacity));
    if (this.marginUnits.length > 0) this.marginUnits = grownTo(this.marginUnits, new Float64Array(capacity));
    if (this.holdout) {
      this.holdoutLast = grownTo(this.holdoutLast, new Int32Array(capacity));
      this.holdoutUnits = grownTo(this.holdoutUnits, new Float64Array(capacity));
      this.holdoutCount = grownTo(this.holdoutCount, new Int32Array(capacity));
    }
    this.count = grownTo(this.count, new Int32Array(capacity));
    this.flags = grownTo(this.flags, new Uint8Array(capacity));
  }
}
