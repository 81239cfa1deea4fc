// Turning journeys into the steps one customer is due for in a range: anchors, timings,
// occurrences, intended moments. Internal to the module (planContacts is the public face).
import { type Duration, parseDuration } from '../core/duration.js';
import type { Customer } from '../core/schemas.js';
import { addDuration, formatLocalDate, parseLocalDate } from '../core/time.js';
import { anniversaryIn, nextYearlyDateAfter, recurrenceDates } from './anchors/recurrence.js';
import type { PlanningEvent } from './contact.js';
import { contactId } from './contact-id.js';
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
  /** Minutes after midnight the step goes out at: its `time`, or the window's opening. */
  readonly preferredMinute: number;
  readonly offset?: Duration;
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
}

/** One step instance a customer is due for. */
export interface Candidate {
  readonly compiled: CompiledStep;
  readonly id: string;
  readonly anchor: string;
  readonly anchorAt: number;
  readonly occurrence?: string;
  readonly intendedMs: number;
  /** The first goal event after the anchor, if any (ms). */
  readonly goalAt?: number;
}

const approxMs = (d: Duration): number =>
  ((d.years * 12 + d.months) * 31 + d.weeks * 7 + d.days + 1) * DAY + ((d.hours * 60 + d.minutes) * 60 + d.seconds) * 1000;
const hasTimePart = (d: Duration): boolean => d.hours !== 0 || d.minutes !== 0 || d.seconds !== 0;

/** Parse a journey's durations and windows once. */
export function compileJourney(journey: Journey): CompiledJourney {
  let reach = 0;
  const steps = journey.steps.map((step): CompiledStep => {
    const window = step.sendWindow ?? journey.sendWindow ?? DEFAULT_SEND_WINDOW;
    const windowFrom = minuteOfDay(window.from);
    const offset = step.timing.type === 'offset' ? parseDuration(step.timing.offset, `steps.${step.id}.timing.offset`) : undefined;
    const maxDelay = step.whenBlocked.action === 'defer' ? parseDuration(step.whenBlocked.maxDelay, `steps.${step.id}.whenBlocked.maxDelay`) : undefined;
    reach = Math.max(reach, offset === undefined ? 2 : Math.ceil(approxMs(offset) / (365 * DAY)));
    return {
      journey,
      step,
      window,
      windowFrom,
      windowTo: minuteOfDay(window.to),
      preferredMinute: step.time === undefined ? windowFrom : minuteOfDay(step.time),
      ...(offset === undefined ? {} : { offset }),
      ...(maxDelay === undefined ? {} : { maxDelay }),
      lookbackMs: maxDelay === undefined ? 0 : approxMs(maxDelay),
    };
  });
  const activeFor = journey.activeFor === undefined ? undefined : parseDuration(journey.activeFor, 'activeFor');
  return { journey, steps, ...(activeFor === undefined ? {} : { activeFor }), reachYears: reach + 1 };
}

interface Anchor {
  readonly key: string;
  readonly at: number;
  readonly day: number;
  /** The event that made this anchor, excluded from the goals. */
  readonly event?: PlanningEvent;
}

