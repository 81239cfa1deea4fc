// A straightforward replay of a history through a program, for checking the backtest's
// optimised replay: the rules' own functions for every order (evaluationContextFromLedger with
// its own tier qualifying value, evaluateTier for every downgrade, planOrderEarn with
// pendingUntil / expiresAt of each order), every order track and all activity kept, no memo,
// no pruning, no shortcut. The flows per month are booked with the same PointFlows.
import type { Customer, Order, Return } from '../../src/core/schemas.js';
import { evaluateOrder } from '../../src/rules/evaluate-order.js';
import type { EvaluationCustomer, RuleUsage } from '../../src/rules/evaluation.js';
import { planTierChange } from '../../src/rules/ledger/adjust.js';
import type { EntryStamp, LotAllocation } from '../../src/rules/ledger/entry.js';
import { evaluationContextFromLedger, tierHistoryFromLedger } from '../../src/rules/ledger/order-context.js';
import { planOrderEarn } from '../../src/rules/ledger/order-earn.js';
import { planReversal } from '../../src/rules/ledger/reversal.js';
import { type LedgerState, applyEntry, emptyLedgerState } from '../../src/rules/ledger/state.js';
import { parseProgram } from '../../src/rules/parse-program.js';
import type { ProgramBacktestReport } from '../../src/rules/backtest/backtest-report.js';
import { monthCalendar } from '../../src/rules/backtest/month-calendar.js';
import { PointFlows } from '../../src/rules/backtest/point-flows.js';
import type { BacktestHistory } from '../../src/rules/backtest/replay-program.js';
import { report } from '../../src/rules/backtest/replay-program.js';
import { liabilityReport } from '../../src/rules/liability.js';
import { evaluateTier } from '../../src/rules/tiers.js';

export interface ReferenceInput {
  readonly program: unknown;
  readonly orders: readonly Order[];
  readonly returns?: readonly Return[];
  readonly customers?: readonly Customer[];
  readonly from: Date;
  readonly until: Date;
}

const byTime = <T>(items: readonly T[], t: (x: T) => number): T[] => items.map((x, i) => ({ x, i })).sort((a, b) => t(a.x) - t(b.x) || a.i - b.i).map((e) => e.x);

