import type { Duration } from '../../core/duration.js';
import { parseDuration } from '../../core/duration.js';
import { type LocalDate, parseLocalDate } from '../../core/time.js';
import type { StepTiming } from '../journey.js';
import { addMonthsDays, fromDayNumber, monthLength, toDayNumber, weekdayOf } from '../../core/civil-days.js';

/**
 * Where the anniversary of 29 February falls in a year without one: `feb-28` or `mar-1`.
 *
 * @example
 * ```ts
 * const policy: LeapDayPolicy = 'mar-1';
 * ```
 */
export type LeapDayPolicy = 'feb-28' | 'mar-1';

/**
 * The date of `month`/`day` in `year`; 29 February in a common year follows `leapDay`. Other
 * days past a month's end clamp to its last day.
 *
 * @example
 * ```ts
 * yearlyDate(2025, 2, 29, 'mar-1');  // { year: 2025, month: 3, day: 1 }
 * yearlyDate(2025, 2, 29, 'feb-28'); // { year: 2025, month: 2, day: 28 }
 * yearlyDate(2028, 2, 29, 'mar-1');  // { year: 2028, month: 2, day: 29 }
 * ```
 */
export function yearlyDate(year: number, month: number, day: number, leapDay: LeapDayPolicy): LocalDate {
  if (month === 2 && day === 29 && monthLength(year, 2) === 28) {
    return leapDay === 'mar-1' ? { year, month: 3, day: 1 } : { year, month: 2, day: 28 };
  }
  return { year, month, day: Math.min(day, monthLength(year, month)) };
}

/**
 * The anniversary in `year` of a date (a birthday, a membership start, a purchase).
 *
 * @example
 * ```ts
 * anniversaryIn('1992-02-29', 2026, 'mar-1'); // { year: 2026, month: 3, day: 1 }
 * anniversaryIn({ year: 2019, month: 5, day: 3 }, 2026, 'feb-28'); // { year: 2026, month: 5, day: 3 }
 * ```
 */
export function anniversaryIn(date: string | LocalDate, year: number, leapDay: LeapDayPolicy): LocalDate {
  const d = typeof date === 'string' ? parseLocalDate(date) : date;
  return yearlyDate(year, d.month, d.day, leapDay);
}

/**
 * The first `month`/`day` strictly after `after`: "the next 1 March after the purchase".
 *
 * @example
 * ```ts
 * nextYearlyDateAfter({ year: 2007, month: 7, day: 1 }, 3, 1, 'feb-28'); // { year: 2008, month: 3, day: 1 }
 * nextYearlyDateAfter({ year: 2008, month: 3, day: 1 }, 3, 1, 'feb-28'); // { year: 2009, month: 3, day: 1 }
 * ```
 */
export function nextYearlyDateAfter(after: LocalDate, month: number, day: number, leapDay: LeapDayPolicy): LocalDate {
  const thisYear = yearlyDate(after.year, month, day, leapDay);
  return toDayNumber(thisYear) > toDayNumber(after) ? thisYear : yearlyDate(after.year + 1, month, day, leapDay);
}

/**
 * The `nth` (1–5, or -1 for the last) ISO `weekday` (1 = Monday … 7 = Sunday) of a month, or
 * `undefined` when the month has no such day (a 5th Monday).
 *
 * @example
 * ```ts
 * nthWeekdayOfMonth(2026, 11, 4, 4);  // { year: 2026, month: 11, day: 26 } (Thanksgiving)
 * nthWeekdayOfMonth(2026, 5, 7, -1);  // { year: 2026, month: 5, day: 31 } (last Sunday of May)
 * nthWeekdayOfMonth(2026, 2, 1, 5);   // undefined
 * ```
 */
export function nthWeekdayOfMonth(year: number, month: number, weekday: number, nth: number): LocalDate | undefined {
  const length = monthLength(year, month);
  if (nth === -1) {
    const last = toDayNumber({ year, month, day: length });
    return fromDayNumber(last - ((weekdayOf(last) - weekday + 7) % 7));
  }
  const first = toDayNumber({ year, month, day: 1 });
  const day = 1 + ((weekday - weekdayOf(first) + 7) % 7) + (nth - 1) * 7;
  return day <= length ? { year, month, day } : undefined;
}

