// Turning journeys into the steps one customer is due for in a range: anchors, timings,
// occurrences, intended moments. Internal to the module (planContacts is the public face).
// Written for throughput (a year for 100,000 customers in well under 2 s): what customers
// share comes from the JourneyCalendar memos, and nothing is allocated per step but the
// candidate itself.
import { addDuration } from '../core/time.js';
import type { Customer } from '../core/schemas.js';
import type { CompiledStep } from './compiled-journey.js';
import type { PlanningEvent } from './contact.js';
import type { Journey } from './journey.js';
import type { Anchor, JourneyCalendar } from './journey-calendar.js';
import { addMonthsDaysTo, fromDayNumber } from '../core/civil-days.js';
import type { ZoneCache } from './zone-cache.js';

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

function anchorsOf(cal: JourneyCalendar, customer: Customer, events: readonly PlanningEvent[]): readonly Anchor[] {
  const { anchor } = cal.cj.journey;
  if (anchor.event === 'birthday') return customer.birthDate === undefined ? [] : cal.birthdayAnchors(customer.birthDate);
  const yearly = anchor.recurrence === 'yearly';
  if (anchor.event === 'signup') {
    const at = customer.joinedAt.getTime();
    const day = cal.zc.dayOf(at);
    return yearly ? cal.signupAnniversaries(day) : [{ key: 'signup', at, day, event: undefined }];
  }
  const out: Anchor[] = [];
  for (const e of events) {
    if (e.type !== anchor.event || (anchor.event === 'custom' && e.name !== anchor.name)) continue;
    const key = `${anchor.event === 'custom' ? `custom:${e.name ?? ''}` : e.type}:${e.id ?? e.at.toISOString()}`;
    const at = e.at.getTime();
    const day = cal.zc.dayOf(at);
    if (yearly) out.push(...cal.yearly(`${key}@anniversary`, fromDayNumber(day)));
    else out.push({ key, at, day, event: e });
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

/** The intended instant on a local day: the step's time, never before the anchor on its own day. */
function atDay(zc: ZoneCache, cs: CompiledStep, anchor: Anchor, day: number): number {
  const ms = zc.instant(day, cs.preferredMinute);
  return day === anchor.day && ms < anchor.at ? anchor.at : ms;
}

/** Shared state of one candidatesFor call. */
interface Scope {
  readonly zc: ZoneCache;
  readonly start: number;
  readonly until: number;
  readonly out: Candidate[];
}

function push(s: Scope, cs: CompiledStep, anchor: Anchor, goalAt: number | undefined, endDay: number, intendedMs: number, occurrence: string | undefined): void {
  if (intendedMs >= s.until || intendedMs < s.start - cs.lookbackMs) return;
  if (endDay !== Number.POSITIVE_INFINITY && s.zc.dayOf(intendedMs) > endDay) return;
  s.out.push({ compiled: cs, anchor: anchor.key, anchorAt: anchor.at, occurrence, intendedMs, goalAt, id: '' });
}

/**
 * Every step instance of the journeys (given as their calendars in the customer's zone) for one
 * customer whose intended moment lies in [start − the step's deferral lookback, until).
 */
export function candidatesFor(customer: Customer, calendars: readonly JourneyCalendar[], events: readonly PlanningEvent[], zc: ZoneCache, start: number, until: number): Candidate[] {
  const s: Scope = { zc, start, until, out: [] };
  for (const cal of calendars) {
    const { journey } = cal.cj;
    for (const anchor of anchorsOf(cal, customer, events)) {
      if (anchor.at >= until) continue;
      const goalAt = journey.exitGoals.length === 0 ? undefined : firstGoal(journey, events, anchor);
      const a = cal.cj.activeFor;
      const endDay = a === undefined ? Number.POSITIVE_INFINITY : addMonthsDaysTo(anchor.day, a.sign * (a.years * 12 + a.months), a.sign * (a.weeks * 7 + a.days));
      for (const cs of cal.cj.steps) {
        const timing = cs.step.timing;
        if (timing.type === 'offset') {
          if (cs.elapsedOffset !== undefined) {
            push(s, cs, anchor, goalAt, endDay, addDuration(new Date(anchor.at), cs.elapsedOffset, zc.zone).getTime(), undefined);
          } else {
            const day = cs.offsetMonths === 0 ? anchor.day + cs.offsetDays : addMonthsDaysTo(anchor.day, cs.offsetMonths, cs.offsetDays);
            push(s, cs, anchor, goalAt, endDay, atDay(zc, cs, anchor, day), undefined);
          }
        } else if (timing.type === 'next-date') {
          push(s, cs, anchor, goalAt, endDay, atDay(zc, cs, anchor, cal.nextDate(cs, anchor.day)), undefined);
        } else {
          for (const o of cal.recurrences(cs, anchor.day)) push(s, cs, anchor, goalAt, endDay, atDay(zc, cs, anchor, o.day), o.date);
        }
      }
    }
  }
  return s.out;
}
