// Replaying a history of orders and returns through one program (module-internal).
import { isFidelisError, validationError } from '../../core/errors.js';
import type { Order } from '../../core/schemas.js';
import { evaluateOrder } from '../evaluate-order.js';
import type { EvaluationContext, EvaluationCustomer, RuleUsage } from '../evaluation.js';
import { planTierChange } from '../ledger/adjust.js';
import type { EntryStamp, LotAllocation } from '../ledger/entry.js';
import { evaluationContextFromLedger } from '../ledger/order-context.js';
import { planOrderEarn } from '../ledger/order-earn.js';
import { planReversal } from '../ledger/reversal.js';
import { type LedgerState, applyEntry, emptyLedgerState } from '../ledger/state.js';
import { type LiabilityReport, liabilityReport } from '../liability.js';
import { pointsWorth } from '../points-worth.js';
import type { Program } from '../program.js';
import type { BacktestRuleCost, BacktestTierCost, ProgramBacktestReport } from './backtest-report.js';
import { monthCalendar } from './month-calendar.js';
import { dropClosedLots } from './closed-lots.js';
import type { CustomerHistories, IndexedReturn } from './customer-histories.js';
import { PointFlows } from './point-flows.js';
import { programClock } from './program-clock.js';
import { type TierWindow, tierWindow } from './tier-window.js';

/** The history, checked and put in time order once for every program replayed on it. */
export interface BacktestHistory {
  /** Orders placed in the window, by time (ties: input order). */
  readonly orders: readonly Order[];
  /** Returns up to `until`, by time (ties: input order), each with its index in the input. */
  readonly returns: readonly IndexedReturn[];
  /** Orders before `from` per customer: how many and the first one's time. */
  readonly before: ReadonlyMap<string, { count: number; first: Date }>;
  readonly ordersBefore: number;
  readonly ordersAfter: number;
  /** Returns after `until`. */
  readonly returnsAfter: number;
  /** What the customers file says of each customer (join date, birth date, attributes, zone). */
  readonly customers: ReadonlyMap<string, Partial<EvaluationCustomer>>;
  /** Order ids some return names: only their per-line tracks are kept in the replayed ledgers. */
  readonly returned: ReadonlySet<string>;
  readonly from: Date;
  readonly until: Date;
}

/** Activity older than the program's look-back cannot change a decision any more: drop it (as projections do). */
const PRUNE_AT = 16;

function customerContext(
  program: Program,
  state: LedgerState,
  order: Order,
  h: BacktestHistory,
  budget: Readonly<Record<string, number>> | undefined,
  tierQualifying: string | undefined,
): EvaluationContext {
  const prior = h.before.get(order.customerId);
  const facts = h.customers.get(order.customerId);
  const at = order.placedAt;
  const customer = prior === undefined || facts?.joinedAt !== undefined ? facts : { ...facts, joinedAt: prior.first };
  const ctx = evaluationContextFromLedger(program, state, { now: at, at, customerId: order.customerId, customer, tierQualifying });
  let result = ctx;
  if (prior !== undefined && ctx.customer !== undefined) {
    const first = state.firstOrderAt === null || prior.first.getTime() < state.firstOrderAt.getTime() ? prior.first : state.firstOrderAt;
    result = { ...ctx, customer: { ...ctx.customer, stats: { orderCount: prior.count + state.orderCount, firstOrderAt: first } } };
  }
  if (budget === undefined) return result;
  const usage: Record<string, RuleUsage> = { ...result.usage };
  for (const ruleId in budget) usage[ruleId] = { ...usage[ruleId], budget: budget[ruleId] ?? 0 };
  return { ...result, usage };
}

/**
 * A downgrade decided at a review before this order takes effect before it is evaluated (the
 * engine's tier job would have run). Decided as `evaluateTier` decides (the reference replay
 * test checks it), in integers: only when the tier was held at the last review and neither the
 * value at that review nor the value now (`valueNow`) keeps it, to the higher level of the two,
 * once the grace after the review has passed.
 */
