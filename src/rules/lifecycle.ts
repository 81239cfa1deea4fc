import { parseDuration } from '../core/duration.js';
import { addDuration, endOfLocalDay, endOfLocalPeriod, localParts, localDateTime, offsetMinutesAt, startOfLocalDay } from '../core/time.js';
import type { Program } from './program.js';

/**
 * When points earned at `at` become active: the end of the local day (program zone) on which
 * the pending period ends, i.e. the first instant of the next local day. Without a pending
 * period, points are active at once (`at` itself).
 *
 * @example
 * ```ts
 * // pending: 'P14D', zone Europe/Paris; earned 2026-03-01 10:00 Paris
 * pendingUntil(program, new Date('2026-03-01T09:00:00Z')).toISOString(); // '2026-03-15T23:00:00.000Z' (16 March 00:00 Paris)
 * ```
 */
export function pendingUntil(program: Pick<Program, 'pending' | 'timeZone'>, at: Date): Date {
  if (program.pending === undefined) return new Date(at.getTime());
  return roundedAfter(at, program.pending, program.timeZone, 'pending', (due) => new Date(endOfLocalDay(due, program.timeZone).getTime() + 1));
}

/**
 * When points earned at `at` expire: `after` the earning instant, moved to the end of that
 * local day, month, quarter or year (program zone) as `roundTo` says; `null` when points
 * never expire. The instant returned is the last millisecond the points are still valid.
 *
 * @example
 * ```ts
 * // expiry: { after: 'P12M', roundTo: 'month' }, zone Europe/Paris
 * expiresAt(program, new Date('2026-03-10T09:00:00Z'))?.toISOString(); // '2027-03-31T21:59:59.999Z'
 * ```
 */
export function expiresAt(program: Pick<Program, 'expiry' | 'timeZone'>, at: Date): Date | null {
  if (program.expiry === 'never') return null;
  const { after, roundTo } = program.expiry;
  return roundedAfter(at, after, program.timeZone, roundTo, (due) => endOfLocalPeriod(due, program.timeZone, roundTo));
}

const remembered = new Map<string, number>();

/**
 * `round(addDuration(at, duration, zone))` for a `round` that only looks at the local date of
 * its argument (the end of its day, month …), remembered per zone, duration, rounding and local
 * date of `at`: every order of a day gets the same activation and expiry, so they are computed
 * once a day instead of once an order (zone arithmetic was ~10 % of a recorded order). Exact:
 * only a duration without a time part is remembered (its result's local date then depends on
 * `at`'s local date alone), and only when the day it lands on has no offset change (where a
 * skipped wall time could move it into the next day; zones change their offset at most once a
 * day).
 */
function roundedAfter(at: Date, duration: string, zone: string, rounding: string, round: (due: Date) => Date): Date {
  const d = parseDuration(duration);
  if (d.hours !== 0 || d.minutes !== 0 || d.seconds !== 0) return round(addDuration(at, d, zone));
  const p = localParts(at, zone);
  const key = `${zone}|${duration}|${rounding}|${p.year}-${p.month}-${p.day}`;
  const known = remembered.get(key);
  if (known !== undefined) return new Date(known);
  const due = addDuration(at, d, zone);
  const result = round(due);
  const dayStart = startOfLocalDay(due, zone);
  if (offsetMinutesAt(dayStart, zone) === offsetMinutesAt(endOfLocalDay(due, zone), zone)) {
    if (remembered.size >= 50_000) remembered.clear();
    remembered.set(key, result.getTime());
  }
  return result;
}

/**
 * A local calendar period a cap counts points in.
 *
 * @example
 * ```ts
 * const p: CapPeriod = 'week';
 * ```
 */
export type CapPeriod = 'day' | 'week' | 'month' | 'quarter' | 'year';

/**
 * The local period (program zone) containing `at`, as `[from, to]` instants (both included):
 * the window whose already-awarded points the ledger reports in `usage.day` / `usage.period`
 * for a rule's caps. Weeks are ISO weeks, Monday to Sunday.
 *
 * @example
 * ```ts
 * capWindow(program, new Date('2026-03-07T10:00:00Z'), 'week');
 * // { from: 2026-03-01T23:00:00.000Z (Mon 2 March 00:00 Paris), to: 2026-03-08T22:59:59.999Z }
 * ```
 */
export function capWindow(program: Pick<Program, 'timeZone'>, at: Date, period: CapPeriod): { readonly from: Date; readonly to: Date } {
  const zone = program.timeZone;
  const p = localParts(at, zone);
  let first = { year: p.year, month: p.month, day: p.day };
  if (period === 'week') {
    const monday = new Date(Date.UTC(p.year, p.month - 1, p.day - (p.weekday - 1)));
    first = { year: monday.getUTCFullYear(), month: monday.getUTCMonth() + 1, day: monday.getUTCDate() };
  } else if (period === 'month') first = { ...first, day: 1 };
  else if (period === 'quarter') first = { year: p.year, month: p.month - ((p.month - 1) % 3), day: 1 };
  else if (period === 'year') first = { year: p.year, month: 1, day: 1 };
  const from = startOfLocalDay(localDateTime({ ...first, hour: 12 }, zone), zone);
  const to =
    period === 'week'
      ? endOfLocalDay(addDuration(localDateTime({ ...first, hour: 12 }, zone), 'P6D', zone), zone)
      : endOfLocalPeriod(at, zone, period);
  return { from, to };
}
