// Points moving through the months of a backtest: issued, activated, reversed, settled, expired,
// and the active / pending balances they leave at each month end (module-internal).
import type { Lot } from '../ledger/state.js';
import type { MonthCalendar } from './month-calendar.js';

/**
 * Per month of the window, in points. A lot's activation and expiry are booked when it is
 * created, in the months they fall in (or nowhere when after `until`); a debit before them
 * takes back what it removes from them, so every month holds what happened in it.
 */
export class PointFlows {
  readonly issued: number[];
  readonly activated: number[];
  readonly reversed: number[];
  readonly settled: number[];
  readonly expired: number[];
  /** Change of the active (burnable) balance in the month. */
  readonly activeDelta: number[];
  /** Change of the pending balance in the month. */
  readonly pendingDelta: number[];
  readonly orders: number[];
  readonly earningOrders: number[];
  private readonly until: number;

  constructor(private readonly months: MonthCalendar, until: Date) {
    const zeros = (): number[] => months.labels.map(() => 0);
    this.issued = zeros();
    this.activated = zeros();
    this.reversed = zeros();
    this.settled = zeros();
    this.expired = zeros();
    this.activeDelta = zeros();
    this.pendingDelta = zeros();
    this.orders = zeros();
    this.earningOrders = zeros();
    this.until = until.getTime();
  }

  /** An order replayed at `t`, earning `points`. */
  order(t: number, points: number): void {
    const m = this.months.index(t);
    this.orders[m] = (this.orders[m] as number) + 1;
    if (points > 0) this.earningOrders[m] = (this.earningOrders[m] as number) + 1;
  }

  /** Month of the lot's activation (−1: at creation, or never in the window), and whether it activates before it expires. */
  private activation(lot: Lot): { readonly month: number; readonly immediate: boolean; readonly activates: boolean } {
    const act = lot.activatesAt.getTime();
    const created = lot.createdAt.getTime();
    const immediate = act <= created;
    const activates = lot.expiresAt === null || act <= lot.expiresAt.getTime();
    return { month: immediate || !activates ? -1 : this.months.index(act), immediate, activates };
  }

  /** Month the lot's rest expires in: that of the first instant after `expiresAt` (−1: never, or not by `until`). */
  private expiry(lot: Lot): number {
    const exp = lot.expiresAt?.getTime();
    return exp === undefined || exp >= this.until ? -1 : this.months.index(exp + 1);
  }

  /** A new lot: issued now; active now or at its activation; expired at its expiry. */
  credit(lot: Lot): void {
    const p = lot.points;
    if (p <= 0) return;
    const m = this.months.index(lot.createdAt.getTime());
    add(this.issued, m, p);
    const a = this.activation(lot);
    if (a.immediate) {
      add(this.activeDelta, m, p);
      add(this.activated, m, p);
    } else {
      add(this.pendingDelta, m, p);
      if (a.month >= 0) {
        add(this.pendingDelta, a.month, -p);
        add(this.activeDelta, a.month, p);
        add(this.activated, a.month, p);
      }
    }
    const e = this.expiry(lot);
    if (e >= 0) {
      add(a.immediate || a.activates ? this.activeDelta : this.pendingDelta, e, -p);
      add(this.expired, e, p);
    }
  }

  /** `points` taken from `lot` at `t` by a return (`reversed`) or a debt settlement (`settled`); undoes their share of the lot's later activation and expiry. */
  debit(lot: Lot, points: number, t: number, as: 'reversed' | 'settled'): void {
    if (points <= 0) return;
    const m = this.months.index(t);
    add(this[as], m, points);
    const a = this.activation(lot);
    const pendingNow = !a.immediate && lot.activatesAt.getTime() > t;
    if (pendingNow) {
      add(this.pendingDelta, m, -points);
      if (a.month >= 0) {
        add(this.pendingDelta, a.month, points);
        add(this.activeDelta, a.month, -points);
        add(this.activated, a.month, -points);
      }
    } else add(this.activeDelta, m, -points);
    const e = this.expiry(lot);
    if (e >= 0) {
      add(a.immediate || a.activates ? this.activeDelta : this.pendingDelta, e, points);
      add(this.expired, e, -points);
    }
  }
}

function add(list: number[], month: number, points: number): void {
  if (month >= 0) list[month] = (list[month] as number) + points;
}
