// What one journey looks like in one time zone during one planning run: the local days the run
// covers, and memos of what many customers share — the anchors of a birth date or a signup
// day, the day of a "next 1 March" or the occurrences of a yearly rule after an anchor day.
// A million customers have only some 30,000 birth dates and a few hundred anchor days per
// zone, so these are computed once each instead of once per customer. Internal to the module.
import { type LocalDate, formatLocalDate, parseLocalDate } from '../core/time.js';
import { anniversaryIn, nextYearlyDateAfter, recurrenceDates } from './anchors/recurrence.js';
import type { CompiledJourney, CompiledStep } from './compiled-journey.js';
import type { PlanningEvent } from './contact.js';
import { IntMemo } from './int-memo.js';
import { fromDayNumber, toDayNumber } from '../core/civil-days.js';
import type { ZoneCache } from './zone-cache.js';

/** Where one journey instance starts. Shared between customers when it comes from a memo. */
export interface Anchor {
  /** The anchor key (part of the contact ids): `purchase:o-1`, `birthday:2026-05-03`. */
  readonly key: string;
  /** Its instant (ms). */
  readonly at: number;
  /** Its local day number. */
  readonly day: number;
  /** The event that made this anchor, excluded from the goals. */
  readonly event: PlanningEvent | undefined;
}

/** One date of a recurring step: its local day number and `YYYY-MM-DD`. */
export interface Occurrence {
  readonly day: number;
  readonly date: string;
}

const NO_ANCHORS: readonly Anchor[] = Object.freeze([]);

/** Day numbers from 1900-01-01 on are memoised in arrays (see IntMemo); earlier ones in a Map. */
const MIN_DAY = -25_567;

/** A journey in one zone for one planning run; see the file comment. */
export class JourneyCalendar {
  /** The first local day a step instance may lie on (the start, less the deferral lookback). */
  readonly firstDay: number;
  /** The local day of the end of the range. */
  readonly lastDay: number;
  private readonly birthdays = new Map<string, readonly Anchor[]>();
  private readonly anniversaries = new IntMemo<readonly Anchor[]>();
  /** Per step index, by anchor day. */
  private readonly nextDates: Array<IntMemo<number>>;
  private readonly occurrences: Array<IntMemo<readonly Occurrence[]>>;

  constructor(
    readonly cj: CompiledJourney,
    readonly zc: ZoneCache,
    start: number,
    until: number,
  ) {
    this.firstDay = zc.dayOf(start - cj.lookbackMs);
    this.lastDay = zc.dayOf(until);
    this.nextDates = cj.steps.map(() => new IntMemo<number>());
    this.occurrences = cj.steps.map(() => new IntMemo<readonly Occurrence[]>());
  }

  /** The anchors of a birthday journey for a birth date `YYYY-MM-DD`. */
  birthdayAnchors(birthDate: string): readonly Anchor[] {
    let anchors = this.birthdays.get(birthDate);
    if (anchors === undefined) {
      anchors = this.yearly('birthday', parseLocalDate(birthDate, 'birthDate'));
      this.birthdays.set(birthDate, anchors);
    }
    return anchors;
  }

  /** The anchors of a yearly signup journey for a customer who joined on local day `day`. */
  signupAnniversaries(day: number): readonly Anchor[] {
    return this.anniversaries.get(day - MIN_DAY) ?? this.anniversaries.set(day - MIN_DAY, this.yearly('signup@anniversary', fromDayNumber(day)));
  }

  /**
   * The yearly anchors `key:YYYY-MM-DD` of a date `base` (its anniversaries after its own
   * year) whose steps may reach the planning range.
   */
  yearly(key: string, base: LocalDate): readonly Anchor[] {
    const { cj, zc } = this;
    const from = Math.max(base.year + 1, fromDayNumber(this.firstDay).year - cj.reachYears);
    const to = fromDayNumber(this.lastDay).year + cj.reachYears;
    const reach = cj.dayReach;
    let out: Anchor[] | undefined;
    for (let year = from; year <= to; year++) {
      const date = anniversaryIn(base, year, cj.journey.leapDay);
      const day = toDayNumber(date);
      if (reach !== undefined && (day + reach.max < this.firstDay || day + reach.min > this.lastDay)) continue;
      (out ??= []).push({ key: `${key}:${formatLocalDate(date)}`, at: zc.instant(day, 0), day, event: undefined });
    }
    return out ?? NO_ANCHORS;
  }

  /** The local day of a `next-date` step after an anchor on local day `anchorDay`. */
  nextDate(cs: CompiledStep, anchorDay: number): number {
    const timing = cs.step.timing;
    if (timing.type !== 'next-date') throw new TypeError(`step ${cs.step.id} has no next-date timing`);
    const memo = this.nextDates[cs.index] as IntMemo<number>;
    return (
      memo.get(anchorDay - MIN_DAY) ??
      memo.set(anchorDay - MIN_DAY, toDayNumber(nextYearlyDateAfter(fromDayNumber(anchorDay), timing.month, timing.day, cs.journey.leapDay)))
    );
  }

  /** The dates of a recurring step, after an anchor on local day `anchorDay`, that the range may hold. */
  recurrences(cs: CompiledStep, anchorDay: number): readonly Occurrence[] {
    const timing = cs.step.timing;
    if (timing.type === 'offset' || timing.type === 'next-date') throw new TypeError(`step ${cs.step.id} has no recurring timing`);
    const memo = this.occurrences[cs.index] as IntMemo<readonly Occurrence[]>;
    let list = memo.get(anchorDay - MIN_DAY);
    if (list === undefined) {
      const from = fromDayNumber(Math.max(this.firstDay - 1, anchorDay));
      const dates = recurrenceDates(timing, fromDayNumber(anchorDay), from, fromDayNumber(this.lastDay), cs.journey.leapDay);
      list = memo.set(
        anchorDay - MIN_DAY,
        dates.map(({ date }) => ({ day: toDayNumber(date), date: formatLocalDate(date) })),
      );
    }
    return list;
  }
}
