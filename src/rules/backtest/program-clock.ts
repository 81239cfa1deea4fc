// The program's calendar arithmetic for a backtest window, computed once per local day or month
// instead of once per order (module-internal). Every value is computed by the rules' own
// functions (pendingUntil, expiresAt, capWindow, addDuration) for the first instant that needs
// it and reused only where it provably depends on nothing finer than the local day or month.
import { type Duration, parseDuration } from '../../core/duration.js';
import { addDuration, localDateTime, localParts, startOfLocalDay, endOfLocalDay } from '../../core/time.js';
import { type CapPeriod, capWindow, expiresAt, pendingUntil } from '../lifecycle.js';
import { lookbackStart } from '../lookback.js';
import type { Program } from '../program.js';
import type { MonthCalendar } from './month-calendar.js';

const DAY = 86_400_000;

/** Calendar answers for instants of the backtest window. */
export interface ProgramClock {
  /** `pendingUntil` and `expiresAt` of points earned at `at`. */
  lotDates(at: Date): { readonly activatesAt: Date; readonly expiresAt: Date | null };
  /** Start (ms) of the local period (month, quarter, year; `capWindow(…).from`) containing `at`. */
  periodStart(at: Date, period: CapPeriod): number;
  /** `addDuration(at, -duration)` in ms. */
  before(at: Date, duration: string): number;
  /**
   * A bound no later than `lookbackStart(program, at)`: that of the start of `at`'s local day
   * (the look-back only moves forward with time), so activity before it can be dropped.
   */
  lookback(at: Date): number;
}

/** A duration of whole days, weeks, months and years: adding it depends on the local date only, never the time of day. */
function dateOnly(d: Duration): boolean {
  return d.hours === 0 && d.minutes === 0 && d.seconds === 0;
}

/** Local day starts (ms) from the day before `from` to the day after `until`, and the day of an instant. */
function dayStarts(from: Date, until: Date, zone: string): { readonly starts: number[]; index(t: number): number } {
  const first = localParts(new Date(from.getTime() - DAY), zone);
  const starts: number[] = [];
  const end = until.getTime() + 2 * DAY;
  for (let k = 0; ; k++) {
    const d = new Date(Date.UTC(first.year, first.month - 1, first.day + k));
    const start = localDateTime({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() }, zone).getTime();
    starts.push(start);
    if (start > end) break;
  }
  const index = (t: number): number => {
    if (t < (starts[0] as number) || t >= (starts[starts.length - 1] as number)) return -1;
    let i = Math.min(starts.length - 2, Math.floor((t - (starts[0] as number)) / DAY));
    while (i > 0 && (starts[i] as number) > t) i -= 1;
    while ((starts[i + 1] as number) <= t) i += 1;
    return i;
  };
  return { starts, index };
}

/** The program's clock over `[from, until]`: per-day and per-month memos of the rules' date functions. */
export function programClock(program: Program, months: MonthCalendar, from: Date, until: Date): ProgramClock {
  const zone = program.timeZone;
  const days = dayStarts(from, until, zone);
  const pendingByDay = program.pending !== undefined && dateOnly(parseDuration(program.pending));
  const expiryByDay = program.expiry !== 'never' && dateOnly(parseDuration(program.expiry.after));
  const activations = new Map<number, Date>();
  const expiries = new Map<number, Date | null>();
  const periods = new Map<CapPeriod, Map<number, number>>();
  /** Per duration: whether it is whole days, and the target day of each day of the window. */
  const targets = new Map<string, { readonly dateOnly: boolean; readonly byDay: Map<number, { start: number; length: number }> }>();
  const lookbacks = new Map<number, number>();
  const dayLength = (i: number): number => (days.starts[i + 1] as number) - (days.starts[i] as number);

  return {
    lotDates(at) {
      const day = days.index(at.getTime());
      let activatesAt: Date;
      if (program.pending === undefined) activatesAt = new Date(at.getTime());
      else if (!pendingByDay || day < 0) activatesAt = pendingUntil(program, at);
      else {
        const hit = activations.get(day);
        activatesAt = hit ?? pendingUntil(program, at);
        if (hit === undefined) activations.set(day, activatesAt);
      }
      let expiry: Date | null;
      if (!expiryByDay || day < 0) expiry = expiresAt(program, at);
      else {
        const hit = expiries.get(day);
        expiry = hit === undefined ? expiresAt(program, at) : hit;
        if (hit === undefined) expiries.set(day, expiry);
      }
      return { activatesAt, expiresAt: expiry };
    },
    periodStart(at, period) {
      const month = months.index(at.getTime());
      if (month < 0 || period === 'day' || period === 'week') return capWindow(program, at, period).from.getTime();
      let byMonth = periods.get(period);
      if (byMonth === undefined) {
        byMonth = new Map();
        periods.set(period, byMonth);
      }
      let start = byMonth.get(month);
      if (start === undefined) {
        start = capWindow(program, at, period).from.getTime();
        byMonth.set(month, start);
      }
      return start;
    },
    lookback(at) {
      const day = days.index(at.getTime());
      if (day < 0) return lookbackStart(program, at).getTime();
      let bound = lookbacks.get(day);
      if (bound === undefined) {
        bound = lookbackStart(program, new Date(days.starts[day] as number)).getTime();
        lookbacks.set(day, bound);
      }
      return bound;
    },
    before(at, duration) {
      const t = at.getTime();
      const day = days.index(t);
      // The same wall time on the target date: exact when neither day has a daylight-saving change.
      let memo = targets.get(duration);
      if (memo === undefined) {
        memo = { dateOnly: dateOnly(parseDuration(duration)), byDay: new Map() };
        targets.set(duration, memo);
      }
      if (day < 0 || dayLength(day) !== DAY || !memo.dateOnly) return addDuration(at, `-${duration}`, zone).getTime();
      let target = memo.byDay.get(day);
      if (target === undefined) {
        const shifted = addDuration(at, `-${duration}`, zone);
        const start = startOfLocalDay(shifted, zone).getTime();
        target = { start, length: endOfLocalDay(shifted, zone).getTime() + 1 - start };
        memo.byDay.set(day, target);
      }
      if (target.length !== DAY) return addDuration(at, `-${duration}`, zone).getTime();
      return target.start + (t - (days.starts[day] as number));
    },
  };
}
