import { Decimal } from '../core/decimal.js';
import type { Points } from '../core/points.js';
import { monthCalendar } from './backtest/month-calendar.js';
import type { LedgerEntry } from './ledger/entry.js';
import { type StampCardStatistics, type StampCardTally, stampCardStatistics, tallyStampCards } from './stamp-card-statistics.js';

export type { StampCardStatistics } from './stamp-card-statistics.js';

/**
 * The window and calendar of {@link ledgerStatistics}.
 *
 * @example
 * ```ts
 * const p: StatisticsPeriod = { from: new Date('2026-01-01T00:00:00+01:00'), until: new Date('2026-04-01T00:00:00+02:00'), timeZone: 'Europe/Paris',
 *   stampsRequired: { 'coffee-card': 10 } };
 * ```
 */
export interface StatisticsPeriod {
  /** First instant counted (inclusive). */
  readonly from: Date;
  /** First instant not counted (exclusive). */
  readonly until: Date;
  /** The program's zone: months are its calendar months. */
  readonly timeZone: string;
  /** Stamps that fill one card, per stamp-card rule (the program's `stampsRequired`). */
  readonly stampsRequired?: Readonly<Record<string, number>>;
}

/**
 * Points credited, by where they came from.
 *
 * @example
 * ```ts
 * const i: PointsIssued = { orders: 1200, bonuses: 300, partners: 750, total: 2250 };
 * ```
 */
export interface PointsIssued {
  /** Earned by orders (base, multipliers, order bonuses, stamp-card points). */
  readonly orders: Points;
  /** Bonuses not tied to an order (signup, birthday, referral…). */
  readonly bonuses: Points;
  /** Earned through coalition partners. */
  readonly partners: Points;
  /** The sum of the three. */
  readonly total: Points;
}

/**
 * The points flows of one local month (or of the whole period), each counted at its entry's `at`
 * (jobs date their entries at the instant the lot changed, so a month is complete once
 * `activatePending` and `expirePoints` have run past its end).
 * `net` = `issued.total − burned − expired − reversed + adjusted` is the change of the ledgers'
 * total over the month.
 *
 * @example
 * ```ts
 * const m: PointsFlows = { issued: { orders: 100, bonuses: 0, partners: 0, total: 100 }, activated: 100, burned: 40, expired: 0, reversed: 10, adjusted: 0, net: 50 };
 * ```
 */
export interface PointsFlows {
  /** Credits (earn entries). */
  readonly issued: PointsIssued;
  /** Points of lots that became spendable: the activation markers `activatePending` writes, dated at the lot's `activatesAt`. */
  readonly activated: Points;
  /** Redeemed: burns (rewards, partners, points reserved as payment) minus what reservations gave back (released, lapsed, refunded by returns). */
  readonly burned: Points;
  /** Expired: the expire entries `expirePoints` writes, dated at the lot's `expiresAt`. */
  readonly expired: Points;
  /** Taken back by returns (debt included). */
  readonly reversed: Points;
  /** Manual corrections, signed. */
  readonly adjusted: Points;
  /** Change of the total. */
  readonly net: Points;
}

/**
 * One local month of {@link LedgerStatistics}.
 *
 * @example
 * ```ts
 * const m: MonthlyStatistics = { month: '2026-03', ...flows, totalAtEnd: 5400, activeMembers: 12, newMembers: 3 };
 * ```
 */
export interface MonthlyStatistics extends PointsFlows {
  /** `YYYY-MM` in the program zone (the first and last months may be partial: only `[from, until)` counts). */
  readonly month: string;
  /** Sum of the ledgers' entries before the month's end (or `until`): outstanding points, expired ones not yet recorded included, debt subtracted. */
  readonly totalAtEnd: Points;
  /** Customers with an earning or a burn in the month. */
  readonly activeMembers: number;
  /** Customers whose first ledger entry falls in the month. */
  readonly newMembers: number;
}

/**
 * A ratio of points as an exact fraction and a decimal string.
 *
 * @example
 * ```ts
 * const r: PointsRate = { numerator: 250, denominator: 1000, value: '0.2500' };
 * ```
 */
export interface PointsRate {
  /** The counted points. */
  readonly numerator: Points;
  /** The points they are measured against. */
  readonly denominator: Points;
  /** `numerator / denominator` to 4 decimal places (half-even), `null` when the denominator is 0. */
  readonly value: string | null;
}

/**
 * Customers per tier at one month's end.
 *
 * @example
 * ```ts
 * const t: TierDistribution = { month: '2026-03', at: new Date('2026-03-31T22:00:00Z'), tiers: { gold: 4, silver: 10 }, untiered: 30 };
 * ```
 */
