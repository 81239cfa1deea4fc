import { assertTimeZone, localParts } from '../core/time.js';
import { monthNumberOf } from '../core/civil-days.js';

const DAY_MS = 86_400_000;
/** Day number (days since 1970-01-01) of Monday 1970-01-05: weeks start on Monday (ISO). */
const FIRST_MONDAY = 4;

/**
 * The granularity at which purchases merge: two purchases of one customer in the same local
 * day (week, month) are one purchase period. Weeks start on Monday (ISO 8601).
 *
 * @example
 * ```ts
 * import type { PurchasePeriod } from 'fidelis';
 * const period: PurchasePeriod = 'day';
 * ```
 */
export type PurchasePeriod = 'day' | 'week' | 'month';

/**
 * Numbers the purchase periods of one time zone: `index(ms)` gives the period containing an
 * instant, `startDay(index)` the local day number (days since 1970-01-01) its first day has.
 *
 * @example
 * ```ts
 * import { createPeriodIndexer } from 'fidelis';
 * const days = createPeriodIndexer('day', 'UTC');
 * days.index(Date.UTC(1970, 0, 2, 13)); // 1
 * ```
 */
export interface PeriodIndexer {
  /** The period containing the instant `ms` (milliseconds since the epoch). */
  index(ms: number): number;
  /** Local day number (days since 1970-01-01) of the first day of period `index`. */
  startDay(index: number): number;
}

/**
 * Build a {@link PeriodIndexer} for `period` in the IANA `timeZone`.
 *
 * Hot path without `Date` objects: in UTC a day is `floor(ms / 86 400 000)`; in another zone the
 * UTC offset is looked up once per UTC day and cached (a day containing a daylight-saving change
 * is resolved per instant). Months come from the day number by fixed civil-calendar arithmetic.
 *
 * @example
 * ```ts
 * import { createPeriodIndexer } from 'fidelis';
 * const paris = createPeriodIndexer('day', 'Europe/Paris');
 * // 23:30 UTC on 31 Dec is already 1 Jan in Paris:
 * paris.index(Date.UTC(2026, 11, 31, 23, 30)) === paris.index(Date.UTC(2027, 0, 1, 12)); // true
 * ```
 */
export function createPeriodIndexer(period: PurchasePeriod, timeZone: string): PeriodIndexer {
  const day = createDayIndex(assertTimeZone(timeZone));
  switch (period) {
    case 'day':
      return { index: day, startDay: (i) => i };
    case 'week':
      return {
        index: (ms) => Math.floor((day(ms) - FIRST_MONDAY) / 7),
        startDay: (i) => i * 7 + FIRST_MONDAY,
      };
    case 'month':
      return {
        index: (ms) => monthNumberOf(day(ms)) - 1,
        startDay: (i) => Math.round(Date.UTC(Math.floor(i / 12), i - Math.floor(i / 12) * 12, 1) / DAY_MS),
      };
  }
}

function isUtc(zone: string): boolean {
  return zone === 'UTC' || zone === 'Etc/UTC' || zone === 'Etc/GMT' || zone === 'GMT' || zone === 'Etc/Universal';
}

/** Local day number of an instant in `zone`, with the zone's offset cached per UTC day. */
function createDayIndex(zone: string): (ms: number) => number {
  if (isUtc(zone)) return (ms) => Math.floor(ms / DAY_MS);
  const offsetAt = (ms: number): number => localParts(new Date(ms), zone).offsetMinutes * 60_000;
  // Offset of each UTC day, NaN for a day during which the offset changes.
  const offsets = new Map<number, number>();
  let lastUtcDay = Number.NaN;
  let lastOffset = 0;
  return (ms) => {
    const utcDay = Math.floor(ms / DAY_MS);
    let offset: number | undefined;
    if (utcDay === lastUtcDay) offset = lastOffset;
    else {
      offset = offsets.get(utcDay);
      if (offset === undefined) {
        const start = offsetAt(utcDay * DAY_MS);
        offset = start === offsetAt(utcDay * DAY_MS + DAY_MS - 1) ? start : Number.NaN;
        offsets.set(utcDay, offset);
      }
      lastUtcDay = utcDay;
      lastOffset = offset;
    }
    if (Number.isNaN(offset)) return Math.floor((ms + offsetAt(ms)) / DAY_MS);
    return Math.floor((ms + offset) / DAY_MS);
  };
}

