import { TZDate } from '@date-fns/tz';
import { type Duration, parseDuration } from './duration.js';
import { FidelisError } from './errors.js';

const validZones = new Set<string>();

/**
 * True when `zone` is an IANA time zone this runtime knows (e.g. `Europe/Paris`).
 *
 * @example
 * ```ts
 * isTimeZone('Europe/Paris'); // true
 * isTimeZone('Mars/Olympus'); // false
 * ```
 */
export function isTimeZone(zone: string): boolean {
  if (validZones.has(zone)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    return false;
  }
  validZones.add(zone);
  return true;
}

/**
 * Throw `INVALID_TIME_ZONE` naming `field` unless `zone` is a valid IANA zone.
 *
 * @example
 * ```ts
 * assertTimeZone('Asia/Tokyo'); // returns 'Asia/Tokyo'
 * ```
 */
export function assertTimeZone(zone: string, field = 'timeZone'): string {
  if (!isTimeZone(zone)) {
    throw new FidelisError('INVALID_TIME_ZONE', `${field}: "${zone}" is not an IANA time zone`, {
      issues: [{ path: field, message: `"${zone}" is not an IANA time zone` }],
    });
  }
  return zone;
}

const HOUR_MS = 3_600_000;
const offsetCache = new Map<string, Map<number, number>>();

/**
 * The zone's offset from UTC in minutes at an instant (Paris in summer: 120). Asked of the
 * zone rules once per zone and UTC hour and then remembered: an hour whose start and end have
 * the same offset contains no change (zones change at most once in an hour); an hour with a
 * change is answered exactly, instant by instant, and not cached.
 *
 * @example
 * ```ts
 * offsetMinutesAt(new Date('2026-07-01T07:00:00Z'), 'Europe/Paris'); // 120
 * offsetMinutesAt(new Date('2026-01-01T07:00:00Z'), 'Pacific/Chatham'); // 825
 * ```
 */
export function offsetMinutesAt(at: Date | number, zone: string): number {
  const ms = typeof at === 'number' ? at : at.getTime();
  let byHour = offsetCache.get(zone);
  if (byHour === undefined) {
    assertTimeZone(zone);
    byHour = new Map();
    offsetCache.set(zone, byHour);
  }
  const hour = Math.floor(ms / HOUR_MS);
  const cached = byHour.get(hour);
  if (cached !== undefined) return cached;
  const start = zoneOffset(hour * HOUR_MS, zone);
  if (zoneOffset(hour * HOUR_MS + HOUR_MS - 1, zone) !== start) return zoneOffset(ms, zone);
  if (byHour.size > 100_000) byHour.clear();
  byHour.set(hour, start);
  return start;
}

function zoneOffset(ms: number, zone: string): number {
  const offset = -new TZDate(ms, zone).getTimezoneOffset();
  return offset === 0 ? 0 : offset;
}

/**
 * The first instant of the local calendar day containing `at` in `zone`.
 *
 * @example
 * ```ts
 * startOfLocalDay(new Date('2026-03-29T12:00:00Z'), 'Europe/Paris').toISOString(); // '2026-03-28T23:00:00.000Z'
 * ```
 */
export function startOfLocalDay(at: Date, zone: string): Date {
  const { year, month, day } = localParts(at, zone);
  return localDateTime({ year, month, day }, zone);
}

/**
 * The last millisecond of the local calendar day containing `at` in `zone` (23, 24 or 25 hours
 * after its start, as daylight saving decides).
 *
 * @example
 * ```ts
 * endOfLocalDay(new Date('2026-10-25T12:00:00Z'), 'Europe/Paris').toISOString(); // '2026-10-25T22:59:59.999Z'
 * ```
 */
export function endOfLocalDay(at: Date, zone: string): Date {
  const { year, month, day } = localParts(at, zone);
  const next = new Date(Date.UTC(year, month - 1, day + 1));
  const start = localDateTime({ year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() }, zone);
  return new Date(start.getTime() - 1);
}

/**
 * A calendar period a validity or expiry can be rounded up to.
 *
 * @example
 * ```ts
 * const p: CalendarPeriod = 'quarter';
 * ```
 */
export type CalendarPeriod = 'day' | 'month' | 'quarter' | 'year';

/**
 * The last millisecond of the local day, month, quarter or year containing `at` in `zone`.
 *
 * @example
 * ```ts
 * endOfLocalPeriod(new Date('2026-02-10T12:00:00Z'), 'Europe/Paris', 'month').toISOString(); // '2026-02-28T22:59:59.999Z'
 * ```
 */