export interface TierDistribution {
  /** `YYYY-MM`. */
  readonly month: string;
  /** The instant counted at: the month's end (the start of the next month), or `until` for a partial last month (exclusive). */
  readonly at: Date;
  /** Customers per tier id (the last tier entry before `at`), only tiers with customers. */
  readonly tiers: Readonly<Record<string, number>>;
  /** Customers with a ledger before `at` and no tier. */
  readonly untiered: number;
}

/**
 * What the ledgers say about a period (see {@link ledgerStatistics}).
 *
 * @example
 * ```ts
 * const s: LedgerStatistics = ledgerStatistics(ledgers, period);
 * s.redemption.value; // '0.4000'
 * ```
 */
export interface LedgerStatistics {
  /** First instant counted. */
  readonly from: Date;
  /** First instant not counted. */
  readonly until: Date;
  /** The zone of the months. */
  readonly timeZone: string;
  /** Customers with a ledger entry before `until`; active in the period (an earning or a burn in it); new in it (first entry in it). */
  readonly members: { readonly total: number; readonly active: number; readonly new: number };
  /** The ledgers' total at `from`. */
  readonly totalAtStart: Points;
  /** The flows of the whole period. */
  readonly totals: PointsFlows;
  /** One row per local month from `from`'s month to the month of `until`'s last instant. */
  readonly months: readonly MonthlyStatistics[];
  /**
   * Breakage: over the lots (earnings and positive adjustments) whose `expiresAt` falls in the
   * period, the points their expire entries recorded (whenever written) ÷ the points they were
   * credited with. Lots whose expiry the `expirePoints` job has not yet written count as not expired.
   */
  readonly breakage: PointsRate;
  /** Redemption rate: `totals.burned ÷ totals.issued.total`. */
  readonly redemption: PointsRate;
  /** Stamp cards filled per rule, with the time a card took. */
  readonly stampCards: readonly StampCardStatistics[];
  /** Customers per tier at each month's end. */
  readonly tiers: readonly TierDistribution[];
}

interface MutableFlows {
  orders: number;
  bonuses: number;
  partners: number;
  activated: number;
  burned: number;
  expired: number;
  reversed: number;
  adjusted: number;
}

function emptyFlows(): MutableFlows {
  return { orders: 0, bonuses: 0, partners: 0, activated: 0, burned: 0, expired: 0, reversed: 0, adjusted: 0 };
}

/** Add one entry's points to the flows it belongs to. */
function addEntry(f: MutableFlows, e: LedgerEntry): void {
  switch (e.kind) {
    case 'earn':
      if (e.partner !== undefined) f.partners += e.points;
      else if (e.source.type === 'order') f.orders += e.points;
      else f.bonuses += e.points;
      return;
    case 'activate':
      f.activated += e.lotPoints;
      return;
    case 'burn':
    case 'payment':
      f.burned -= e.points;
      return;
    case 'expire':
      f.expired -= e.points;
      return;
    case 'reverse':
      f.reversed -= e.points;
      return;
    case 'adjust':
      f.adjusted += e.points;
      return;
    default:
      return;
  }
}

function flowsOf(f: MutableFlows): PointsFlows {
  const total = f.orders + f.bonuses + f.partners;
  return {
    issued: { orders: f.orders, bonuses: f.bonuses, partners: f.partners, total },
    activated: f.activated,
    burned: f.burned,
    expired: f.expired,
    reversed: f.reversed,
    adjusted: f.adjusted,
    net: total - f.burned - f.expired - f.reversed + f.adjusted,
  };
}

/**
 * `numerator ÷ denominator` as a {@link PointsRate}.
 *
 * @example
 * ```ts
 * pointsRate(1, 3); // { numerator: 1, denominator: 3, value: '0.3333' }
 * ```
 */
export function pointsRate(numerator: Points, denominator: Points): PointsRate {
  return { numerator, denominator, value: denominator === 0 ? null : new Decimal(numerator).div(denominator).toDecimalPlaces(4, Decimal.ROUND_HALF_EVEN).toFixed(4) };
}

/**
 * Fold the ledgers of every customer (each in append order, the whole history: lots and cards
 * started before `from` count) into the statistics of `[from, until)`: members, points flows
 * per local month of `timeZone` and for the period, breakage and redemption rates, stamp cards
 * filled and how long they took, and the tier distribution at each month's end. Pure.
 *
 * @example
 * ```ts
 * const s = ledgerStatistics([entriesOfC1, entriesOfC2], { from: new Date('2026-01-01T00:00:00+01:00'), until: new Date('2026-04-01T00:00:00+02:00'), timeZone: 'Europe/Paris' });
 * s.months.map((m) => m.issued.total); // [1200, 800, 0]
 * ```
 */