function applyDowngrade(tiers: TierWindow, state: LedgerState, valueNow: number, stamp: EntryStamp): void {
  if (state.tierId === null) return;
  const reviewEnd = tiers.reviewEnd(stamp.at);
  if (state.tierSince !== null && state.tierSince.getTime() > reviewEnd.getTime()) return;
  const current = tiers.rank(state.tierId);
  const rankNow = tiers.rankOf(valueNow);
  if (rankNow >= current) return;
  const valueAtReview = tiers.value(state.activity, reviewEnd);
  const target = Math.max(rankNow, tiers.rankOf(valueAtReview));
  if (target >= current) return;
  const at = tiers.downgradeAt(reviewEnd);
  if (stamp.at.getTime() < at.getTime()) return;
  const reason = `qualifying value ${tiers.show(valueAtReview)} at the review of ${reviewEnd.toISOString()} is below ${state.tierId}`;
  const entry = planTierChange(state, tiers.level(target), reason, { ...stamp, at });
  if (entry !== undefined) applyEntry(state, entry);
}

/**
 * Replay the history through `program`: ledgers per customer, flows per month, costs per rule
 * and tier, liability at `until`. Customer after customer (`byCustomer`, each ledger dropped once
 * its liability is counted) unless a shared budget makes customers depend on each other; then
 * everything in time order. Both give the same report (the reference replay test checks it);
 * a bad return is named as the time-ordered replay meets it.
 */
export function replayProgram(program: Program, h: BacktestHistory, byCustomer: CustomerHistories, valuePerPoint: string | null): ProgramBacktestReport {
  if (program.earnRules.some((r) => r.caps?.budget !== undefined)) return replay(program, h, undefined, valuePerPoint);
  try {
    return replay(program, h, byCustomer, valuePerPoint);
  } catch (error) {
    if (!isFidelisError(error, 'VALIDATION_FAILED')) throw error;
    return replay(program, h, undefined, valuePerPoint); // throws the first bad return in time order
  }
}