export function endOfLocalPeriod(at: Date, zone: string, period: CalendarPeriod): Date {
  if (period === 'day') return endOfLocalDay(at, zone);
  const { year, month } = localParts(at, zone);
  const months = period === 'month' ? 1 : period === 'quarter' ? 3 - ((month - 1) % 3) : 13 - month;
  // The first day of the next period, normalised by Date.UTC (month 13 is January next year).
  const next = new Date(Date.UTC(year, month - 1 + months, 1));
  const start = localDateTime({ year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: 1 }, zone);
  return new Date(start.getTime() - 1);
}

/**
 * A local calendar date (`YYYY-MM-DD`), without a zone.
 *
 * @example
 * ```ts
 * const d: LocalDate = { year: 2026, month: 12, day: 31 };
 * ```
 */
export interface LocalDate {
  readonly year: number;
  /** 1–12. */
  readonly month: number;
  /** 1–31. */
  readonly day: number;
}

const LOCAL_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Parse a `YYYY-MM-DD` string into a {@link LocalDate}, rejecting impossible dates such as
 * 2026-02-30 with `VALIDATION_FAILED` naming `field`.
 *
 * @example
 * ```ts
 * parseLocalDate('2024-02-29'); // { year: 2024, month: 2, day: 29 }
 * ```
 */
export function parseLocalDate(text: string, field = 'date'): LocalDate {
  const m = LOCAL_DATE_RE.exec(text);
  const date = m === null ? undefined : { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  if (date === undefined || !isValidLocalDate(date)) {
    throw new FidelisError('VALIDATION_FAILED', `${field}: "${text}" is not a calendar date YYYY-MM-DD`, {
      issues: [{ path: field, message: `"${text}" is not a calendar date YYYY-MM-DD` }],
    });
  }
  return date;
}

/**
 * True when year/month/day name a real calendar day (29 February only in leap years).
 *
 * @example
 * ```ts
 * isValidLocalDate({ year: 2025, month: 2, day: 29 }); // false
 * ```
 */
export function isValidLocalDate(d: LocalDate): boolean {
  if (!Number.isInteger(d.year) || !Number.isInteger(d.month) || !Number.isInteger(d.day)) return false;
  if (d.month < 1 || d.month > 12 || d.day < 1) return false;
  return d.day <= daysInMonth(d.year, d.month);
}

/**
 * Number of days in a month of the proleptic Gregorian calendar.
 *
 * @example
 * ```ts
 * daysInMonth(2024, 2); // 29
 * daysInMonth(2100, 2); // 28
 * ```
 */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * True for a leap year of the Gregorian calendar.
 *
 * @example
 * ```ts
 * isLeapYear(2024); // true
 * isLeapYear(1900); // false
 * ```
 */
export function isLeapYear(year: number): boolean {
  return daysInMonth(year, 2) === 29;
}

/**
 * The instant of a local wall time in `zone`. A wall time that does not exist (skipped by a
 * daylight-saving change) moves forward by the gap, as clocks do; an ambiguous one (repeated)
 * takes the earlier instant.
 *
 * @example
 * ```ts
 * localDateTime({ year: 2026, month: 7, day: 1, hour: 9 }, 'Europe/Paris').toISOString(); // '2026-07-01T07:00:00.000Z'
 * ```
 */
export function localDateTime(
  parts: LocalDate & { readonly hour?: number; readonly minute?: number; readonly second?: number },
  zone: string,
): Date {
  assertTimeZone(zone);
  const hour = parts.hour ?? 0;
  const minute = parts.minute ?? 0;
  const second = parts.second ?? 0;
  // The wall time read as if it were UTC; the real instant is that minus the zone's offset.
  // The offsets a day before and a day after bracket any daylight-saving change.
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, hour, minute, second);
  const day = 86_400_000;
  const offsetBefore = offsetMinutesAt(wall - day, zone) * 60_000;
  const offsetAfter = offsetMinutesAt(wall + day, zone) * 60_000;
  // No change within a day either side (the common case): the one candidate holds the offset.
  if (offsetBefore === offsetAfter && offsetMinutesAt(wall - offsetBefore, zone) * 60_000 === offsetBefore) return new Date(wall - offsetBefore);
  const matches = (t: number): boolean => {
    const p = localParts(new Date(t), zone);
    return p.year === parts.year && p.month === parts.month && p.day === parts.day && p.hour === hour && p.minute === minute;
  };
  const candidates = [wall - offsetBefore, wall - offsetAfter].filter(matches).sort((a, b) => a - b);
  // No candidate: the wall time was skipped by a change; move forward by the gap.
  return new Date(candidates[0] ?? wall - offsetBefore);
}