export function ledgerStatistics(ledgers: Iterable<readonly LedgerEntry[]>, period: StatisticsPeriod): LedgerStatistics {
  const from = period.from.getTime();
  const until = period.until.getTime();
  const calendar = monthCalendar(period.from, new Date(until - 1), period.timeZone);
  const n = calendar.labels.length;
  const ends = calendar.starts.slice(1).map((t) => Math.min(t, until));
  const months = calendar.labels.map(() => ({ flows: emptyFlows(), net: 0, active: 0, fresh: 0 }));
  const totals = emptyFlows();
  const tierCounts = calendar.labels.map(() => new Map<string, number>());
  const untiered = new Array<number>(n).fill(0);
  const stamps: StampCardTally = { completed: new Map(), durations: new Map() };
  let totalAtStart = 0;
  let members = 0;
  let active = 0;
  let fresh = 0;
  let breakageIssued = 0;
  let breakageExpired = 0;
  for (const entries of ledgers) {
    if (entries.length === 0) continue;
    let first = Number.POSITIVE_INFINITY;
    const activeIn = new Set<number>();
    const tierChanges: { at: number; tierId: string | null }[] = [];
    const breakageLots = new Set<string>();
    const expiredOf = new Map<string, number>();
    for (const e of entries) {
      const t = e.at.getTime();
      first = Math.min(first, t);
      if (t < from) totalAtStart += e.points;
      if (e.kind === 'tier') tierChanges.push({ at: t, tierId: e.tierId });
      const lotExpiry = e.kind === 'earn' || (e.kind === 'adjust' && e.points > 0) ? e.expiresAt : null;
      if (lotExpiry !== null && lotExpiry.getTime() >= from && lotExpiry.getTime() < until) {
        breakageLots.add(e.id);
        breakageIssued += e.points;
      }
      if (e.kind === 'expire') expiredOf.set(e.lotId, (expiredOf.get(e.lotId) ?? 0) - e.points);
      const m = t >= from && t < until ? calendar.index(t) : -1;
      if (m < 0) continue;
      const month = months[m] as (typeof months)[number];
      addEntry(month.flows, e);
      addEntry(totals, e);
      month.net += e.points;
      if (e.kind === 'earn' || e.kind === 'burn') activeIn.add(m);
    }
    for (const lot of breakageLots) breakageExpired += expiredOf.get(lot) ?? 0;
    if (first >= until) continue;
    members += 1;
    if (activeIn.size > 0) active += 1;
    for (const m of activeIn) (months[m] as (typeof months)[number]).active += 1;
    if (first >= from) {
      fresh += 1;
      (months[calendar.index(first)] as (typeof months)[number]).fresh += 1;
    }
    tierChanges.sort((a, b) => a.at - b.at);
    let k = 0;
    let tier: string | null = null;
    for (let m = 0; m < n; m++) {
      const end = ends[m] as number;
      if (first >= end) continue;
      while (k < tierChanges.length && (tierChanges[k] as (typeof tierChanges)[number]).at < end) tier = (tierChanges[k++] as (typeof tierChanges)[number]).tierId;
      if (tier === null) untiered[m] = (untiered[m] as number) + 1;
      else tierCounts[m]?.set(tier, (tierCounts[m]?.get(tier) ?? 0) + 1);
    }
    tallyStampCards(stamps, entries, period.stampsRequired ?? {}, from, until);
  }
  let running = totalAtStart;
  const periodFlows = flowsOf(totals);
  return {
    from: period.from,
    until: period.until,
    timeZone: period.timeZone,
    members: { total: members, active, new: fresh },
    totalAtStart,
    totals: periodFlows,
    months: months.map((m, i) => {
      running += m.net;
      return { month: calendar.labels[i] as string, ...flowsOf(m.flows), totalAtEnd: running, activeMembers: m.active, newMembers: m.fresh };
    }),
    breakage: pointsRate(breakageExpired, breakageIssued),
    redemption: pointsRate(periodFlows.burned, periodFlows.issued.total),
    stampCards: stampCardStatistics(stamps),
    tiers: calendar.labels.map((month, i) => ({
      month,
      at: new Date(ends[i] as number),
      tiers: Object.fromEntries([...(tierCounts[i] as Map<string, number>)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
      untiered: untiered[i] as number,
    })),
  };
}
