// The local months of a backtest window, and which month an instant falls in (module-internal).
import { formatLocalDate, localParts, startOfLocalDate } from '../../core/time.js';

/** The local months (program zone) from the month of `from` to the month of `until`. */
export interface MonthCalendar {
  /** `YYYY-MM` of each month. */
  readonly labels: readonly string[];
  /** Start instant (ms) of each month, then the start of the month after the last. */
  readonly starts: readonly number[];
  /** Month index of an instant: −1 before `from`'s month or after `until` (the instant itself). */
  index(t: number): number;
}

/** The months of `[from, until]` in `zone`; an instant maps to its month by binary search (no zone arithmetic per event). */
export function monthCalendar(from: Date, until: Date, zone: string): MonthCalendar {
  const first = localParts(from, zone);
  const last = localParts(until, zone);
  const labels: string[] = [];
  const starts: number[] = [];
  let year = first.year;
  let month = first.month;
  for (;;) {
    starts.push(startOfLocalDate({ year, month, day: 1 }, zone).getTime());
    const past = year > last.year || (year === last.year && month > last.month);
    if (past) break;
    labels.push(formatLocalDate({ year, month, day: 1 }).slice(0, 7));
    month += 1;
    if (month === 13) {
      month = 1;
      year += 1;
    }
  }
  const end = until.getTime();
  const index = (t: number): number => {
    if (t > end || t < (starts[0] as number)) return -1;
    let lo = 0;
    let hi = labels.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= t) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  return { labels, starts, index };
}