function anchorsOf(
  cj: CompiledJourney,
  customer: Customer,
  events: readonly PlanningEvent[],
  zc: ZoneCache,
  firstDay: number,
  lastDay: number,
): Anchor[] {
  const { anchor, leapDay } = cj.journey;
  const yearly = (key: string, base: string): Anchor[] => {
    const date = parseLocalDate(base, `${key} date`);
    const out: Anchor[] = [];
    const from = Math.max(date.year + 1, fromDayNumber(firstDay).year - cj.reachYears);
    const to = fromDayNumber(lastDay).year + cj.reachYears;
    for (let year = from; year <= to; year++) {
      const occ = anniversaryIn(date, year, leapDay);
      const day = toDayNumber(occ);
      out.push({ key: `${key}:${formatLocalDate(occ)}`, at: zc.instant(day, 0), day });
    }
    return out;
  };
  if (anchor.event === 'birthday') return customer.birthDate === undefined ? [] : yearly('birthday', customer.birthDate);
  const once: Array<{ key: string; at: number; event?: PlanningEvent }> = [];
  if (anchor.event === 'signup') {
    once.push({ key: 'signup', at: customer.joinedAt.getTime() });
  } else {
    for (const e of events) {
      if (e.type !== anchor.event || (anchor.event === 'custom' && e.name !== anchor.name)) continue;
      const prefix = anchor.event === 'custom' ? `custom:${e.name ?? ''}` : e.type;
      once.push({ key: `${prefix}:${e.id ?? e.at.toISOString()}`, at: e.at.getTime(), event: e });
    }
  }
  if (anchor.recurrence === 'yearly') {
    return once.flatMap((a) => {
      const r = zc.local(a.at);
      return yearly(`${a.key}@anniversary`, formatLocalDate(fromDayNumber(r.day)));
    });
  }
  return once.map((a) => ({ ...a, day: zc.local(a.at).day }));
}

function firstGoal(journey: Journey, events: readonly PlanningEvent[], anchor: Anchor): number | undefined {
  let first: number | undefined;
  for (const e of events) {
    const t = e.at.getTime();
    if (t <= anchor.at || e === anchor.event || (first !== undefined && t >= first)) continue;
    if (journey.exitGoals.some((g) => g.event === e.type && (g.name === undefined || g.name === e.name))) first = t;
  }
  return first;
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
  const out: Candidate[] = [];
  const lastDay = zc.local(until).day;
  for (const cj of journeys) {
    const lookback = cj.steps.reduce((m, s) => Math.max(m, s.lookbackMs), 0);
    const firstDay = zc.local(start - lookback).day;
    for (const anchor of anchorsOf(cj, customer, events, zc, firstDay, lastDay)) {
      if (anchor.at >= until) continue;
      const goalAt = cj.journey.exitGoals.length === 0 ? undefined : firstGoal(cj.journey, events, anchor);
      const endDay = cj.activeFor === undefined ? Number.POSITIVE_INFINITY : addMonthsDays(fromDayNumber(anchor.day), cj.activeFor.sign * (cj.activeFor.years * 12 + cj.activeFor.months), cj.activeFor.sign * (cj.activeFor.weeks * 7 + cj.activeFor.days));
      for (const cs of cj.steps) {
        const push = (intendedMs: number, occurrence?: string): void => {
          if (intendedMs >= until || intendedMs < start - cs.lookbackMs || zc.local(intendedMs).day > endDay) return;
          const key = { customerId: customer.id, journeyId: cj.journey.id, stepId: cs.step.id, anchor: anchor.key };
          out.push({
            compiled: cs,
            id: contactId(occurrence === undefined ? key : { ...key, occurrence }),
            anchor: anchor.key,
            anchorAt: anchor.at,
            ...(occurrence === undefined ? {} : { occurrence }),
            intendedMs,
            ...(goalAt === undefined ? {} : { goalAt }),
          });
        };
        const atDay = (day: number): number => Math.max(zc.instant(day, cs.preferredMinute), anchor.at);
        const timing = cs.step.timing;
        if (timing.type === 'offset') {
          const d = cs.offset as Duration;
          if (hasTimePart(d)) push(addDuration(new Date(anchor.at), d, zc.zone).getTime());
          else push(atDay(addMonthsDays(fromDayNumber(anchor.day), d.sign * (d.years * 12 + d.months), d.sign * (d.weeks * 7 + d.days))));
        } else if (timing.type === 'next-date') {
          push(atDay(toDayNumber(nextYearlyDateAfter(fromDayNumber(anchor.day), timing.month, timing.day, cj.journey.leapDay))));
        } else {
          const from = fromDayNumber(Math.max(firstDay - 1, anchor.day));
          for (const { date } of recurrenceDates(timing, fromDayNumber(anchor.day), from, fromDayNumber(lastDay), cj.journey.leapDay)) {
            push(atDay(toDayNumber(date)), formatLocalDate(date));
          }
        }
      }
    }
  }
  return out;
}