function replay(program: Program, h: BacktestHistory, byCustomer: CustomerHistories | undefined, valuePerPoint: string | null): ProgramBacktestReport {
  const months = monthCalendar(h.from, h.until, program.timeZone);
  const flows = new PointFlows(months, h.until);
  const clock = programClock(program, months, h.from, h.until);
  const tierClock = tierWindow(program, clock);
  const orderCustomer = new Map<string, string>();
  const rules = new Map<string, { kind: string; orders: number; points: number }>();
  const tiers = new Map<string | null, { orders: number; points: number; tierPoints: number }>();
  const budgeted = program.earnRules.filter((r) => r.caps?.budget !== undefined).map((r) => r.id);
  const budget: Record<string, number> | undefined = budgeted.length === 0 ? undefined : Object.fromEntries(budgeted.map((id) => [id, 0]));
  const windowed = program.tiers !== undefined || program.earnRules.some((r) => r.caps?.perDay !== undefined || r.caps?.perPeriod !== undefined);
  let seq = 0;
  const newId = (): string => `b${(seq += 1)}`;
  const debit = (state: LedgerState, allocations: readonly LotAllocation[], t: number, as: 'reversed' | 'settled'): void => {
    for (const a of allocations) {
      const lot = state.lotById.get(a.lotId);
      if (lot !== undefined) flows.debit(lot, a.points, t, as);
    }
  };

  const replayOrder = (order: Order, state: LedgerState): void => {
    const stamp: EntryStamp = { customerId: order.customerId, at: order.placedAt, newId };
    dropClosedLots(state, order.placedAt.getTime());
    if (!windowed) while (state.activity.length > 0) state.activity.pop(); // nothing reads it: no tiers, no windowed caps (pop keeps the array's store)
    else if (state.activity.length >= PRUNE_AT) {
      const keepFrom = clock.lookback(order.placedAt);
      const drop = state.activity.findIndex((a) => a.at.getTime() >= keepFrom);
      state.activity.splice(0, drop < 0 ? state.activity.length : drop);
    }
    let qualifying: string | undefined;
    if (tierClock !== undefined) {
      const valueNow = tierClock.value(state.activity, order.placedAt);
      applyDowngrade(tierClock, state, valueNow, stamp);
      qualifying = tierClock.show(valueNow);
    }
    const context = customerContext(program, state, order, h, budget, qualifying);
    const ev = evaluateOrder(program, order, context);
    const { earn, settle, tierChange } = planOrderEarn(program, state, order, ev, stamp, clock.lotDates(order.placedAt));
    if (tierChange !== undefined) applyEntry(state, tierChange);
    if (!h.returned.has(order.id)) state.orders.delete(order.id);
    else orderCustomer.set(order.id, order.customerId);
    const t = order.placedAt.getTime();
    flows.order(t, ev.totalPoints);
    const lot = state.lotById.get(earn.id);
    if (lot !== undefined) flows.credit(lot);
    if (settle !== undefined) debit(state, settle.allocations, t, 'settled');
    for (const award of ev.byRule) {
      if (award.points === 0) continue;
      const r = rules.get(award.ruleId) ?? { kind: award.kind, orders: 0, points: 0 };
      r.orders += 1;
      r.points += award.points;
      rules.set(award.ruleId, r);
      if (budget !== undefined && award.ruleId in budget) budget[award.ruleId] = (budget[award.ruleId] ?? 0) + award.points;
    }
    const tierId = context.customer?.tier ?? null;
    const tier = tiers.get(tierId) ?? { orders: 0, points: 0, tierPoints: 0 };
    tier.orders += 1;
    tier.points += ev.totalPoints;
    if (tierId !== null) for (const award of ev.byRule) if (award.ruleId === `tier:${tierId}`) tier.tierPoints += award.points;
    tiers.set(tierId, tier);
  };

  let skipped = byCustomer?.unmatched ?? 0;
  let replayed = 0;
  /** A return, on the ledger of its order's customer (`stateOf`) once that order was replayed; skipped otherwise. */
  const replayReturn = ({ ret, index }: IndexedReturn, stateOf: (customerId: string) => LedgerState | undefined): void => {
    const customerId = orderCustomer.get(ret.orderId);
    const state = customerId === undefined ? undefined : stateOf(customerId);
    if (customerId === undefined || state === undefined) {
      skipped += 1;
      return;
    }
    let entry;
    try {
      entry = planReversal(state, ret.orderId, ret.id, ret.lines, program.returnPolicy, { customerId, at: ret.at, newId }, program.bonusReturnPolicy);
    } catch (error) {
      if (!isFidelisError(error, 'VALIDATION_FAILED')) throw error;
      throw validationError('returns', error.issues.map((i) => ({ path: `returns[${index}].${i.path}`, message: i.message })));
    }
    debit(state, entry.allocations, ret.at.getTime(), 'reversed');
    applyEntry(state, entry);
    replayed += 1;
  };

  /** Orders and returns merged by time (at the same instant the order first), each on its customer's ledger. */
  const replayMerged = (orders: readonly Order[], o: number, oEnd: number, returns: readonly IndexedReturn[], r: number, rEnd: number, stateOf: (customerId: string) => LedgerState): void => {
    for (; o < oEnd; o++) {
      const order = orders[o] as Order;
      const t = order.placedAt.getTime();
      while (r < rEnd && (returns[r] as IndexedReturn).ret.at.getTime() < t) replayReturn(returns[r++] as IndexedReturn, stateOf);
      replayOrder(order, stateOf(order.customerId));
    }
    while (r < rEnd) replayReturn(returns[r++] as IndexedReturn, stateOf);
  };

  function* ledgers(): Generator<LedgerState> {
    if (byCustomer === undefined) {
      const states = new Map<string, LedgerState>();
      const stateOf = (customerId: string): LedgerState => {
        let state = states.get(customerId);
        if (state === undefined) {
          state = emptyLedgerState();
          states.set(customerId, state);
        }
        return state;
      };
      replayMerged(h.orders, 0, h.orders.length, h.returns, 0, h.returns.length, stateOf);
      yield* states.values();
      return;
    }
    const g = byCustomer;
    for (let c = 0; c + 1 < g.orderStarts.length; c++) {
      const state = emptyLedgerState();
      replayMerged(g.orders, g.orderStarts[c] as number, g.orderStarts[c + 1] as number, g.returns, g.returnStarts[c] as number, g.returnStarts[c + 1] as number, () => state);
      yield state;
    }
  }

  // the liability is counted ledger by ledger as the replay finishes them: drives the replay
  const liability = liabilityReport(program, ledgers(), h.until, valuePerPoint ?? undefined);
  return report(program, h, valuePerPoint, { months: months.labels, flows, liability, rules, tiers, replayedReturns: replayed, skippedReturns: skipped });
}

