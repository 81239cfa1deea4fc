// Civil-day arithmetic on day numbers (days since 1970-01-01 in the proleptic Gregorian
// calendar), shared by the calendar and portfolio modules. Internal: not re-exported from the barrel.
import type { LocalDate } from './time.js';

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days in a month (the same answer as core's daysInMonth, without building a Date). */
export function monthLength(year: number, month: number): number {
  if (month !== 2) return MONTH_DAYS[month - 1] ?? 31;
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

/** Day number of a local date (Howard Hinnant's days_from_civil; exact for every year). */
export function toDayNumber(d: LocalDate): number {
  return daysFromCivil(d.year, d.month, d.day);
}

function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

// civil_from_days writes its answer here, so that callers wanting one field allocate nothing.
let civilYear = 0;
let civilMonth = 0;
let civilDay = 0;

/** Howard Hinnant's civil_from_days: sets civilYear, civilMonth, civilDay. */
function civil(n: number): void {
  const z = n + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  civilDay = doy - Math.floor((153 * mp + 2) / 5) + 1;
  civilMonth = mp < 10 ? mp + 3 : mp - 9;
  civilYear = yoe + era * 400 + (civilMonth <= 2 ? 1 : 0);
}

/** The local date of a day number (Howard Hinnant's civil_from_days). */
export function fromDayNumber(n: number): LocalDate {
  civil(n);
  return { year: civilYear, month: civilMonth, day: civilDay };
}

/** `year × 12 + month` of a day number (equal for the days of one calendar month), without allocating. */
export function monthNumberOf(n: number): number {
  civil(n);
  return civilYear * 12 + civilMonth;
}

/** ISO weekday of a day number: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export function weekdayOf(n: number): number {
  return ((((n + 3) % 7) + 7) % 7) + 1;
}

/**
 * Add months (clamping to the month's last day) then days to a local date, as
 * `addDuration` does for the calendar part of a duration.
 */
export function addMonthsDays(d: LocalDate, months: number, days: number): number {
  return addToCivil(d.year, d.month, d.day, months, days);
}

/** `addMonthsDays` from a day number, without allocating. */
export function addMonthsDaysTo(n: number, months: number, days: number): number {
  civil(n);
  return addToCivil(civilYear, civilMonth, civilDay, months, days);
}

function addToCivil(year: number, month: number, day: number, months: number, days: number): number {
  const total = year * 12 + (month - 1) + months;
  const y = Math.floor(total / 12);
  const m = total - y * 12 + 1;
  return daysFromCivil(y, m, Math.min(day, monthLength(y, m))) + days;
}

/** `HH:MM` (or `24:00`) to minutes after midnight. */
export function minuteOfDay(text: string): number {
  return Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5));
}
