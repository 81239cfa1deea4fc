// Turning journeys into the steps one customer is due for in a range: anchors, timings,
// occurrences, intended moments. Internal to the module (planContacts is the public face).
// Written for throughput (a year for 100,000 customers in well under 2 s): no closures or
// throw-away objects per step.
import { type Duration, parseDuration } from '../core/duration.js';
import type { Customer } from '../core/schemas.js';
import { type LocalDate, addDuration, formatLocalDate, parseLocalDate } from '../core/time.js';
import { anniversaryIn, nextYearlyDateAfter, recurrenceDates } from './anchors/recurrence.js';
import type { PlanningEvent } from './contact.js';
import type { Journey, JourneyStep } from './journey.js';
import { addMonthsDays, fromDayNumber, minuteOfDay, toDayNumber } from './local-days.js';
import { DEFAULT_SEND_WINDOW, type SendWindow } from './send-window.js';
import type { ZoneCache } from './zone-cache.js';

const DAY = 86_400_000;

/** A step with everything parsed once per planning run. */
export interface CompiledStep {
  readonly journey: Journey;
  readonly step: JourneyStep;
  readonly window: SendWindow;
  readonly windowFrom: number;
  readonly windowTo: number;
  /** Bit n set when ISO weekday n is in the window. */
  readonly weekdayMask: number;
  /** Minutes after midnight the step goes out at: its `time`, or the window's opening. */
  readonly preferredMinute: number;
  /** Calendar months and days of an `offset` timing without a time part. */
  readonly offsetMonths: number;
  readonly offsetDays: number;
  /** An `offset` timing with a time part (elapsed from the anchor instant). */
  readonly elapsedOffset?: Duration;
  /** The deferral limit, when the step defers. */
  readonly maxDelay?: Duration;
  /** How far before the planning start an intended moment may lie and still be deferred into it. */
  readonly lookbackMs: number;
}

/** A journey with its steps compiled. */
export interface CompiledJourney {
  readonly journey: Journey;
  readonly steps: readonly CompiledStep[];
  readonly activeFor?: Duration;
  /** Whole years a step may lie away from its anchor (bounds recurring anchors). */
  readonly reachYears: number;
  readonly lookbackMs: number;
  /**
   * When every step is an offset: the fewest and most days a step lies after its anchor (from
   * below and above), so anchors whose steps cannot reach the range are skipped.
   */
  readonly dayReach?: { readonly min: number; readonly max: number };
}

/** One step instance a customer is due for. */
export interface Candidate {
  readonly compiled: CompiledStep;
  readonly anchor: string;
  readonly anchorAt: number;
  readonly occurrence: string | undefined;
  readonly intendedMs: number;
  /** The first goal event after the anchor, if any (ms). */
  readonly goalAt: number | undefined;
  /** Filled in by the planner (the stable contact id). */
  id: string;
}

const approxMs = (d: Duration): number =>
  ((d.years * 12 + d.months) * 31 + d.weeks * 7 + d.days + 1) * DAY + ((d.hours * 60 + d.minutes) * 60 + d.seconds) * 1000;