/** What a replay counted, for {@link report}. */
export interface ReplayTallies {
  readonly months: readonly string[];
  readonly flows: PointFlows;
  /** The liability at `until` over every replayed ledger (`liabilityReport`). */
  readonly liability: LiabilityReport;
  readonly rules: ReadonlyMap<string, { kind: string; orders: number; points: number }>;
  readonly tiers: ReadonlyMap<string | null, { orders: number; points: number; tierPoints: number }>;
  readonly replayedReturns: number;
  readonly skippedReturns: number;
}

/** The report of one replay from its tallies. */
export function report(program: Program, h: BacktestHistory, valuePerPoint: string | null, t: ReplayTallies): ProgramBacktestReport {
  const worth = (points: number): string | null => pointsWorth(points, valuePerPoint, program.currency);
  const f = t.flows;
  const sum = (list: readonly number[]): number => list.reduce((a, b) => a + b, 0);
  let burnable = 0;
  let pending = 0;
  const months = t.months.map((month, i) => {
    burnable += f.activeDelta[i] as number;
    pending += f.pendingDelta[i] as number;
    return {
      month,
      orders: f.orders[i] as number,
      earningOrders: f.earningOrders[i] as number,
      issued: f.issued[i] as number,
      activated: f.activated[i] as number,
      reversed: f.reversed[i] as number,
      settled: f.settled[i] as number,
      expired: f.expired[i] as number,
      burnable,
      pending,
      outstanding: burnable + pending,
      outstandingValue: worth(burnable + pending),
    };
  });
  const orders = sum(f.orders);
  const earningOrders = sum(f.earningOrders);
  const rules: BacktestRuleCost[] = [...t.rules.entries()]
    .map(([ruleId, r]) => ({ ruleId, kind: r.kind, orders: r.orders, points: r.points, value: worth(r.points) }))
    .sort((a, b) => b.points - a.points || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
  const levelOrder = [null, ...(program.tiers?.levels.map((l) => l.id) ?? [])];
  const tiers: BacktestTierCost[] = [...t.tiers.entries()]
    .sort(([a], [b]) => levelOrder.indexOf(a) - levelOrder.indexOf(b))
    .map(([tierId, x]) => ({ tierId, orders: x.orders, points: x.points, tierPoints: x.tierPoints, value: worth(x.points), tierValue: worth(x.tierPoints) }));
  return {
    programId: program.id,
    currency: program.currency,
    from: h.from,
    until: h.until,
    valuePerPoint,
    totals: {
      orders,
      earningOrders,
      earningShare: orders === 0 ? 0 : earningOrders / orders,
      returns: t.replayedReturns,
      returnsSkipped: t.skippedReturns + h.returnsAfter,
      ordersBefore: h.ordersBefore,
      ordersAfter: h.ordersAfter,
      issued: sum(f.issued),
      activated: sum(f.activated),
      reversed: sum(f.reversed),
      settled: sum(f.settled),
      expired: sum(f.expired),
    },
    months,
    rules,
    tiers,
    liability: t.liability,
  };
}