/**
 * The first instant of a local calendar date in `zone`.
 *
 * @example
 * ```ts
 * startOfLocalDate('2026-12-31', 'Europe/Paris').toISOString(); // '2026-12-30T23:00:00.000Z'
 * ```
 */
export function startOfLocalDate(date: string | LocalDate, zone: string): Date {
  const d = typeof date === 'string' ? parseLocalDate(date) : date;
  return startOfLocalDay(localDateTime({ ...d, hour: 12 }, zone), zone);
}

/**
 * The last millisecond of a local calendar date in `zone`: what "valid until 2026-12-31" means.
 *
 * @example
 * ```ts
 * endOfLocalDate('2026-12-31', 'Europe/Paris').toISOString(); // '2026-12-31T22:59:59.999Z'
 * ```
 */
export function endOfLocalDate(date: string | LocalDate, zone: string): Date {
  const d = typeof date === 'string' ? parseLocalDate(date) : date;
  return endOfLocalDay(localDateTime({ ...d, hour: 12 }, zone), zone);
}

/**
 * Add an ISO 8601 duration to an anchor instant in `zone`. The calendar part is added in one
 * step from the anchor in local terms, clamping to the month's last day (2024-01-31 + P1M =
 * 2024-02-29; + P2M = 2024-03-31, never chained); days keep the local wall time across
 * daylight-saving changes; the time part (PT2H) is elapsed time.
 *
 * @example
 * ```ts
 * const anchor = localDateTime({ year: 2024, month: 1, day: 31, hour: 10 }, 'Europe/Paris');
 * addDuration(anchor, 'P1M', 'Europe/Paris').toISOString(); // '2024-02-29T09:00:00.000Z'
 * ```
 */
export function addDuration(anchor: Date, duration: string | Duration, zone: string): Date {
  const d = typeof duration === 'string' ? parseDuration(duration) : duration;
  const p = localParts(anchor, zone);
  const months = d.sign * (d.years * 12 + d.months);
  const days = d.sign * (d.weeks * 7 + d.days);
  let local: Date = anchor;
  if (months !== 0 || days !== 0) {
    // Months first, clamping the day to the target month's length; then days, normalised by Date.UTC.
    const monthIndex = p.year * 12 + (p.month - 1) + months;
    const year = Math.floor(monthIndex / 12);
    const month = monthIndex - year * 12 + 1;
    const day = Math.min(p.day, daysInMonth(year, month));
    const date = new Date(Date.UTC(year, month - 1, day + days));
    const wall = { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
    local = localDateTime({ ...wall, hour: p.hour, minute: p.minute, second: p.second }, zone);
    local = new Date(local.getTime() + (((anchor.getTime() % 1000) + 1000) % 1000));
  }
  const ms = d.sign * Math.round(((d.hours * 60 + d.minutes) * 60 + d.seconds) * 1000);
  return new Date(local.getTime() + ms);
}

/**
 * The local calendar fields of an instant in a zone.
 *
 * @example
 * ```ts
 * const p: LocalParts = localParts(new Date('2026-07-01T07:00:00Z'), 'Europe/Paris');
 * ```
 */
export interface LocalParts extends LocalDate {
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  readonly weekday: number;
  /** Offset from UTC in minutes at that instant (Paris in summer: 120). */
  readonly offsetMinutes: number;
}

/**
 * Local year, month, day, hour, minute, ISO weekday and UTC offset of `at` in `zone`.
 *
 * @example
 * ```ts
 * localParts(new Date('2026-07-01T07:00:00Z'), 'Europe/Paris'); // { year: 2026, month: 7, day: 1, hour: 9, weekday: 3, ... }
 * ```
 */
export function localParts(at: Date, zone: string): LocalParts {
  const offsetMinutes = offsetMinutesAt(at, zone);
  // The instant shifted by the offset, read with UTC getters, is the local wall time.
  const wall = new Date(at.getTime() + offsetMinutes * 60_000);
  const dow = wall.getUTCDay();
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
    weekday: dow === 0 ? 7 : dow,
    offsetMinutes,
  };
}

/**
 * The local calendar date of `at` in `zone` as `YYYY-MM-DD`.
 *
 * @example
 * ```ts
 * localDateString(new Date('2026-12-31T23:30:00Z'), 'Europe/Paris'); // '2027-01-01'
 * ```
 */
export function localDateString(at: Date, zone: string): string {
  return formatLocalDate(localParts(at, zone));
}

/**
 * Format a {@link LocalDate} as `YYYY-MM-DD`.
 *
 * @example
 * ```ts
 * formatLocalDate({ year: 2026, month: 3, day: 1 }); // '2026-03-01'
 * ```
 */
export function formatLocalDate(d: LocalDate): string {
  return `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}