/** Parse a journey's durations and windows once. */
export function compileJourney(journey: Journey): CompiledJourney {
  let reach = 1;
  const steps = journey.steps.map((step): CompiledStep => {
    const window = step.sendWindow ?? journey.sendWindow ?? DEFAULT_SEND_WINDOW;
    const windowFrom = minuteOfDay(window.from);
    const offset = step.timing.type === 'offset' ? parseDuration(step.timing.offset, `steps.${step.id}.timing.offset`) : undefined;
    const elapsed = offset !== undefined && (offset.hours !== 0 || offset.minutes !== 0 || offset.seconds !== 0);
    const maxDelay = step.whenBlocked.action === 'defer' ? parseDuration(step.whenBlocked.maxDelay, `steps.${step.id}.whenBlocked.maxDelay`) : undefined;
    if (offset !== undefined) reach = Math.max(reach, Math.ceil(approxMs(offset) / (365 * DAY)));
    let weekdayMask = 0;
    for (const w of window.weekdays) weekdayMask |= 1 << w;
    return {
      journey,
      step,
      window,
      windowFrom,
      windowTo: minuteOfDay(window.to),
      weekdayMask,
      preferredMinute: step.time === undefined ? windowFrom : minuteOfDay(step.time),
      offsetMonths: offset === undefined ? 0 : offset.sign * (offset.years * 12 + offset.months),
      offsetDays: offset === undefined ? 0 : offset.sign * (offset.weeks * 7 + offset.days),
      ...(elapsed ? { elapsedOffset: offset } : {}),
      ...(maxDelay === undefined ? {} : { maxDelay }),
      lookbackMs: maxDelay === undefined ? 0 : approxMs(maxDelay),
    };
  });
  const activeFor = journey.activeFor === undefined ? undefined : parseDuration(journey.activeFor, 'activeFor');
  const lookbackMs = steps.reduce((m, s) => Math.max(m, s.lookbackMs), 0);
  let dayReach: { min: number; max: number } | undefined;
  if (steps.every((s) => s.step.timing.type === 'offset')) {
    // Months are 28–31 days; an elapsed time part adds at most a day.
    const bounds = steps.map((s) => {
      const lo = s.offsetMonths >= 0 ? s.offsetMonths * 28 : s.offsetMonths * 31;
      const hi = s.offsetMonths >= 0 ? s.offsetMonths * 31 : s.offsetMonths * 28;
      return [lo + s.offsetDays - 2, hi + s.offsetDays + 2] as const;
    });
    dayReach = { min: Math.min(...bounds.map((b) => b[0])), max: Math.max(...bounds.map((b) => b[1])) };
  }
  return { journey, steps, ...(activeFor === undefined ? {} : { activeFor }), reachYears: reach, lookbackMs, ...(dayReach === undefined ? {} : { dayReach }) };
}

/** Where one journey instance starts. */
interface Anchor {
  readonly key: string;
  readonly at: number;
  readonly day: number;
  /** The event that made this anchor, excluded from the goals. */
  readonly event: PlanningEvent | undefined;
}

function yearlyAnchors(cj: CompiledJourney, key: string, base: LocalDate, zc: ZoneCache, firstDay: number, lastDay: number, out: Anchor[]): void {
  const from = Math.max(base.year + 1, fromDayNumber(firstDay).year - cj.reachYears);
  const to = fromDayNumber(lastDay).year + cj.reachYears;
  const reach = cj.dayReach;
  for (let year = from; year <= to; year++) {
    const occ = anniversaryIn(base, year, cj.journey.leapDay);
    const day = toDayNumber(occ);
    if (reach !== undefined && (day + reach.max < firstDay || day + reach.min > lastDay)) continue;
    out.push({ key: `${key}:${formatLocalDate(occ)}`, at: zc.instant(day, 0), day, event: undefined });
  }
}

function anchorsOf(cj: CompiledJourney, customer: Customer, events: readonly PlanningEvent[], zc: ZoneCache, firstDay: number, lastDay: number): Anchor[] {
  const { anchor } = cj.journey;
  const out: Anchor[] = [];
  if (anchor.event === 'birthday') {
    if (customer.birthDate !== undefined) yearlyAnchors(cj, 'birthday', parseLocalDate(customer.birthDate, 'birthDate'), zc, firstDay, lastDay, out);
    return out;
  }
  const yearly = anchor.recurrence === 'yearly';
  if (anchor.event === 'signup') {
    const at = customer.joinedAt.getTime();
    if (yearly) yearlyAnchors(cj, 'signup@anniversary', fromDayNumber(zc.dayOf(at)), zc, firstDay, lastDay, out);
    else out.push({ key: 'signup', at, day: zc.dayOf(at), event: undefined });
    return out;
  }
  for (const e of events) {
    if (e.type !== anchor.event || (anchor.event === 'custom' && e.name !== anchor.name)) continue;
    const key = `${anchor.event === 'custom' ? `custom:${e.name ?? ''}` : e.type}:${e.id ?? e.at.toISOString()}`;
    const at = e.at.getTime();
    if (yearly) yearlyAnchors(cj, `${key}@anniversary`, fromDayNumber(zc.dayOf(at)), zc, firstDay, lastDay, out);
    else out.push({ key, at, day: zc.dayOf(at), event: e });
  }
  return out;
}

