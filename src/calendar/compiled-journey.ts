// A journey parsed once per planning run: durations, windows, reach. Internal to the module
// (planContacts is the public face).
import { type Duration, parseDuration } from '../core/duration.js';
import type { Journey, JourneyStep } from './journey.js';
import { minuteOfDay } from '../core/civil-days.js';
import type { ContactPolicy } from './contact-policy.js';
import type { SendWindow } from './send-window.js';
import { stepWindow } from './step-window.js';

const DAY = 86_400_000;

/** A step with everything parsed once per planning run. */
export interface CompiledStep {
  /** Its position in the journey's steps (indexes per-step memos). */
  readonly index: number;
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

const approxMs = (d: Duration): number =>
  ((d.years * 12 + d.months) * 31 + d.weeks * 7 + d.days + 1) * DAY + ((d.hours * 60 + d.minutes) * 60 + d.seconds) * 1000;

/**
 * Parse a journey's durations and windows once; `windows` are the policy's send windows per
 * channel kind, `path` names the journey in errors (`journeys[0]`).
 */
export function compileJourney(journey: Journey, windows: ContactPolicy['sendWindows'], path: string): CompiledJourney {
  let reach = 1;
  const steps = journey.steps.map((step, index): CompiledStep => {
    const window = stepWindow(step, journey, windows, `${path}.steps[${index}]`);
    const windowFrom = minuteOfDay(window.from);
    const offset = step.timing.type === 'offset' ? parseDuration(step.timing.offset, `steps.${step.id}.timing.offset`) : undefined;
    const elapsed = offset !== undefined && (offset.hours !== 0 || offset.minutes !== 0 || offset.seconds !== 0);
    const maxDelay = step.whenBlocked.action === 'defer' ? parseDuration(step.whenBlocked.maxDelay, `steps.${step.id}.whenBlocked.maxDelay`) : undefined;
    if (offset !== undefined) reach = Math.max(reach, Math.ceil(approxMs(offset) / (365 * DAY)));
    let weekdayMask = 0;
    for (const w of window.weekdays) weekdayMask |= 1 << w;
    return {
      index,
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