/**
 * The calendar part of a duration added to a local date, as `addDuration` does: months (years
 * × 12 + months) first, clamping to the month's last day, then days (weeks × 7 + days). The
 * time part is ignored. Always apply it to the anchor, never chain it.
 *
 * @example
 * ```ts
 * addToLocalDate({ year: 2024, month: 1, day: 31 }, 'P1M'); // { year: 2024, month: 2, day: 29 }
 * addToLocalDate({ year: 2024, month: 1, day: 31 }, 'P2M'); // { year: 2024, month: 3, day: 31 }
 * addToLocalDate({ year: 2007, month: 7, day: 1 }, 'P1Y3M'); // { year: 2008, month: 10, day: 1 }
 * ```
 */
export function addToLocalDate(date: LocalDate, duration: string | Duration): LocalDate {
  const d = typeof duration === 'string' ? parseDuration(duration) : duration;
  return fromDayNumber(addMonthsDays(date, d.sign * (d.years * 12 + d.months), d.sign * (d.weeks * 7 + d.days)));
}

/**
 * A recurring timing rule: `yearly`, `monthly` or `nth-weekday`.
 *
 * @example
 * ```ts
 * const rule: RecurringTiming = { type: 'monthly', day: 'last' };
 * ```
 */
export type RecurringTiming = Extract<StepTiming, { type: 'yearly' | 'monthly' | 'nth-weekday' }>;

/** The date of a recurring rule in one year (yearly rules) or month. */
function ruleDateIn(rule: RecurringTiming, year: number, month: number, leapDay: LeapDayPolicy): LocalDate | undefined {
  switch (rule.type) {
    case 'yearly':
      return yearlyDate(year, rule.month, rule.day, leapDay);
    case 'monthly':
      return { year, month, day: rule.day === 'last' ? monthLength(year, month) : Math.min(rule.day, monthLength(year, month)) };
    case 'nth-weekday':
      return nthWeekdayOfMonth(year, rule.month ?? month, rule.weekday, rule.nth);
  }
}

/**
 * The dates of a recurring rule from `first` (inclusive) to `last` (inclusive), in order,
 * together with each one's occurrence number counted from `origin` (the anchor's date; the first
 * occurrence on or after it is number 1). Occurrences past the rule's `count` are left out.
 *
 * @example
 * ```ts
 * const d = (year: number, month: number, day: number) => ({ year, month, day });
 * recurrenceDates({ type: 'yearly', month: 5, day: 11 }, d(2007, 7, 1), d(2008, 1, 1), d(2009, 12, 31), 'feb-28');
 * // [{ date: { year: 2008, month: 5, day: 11 }, n: 1 }, { date: { year: 2009, month: 5, day: 11 }, n: 2 }]
 * ```
 */
export function recurrenceDates(
  rule: RecurringTiming,
  origin: LocalDate,
  first: LocalDate,
  last: LocalDate,
  leapDay: LeapDayPolicy,
): Array<{ date: LocalDate; n: number }> {
  const originDay = toDayNumber(origin);
  const firstDay = Math.max(toDayNumber(first), originDay);
  const lastDay = toDayNumber(last);
  const out: Array<{ date: LocalDate; n: number }> = [];
  if (lastDay < firstDay) return out;
  const yearly = rule.type === 'yearly' || (rule.type === 'nth-weekday' && rule.month !== undefined);
  let n = 0;
  const end = fromDayNumber(lastDay);
  for (let year = origin.year; year <= end.year; year++) {
    for (let month = 1; month <= (yearly ? 1 : 12); month++) {
      if (!yearly && year === end.year && month > end.month) break;
      const date = ruleDateIn(rule, year, month, leapDay);
      if (date === undefined) continue;
      const day = toDayNumber(date);
      if (day < originDay) continue;
      n += 1;
      if (rule.count !== undefined && n > rule.count) return out;
      if (day >= firstDay && day <= lastDay) out.push({ date, n });
    }
  }
  return out;
}