/** The backtest report of `input.program`, replayed the slow and obvious way. */
export function referenceReplay(input: ReferenceInput): ProgramBacktestReport {
  const program = parseProgram(input.program);
  const from = input.from.getTime();
  const until = input.until.getTime();
  const before = new Map<string, { count: number; first: Date }>();
  for (const o of input.orders) {
    if (o.placedAt.getTime() >= from) continue;
    const prior = before.get(o.customerId) ?? { count: 0, first: o.placedAt };
    prior.count += 1;
    if (o.placedAt.getTime() < prior.first.getTime()) prior.first = o.placedAt;
    before.set(o.customerId, prior);
  }
  const orders = byTime(input.orders.filter((o) => o.placedAt.getTime() >= from && o.placedAt.getTime() <= until), (o) => o.placedAt.getTime());
  const returns = byTime(
    (input.returns ?? []).map((ret, index) => ({ ret, index })).filter((r) => r.ret.at.getTime() <= until),
    (r) => r.ret.at.getTime(),
  );
  const facts = new Map<string, Partial<EvaluationCustomer>>();
  for (const c of input.customers ?? []) {
    facts.set(c.id, { joinedAt: c.joinedAt, attributes: c.attributes, ...(c.birthDate !== undefined ? { birthDate: c.birthDate } : {}), ...(c.timeZone !== undefined ? { timeZone: c.timeZone } : {}) });
  }
  const h: BacktestHistory = {
    orders,
    returns,
    before,
    ordersBefore: input.orders.filter((o) => o.placedAt.getTime() < from).length,
    ordersAfter: input.orders.filter((o) => o.placedAt.getTime() > until).length,
    returnsAfter: (input.returns ?? []).filter((r) => r.at.getTime() > until).length,
    customers: facts,
    returned: new Set(returns.map((r) => r.ret.orderId)),
    from: input.from,
    until: input.until,
  };

  const months = monthCalendar(input.from, input.until, program.timeZone);
  const flows = new PointFlows(months, input.until);
  const states = new Map<string, LedgerState>();
  const owner = new Map<string, string>();
  const rules = new Map<string, { kind: string; orders: number; points: number }>();
  const tiers = new Map<string | null, { orders: number; points: number; tierPoints: number }>();
  const spent: Record<string, number> = {};
  let seq = 0;
  const newId = (): string => `b${(seq += 1)}`;
  const debit = (state: LedgerState, allocations: readonly LotAllocation[], t: number, as: 'reversed' | 'settled'): void => {
    for (const a of allocations) {
      const lot = state.lotById.get(a.lotId);
      if (lot !== undefined) flows.debit(lot, a.points, t, as);
    }
  };

  const replayOrder = (order: Order): void => {
    const state = states.get(order.customerId) ?? emptyLedgerState();
    states.set(order.customerId, state);
    owner.set(order.id, order.customerId);
    const at = order.placedAt;
    const stamp: EntryStamp = { customerId: order.customerId, at, newId };
    if (program.tiers !== undefined) {
      const decision = evaluateTier(program, tierHistoryFromLedger(state), at);
      if (decision.change === 'downgrade') {
        const entry = planTierChange(state, decision.tierId === '' ? null : decision.tierId, decision.reason, { ...stamp, at: decision.effectiveAt });
        if (entry !== undefined) applyEntry(state, entry);
      }
    }
    const prior = before.get(order.customerId);
    const known = facts.get(order.customerId);
    const customer = prior === undefined || known?.joinedAt !== undefined ? known : { ...known, joinedAt: prior.first };
    let context = evaluationContextFromLedger(program, state, { now: at, at, customerId: order.customerId, customer });
    if (prior !== undefined && context.customer !== undefined) {
      const first = state.firstOrderAt === null || prior.first.getTime() < state.firstOrderAt.getTime() ? prior.first : state.firstOrderAt;
      context = { ...context, customer: { ...context.customer, stats: { orderCount: prior.count + state.orderCount, firstOrderAt: first } } };
    }
    const budgeted = program.earnRules.filter((r) => r.caps?.budget !== undefined);
    if (budgeted.length > 0) {
      const usage: Record<string, RuleUsage> = { ...context.usage };
      for (const r of budgeted) usage[r.id] = { ...usage[r.id], budget: spent[r.id] ?? 0 };
      context = { ...context, usage };
    }
    const ev = evaluateOrder(program, order, context);
    const { earn, settle, tierChange } = planOrderEarn(program, state, order, ev, stamp);
    if (tierChange !== undefined) applyEntry(state, tierChange);
    const t = at.getTime();
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
      spent[award.ruleId] = (spent[award.ruleId] ?? 0) + award.points;
    }
    const tierId = context.customer?.tier ?? null;
    const tier = tiers.get(tierId) ?? { orders: 0, points: 0, tierPoints: 0 };
    tier.orders += 1;
    tier.points += ev.totalPoints;
    for (const award of ev.byRule) if (tierId !== null && award.ruleId === `tier:${tierId}`) tier.tierPoints += award.points;
    tiers.set(tierId, tier);
  };

  let replayed = 0;
  let skipped = 0;
  const replayReturn = ({ ret }: { ret: Return }): void => {
    const customerId = owner.get(ret.orderId);
    const state = customerId === undefined ? undefined : states.get(customerId);
    if (customerId === undefined || state === undefined) {
      skipped += 1;
      return;
    }
    const entry = planReversal(state, ret.orderId, ret.id, ret.lines, program.returnPolicy, { customerId, at: ret.at, newId }, program.bonusReturnPolicy);
    debit(state, entry.allocations, ret.at.getTime(), 'reversed');
    applyEntry(state, entry);
    replayed += 1;
  };

  // every event in time order, an order before a return at the same instant
  const events = byTime(
    [...orders.map((o) => ({ t: o.placedAt.getTime(), o })), ...returns.map((r) => ({ t: r.ret.at.getTime(), r }))],
    (e) => e.t,
  ).sort((a, b) => a.t - b.t || ('o' in a ? 0 : 1) - ('o' in b ? 0 : 1));
  for (const e of events) {
    if ('o' in e) replayOrder(e.o);
    else replayReturn(e.r);
  }
  const vpp = program.pointsPayment?.valuePerPoint ?? null;
  const liability = liabilityReport(program, states.values(), input.until, vpp ?? undefined);
  return report(program, h, vpp, { months: months.labels, flows, liability, rules, tiers, replayedReturns: replayed, skippedReturns: skipped });
}