function firstGoal(journey: Journey, events: readonly PlanningEvent[], anchor: Anchor): number | undefined {
  let first: number | undefined;
  for (const e of events) {
    const t = e.at.getTime();
    if (t <= anchor.at || e === anchor.event || (first !== undefined && t >= first)) continue;
    for (const g of journey.exitGoals) {
      if (g.event === e.type && (g.name === undefined || g.name === e.name)) {
        first = t;
        break;
      }
    }
  }
  return first;
}

/** Shared state of one candidatesFor call. */
interface Scope {
  readonly zc: ZoneCache;
  readonly start: number;
  readonly until: number;
  readonly out: Candidate[];
}

/** The intended instant on a local day: the step's time, never before the anchor on its own day. */
function atDay(zc: ZoneCache, cs: CompiledStep, anchor: Anchor, day: number): number {
  const ms = zc.instant(day, cs.preferredMinute);
  return day === anchor.day && ms < anchor.at ? anchor.at : ms;
}

function push(s: Scope, cs: CompiledStep, anchor: Anchor, goalAt: number | undefined, endDay: number, intendedMs: number, occurrence: string | undefined): void {
  if (intendedMs >= s.until || intendedMs < s.start - cs.lookbackMs) return;
  if (endDay !== Number.POSITIVE_INFINITY && s.zc.dayOf(intendedMs) > endDay) return;
  s.out.push({ compiled: cs, anchor: anchor.key, anchorAt: anchor.at, occurrence, intendedMs, goalAt, id: '' });
}

/**
 * Every step instance of `journeys` for one customer whose intended moment lies in
 * [start − the step's deferral lookback, until).
 */
export function candidatesFor(
  customer: Customer,
  journeys: readonly CompiledJourney[],
  events: readonly PlanningEvent[],
  zc: ZoneCache,
  start: number,
  until: number,
): Candidate[] {
  const s: Scope = { zc, start, until, out: [] };
  const lastDay = zc.dayOf(until);
  for (const cj of journeys) {
    const firstDay = zc.dayOf(start - cj.lookbackMs);
    const leapDay = cj.journey.leapDay;
    for (const anchor of anchorsOf(cj, customer, events, zc, firstDay, lastDay)) {
      if (anchor.at >= until) continue;
      const goalAt = cj.journey.exitGoals.length === 0 ? undefined : firstGoal(cj.journey, events, anchor);
      const a = cj.activeFor;
      const endDay = a === undefined ? Number.POSITIVE_INFINITY : addMonthsDays(fromDayNumber(anchor.day), a.sign * (a.years * 12 + a.months), a.sign * (a.weeks * 7 + a.days));
      let anchorDate: LocalDate | undefined;
      for (const cs of cj.steps) {
        const timing = cs.step.timing;
        if (timing.type === 'offset') {
          if (cs.elapsedOffset !== undefined) {
            push(s, cs, anchor, goalAt, endDay, addDuration(new Date(anchor.at), cs.elapsedOffset, zc.zone).getTime(), undefined);
          } else {
            anchorDate ??= fromDayNumber(anchor.day);
            const day = cs.offsetMonths === 0 ? anchor.day + cs.offsetDays : addMonthsDays(anchorDate, cs.offsetMonths, cs.offsetDays);
            push(s, cs, anchor, goalAt, endDay, atDay(zc, cs, anchor, day), undefined);
          }
        } else if (timing.type === 'next-date') {
          anchorDate ??= fromDayNumber(anchor.day);
          push(s, cs, anchor, goalAt, endDay, atDay(zc, cs, anchor, toDayNumber(nextYearlyDateAfter(anchorDate, timing.month, timing.day, leapDay))), undefined);
        } else {
          anchorDate ??= fromDayNumber(anchor.day);
          const from = fromDayNumber(Math.max(firstDay - 1, anchor.day));
          for (const { date } of recurrenceDates(timing, anchorDate, from, fromDayNumber(lastDay), leapDay)) {
            push(s, cs, anchor, goalAt, endDay, atDay(zc, cs, anchor, toDayNumber(date)), formatLocalDate(date));
          }
        }
      }
    }
  }
  return s.out;
}
