import { Decimal } from '../../core/decimal.js';
import type { EvaluationContext, EvaluationCustomer, RuleUsage } from '../evaluation.js';
import { capWindow } from '../lifecycle.js';
import type { Program } from '../program.js';
import { type TierActivity, type TierHistory, evaluateTier } from '../tiers.js';
import type { LedgerState } from './state.js';

/**
 * What the ledger knows about past orders, for the evaluation of a new one.
 *
 * @example
 * ```ts
 * const past: OrderHistoryFacts = orderHistoryFacts(state);
 * past.orderCount; // 3
 * ```
 */
export interface OrderHistoryFacts {
  /** Orders recorded before. */
  readonly orderCount: number;
  /** When the first of them was placed (recorded). */
  readonly firstOrderAt: Date | undefined;
}

/**
 * Count the orders in a ledger and find the first one.
 *
 * @example
 * ```ts
 * orderHistoryFacts(deriveLedger(entries)).orderCount;
 * ```
 */
export function orderHistoryFacts(state: LedgerState): OrderHistoryFacts {
  return { orderCount: state.orderCount, firstOrderAt: state.firstOrderAt ?? undefined };
}

function within(at: Date, from: Date, to: Date): boolean {
  return at.getTime() >= from.getTime() && at.getTime() <= to.getTime();
}

/**
 * Points each capped earn rule already awarded this customer, less what returns took back
 * from it (a return gives its cap room back); empty when no rule has caps: in the local day of `at`, in the rule's `caps.perPeriod` window containing
 * `at`, and ever. `budget` (all customers) is not known to one ledger and is left out.
 *
 * @example
 * ```ts
 * ruleUsage(program, state, order.placedAt)['weekend-bonus']; // { day: 50, period: 50, customer: 400 }
 * ```
 */
export function ruleUsage(program: Program, state: LedgerState, at: Date): Record<string, RuleUsage> {
  const capped = program.earnRules.filter((r) => r.caps !== undefined);
  if (capped.length === 0) return {};
  const day = capped.some((r) => r.caps?.perDay !== undefined) ? capWindow(program, at, 'day') : { from: at, to: new Date(at.getTime() - 1) };
  const periods = new Map(program.earnRules.flatMap((r) => (r.caps?.perPeriod === undefined ? [] : [[r.id, capWindow(program, at, r.caps.perPeriod.period)] as const])));
  const usage: Record<string, { day: number; period: number; customer: number }> = {};
  for (const ruleId in state.ruleTotals) usage[ruleId] = { day: 0, period: 0, customer: state.ruleTotals[ruleId] ?? 0 };
  for (const order of state.activity) {
    for (const ruleId in order.byRule) {
      const points = order.byRule[ruleId] ?? 0;
      const u = (usage[ruleId] ??= { day: 0, period: 0, customer: 0 });
      if (within(order.at, day.from, day.to)) u.day += points;
      const w = periods.get(ruleId);
      if (w !== undefined && within(order.at, w.from, w.to)) u.period += points;
    }
  }
  return usage;
}

/**
 * Stamps on the current card of each stamp-card rule: the count the latest order left.
 *
 * @example
 * ```ts
 * stampCounts(state); // { 'coffee-card': 8 }
 * ```
 */
export function stampCounts(state: LedgerState): Record<string, number> {
  return { ...state.stamps };
}

/**
 * The tier qualifying value at `at` (points or spend in the tier window, from the ledger's
 * orders, see {@link tierHistoryFromLedger}), as `evaluateTier` computes it; `undefined`
 * without tiers.
 *
 * @example
 * ```ts
 * tierQualifying(program, state, new Date()); // '960'
 * ```
 */
export function tierQualifying(program: Program, state: LedgerState, at: Date): string | undefined {
  if (program.tiers === undefined) return undefined;
  return evaluateTier(program, tierHistoryFromLedger(state), at).qualifyingValue;
}

/**
 * The evaluation context of a new order from the customer's ledger: tier, order statistics,
 * rule usage for caps, stamp cards, tier qualifying value. `customer` adds what the ledger
 * does not hold (join date, birth date, attributes, referrer).
 *
 * @example
 * ```ts
 * const context = evaluationContextFromLedger(program, state, { now, at: order.placedAt, customerId: 'c1' });
 * evaluateOrder(program, order, context);
 * ```
 */
export function evaluationContextFromLedger(
  program: Program,
  state: LedgerState,
  input: {
    readonly now: Date;
    readonly at: Date;
    readonly customerId: string;
    readonly customer?: Partial<EvaluationCustomer> | undefined;
    /** The tier qualifying value at `at` when the caller keeps it (a backtest does): skips {@link tierQualifying}. */
    readonly tierQualifying?: string | undefined;
  },
): EvaluationContext {
  const history = orderHistoryFacts(state);
  const customer: EvaluationCustomer = {
    joinedAt: input.customer?.joinedAt ?? state.firstLotAt ?? input.at,
    ...input.customer,
    id: input.customerId,
    ...(state.tierId !== null ? { tier: state.tierId } : {}),
    stats: history.firstOrderAt === undefined ? { orderCount: history.orderCount } : { orderCount: history.orderCount, firstOrderAt: history.firstOrderAt },
  };
  const qualifying = input.tierQualifying ?? tierQualifying(program, state, input.at);
  return {
    now: input.now,
    customer,
    usage: ruleUsage(program, state, input.at),
    stamps: stampCounts(state),
    ...(qualifying !== undefined ? { tierQualifying: qualifying } : {}),
  };
}

/**
 * The tier history `evaluateTier` needs, from a ledger: the current tier and since when, and
 * one activity per order (points kept and net spend kept after its returns, both counted at
 * the order's time).
 *
 * @example
 * ```ts
 * const decision = evaluateTier(program, tierHistoryFromLedger(state), now);
 * ```
 */
export function tierHistoryFromLedger(state: LedgerState): TierHistory {
  const activity: TierActivity[] = [];
  for (const order of state.activity) {
    const amount = order.amount;
    let spend: string | undefined;
    if (amount !== undefined) {
      const decimals = amount.includes('.') ? amount.length - amount.indexOf('.') - 1 : 0;
      spend = order.units === 0 ? '0' : new Decimal(amount).times(order.units - order.returnedUnits).div(order.units).toFixed(decimals, Decimal.ROUND_DOWN);
    }
    activity.push({ at: order.at, points: order.points - order.reversed, ...(spend !== undefined ? { spend } : {}) });
  }
  return {
    ...(state.tierId !== null ? { currentTierId: state.tierId } : {}),
    ...(state.tierSince !== null ? { since: state.tierSince } : {}),
    activity,
  };
}
