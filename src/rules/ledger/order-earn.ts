import { currencyExponent } from '../../core/currency.js';
import { decimalToMinorUnits, minorUnitsToDecimal } from '../../core/money.js';
import type { Order } from '../../core/schemas.js';
import type { OrderEvaluation } from '../evaluation.js';
import { expiresAt, pendingUntil } from '../lifecycle.js';
import type { Program } from '../program.js';
import { planTierChange } from './adjust.js';
import type { EarnEntry, EntryStamp, LineAttribution, PaidLine, ReferralTerms, SettleEntry, StampsEarned, TierEntry } from './entry.js';
import { planSettlement } from './maintenance.js';
import { type LedgerState, applyEntry } from './state.js';

/**
 * The entries one evaluated order adds to its customer's ledger (see {@link planOrderEarn}).
 *
 * @example
 * ```ts
 * const planned: PlannedOrderEarn = planOrderEarn(program, state, order, evaluation, stamp);
 * planned.earn.points; // 48
 * ```
 */
export interface PlannedOrderEarn {
  /** The order's lot: its points, pending until the return window ends, per-line attribution. */
  readonly earn: EarnEntry;
  /** Debt paid off from the new points when they are active at once. */
  readonly settle: SettleEntry | undefined;
  /** The tier upgrade the order causes (not applied to the state: append it with the others). */
  readonly tierChange: TierEntry | undefined;
  /** The referral the first order carries, paid once the order is kept past its return window. */
  readonly referral: ReferralTerms | undefined;
}

/**
 * Each line's amount net of its discount (never below zero), in minor units: what a points
 * payment's refunds are measured by. The order was parsed, so every price parses.
 *
 * @example
 * ```ts
 * paidLines(parseOrder(raw)); // [{ lineId: 'l1', quantity: 2, amount: 2500 }, …]
 * ```
 */
export function paidLines(order: Order): PaidLine[] {
  const exponent = currencyExponent(order.currency);
  return order.lines.map((l) => {
    const gross = (decimalToMinorUnits(l.unitPrice, exponent) ?? 0) * l.quantity;
    return { lineId: l.id, quantity: l.quantity, amount: Math.max(0, gross - (l.discount === undefined ? 0 : (decimalToMinorUnits(l.discount, exponent) ?? 0))) };
  });
}

/** The order's amount net of line discounts, as a decimal string. */
function netAmount(order: Order): string {
  return minorUnitsToDecimal(paidLines(order).reduce((s, l) => s + l.amount, 0), currencyExponent(order.currency));
}

function tierRank(program: Program, tierId: string | null): number {
  if (tierId === null || program.tiers === undefined) return -1;
  return program.tiers.levels.findIndex((l) => l.id === tierId);
}

/**
 * Plan the entries of one evaluated order: its lot (pending until the return window ends,
 * expiring by the program's `expiry`), a settlement of debt when the points are active at once,
 * and a tier upgrade (upgrades are immediate; downgrades wait for a tier review). `dates` are
 * the lot's `pendingUntil` and `expiresAt` of `order.placedAt` (a caller that has them passes
 * them; computed otherwise). The earn and
 * settle entries are applied to `state` as they are planned; the tier change is returned for the
 * caller to append (and apply) with them.
 *
 * @example
 * ```ts
 * const ev = evaluateOrder(program, order, evaluationContextFromLedger(program, state, { now, at: order.placedAt, customerId: order.customerId }));
 * const { earn, settle, tierChange } = planOrderEarn(program, state, order, ev, { customerId: order.customerId, at: order.placedAt, newId });
 * ```
 */
export function planOrderEarn(
  program: Program,
  state: LedgerState,
  order: Order,
  ev: OrderEvaluation,
  stamp: EntryStamp,
  dates: { readonly activatesAt: Date; readonly expiresAt: Date | null } = { activatesAt: pendingUntil(program, order.placedAt), expiresAt: expiresAt(program, order.placedAt) },
): PlannedOrderEarn {
  const lines: LineAttribution[] = ev.lines.map((l) => {
    const quantity = order.lines.find((ol) => ol.id === l.lineId)?.quantity ?? 1;
    const byRule: Record<string, number> = {};
    for (const r of l.byRule) byRule[r.ruleId] = r.points;
    return { lineId: l.lineId, quantity, points: l.points, byRule };
  });
  const payout = ev.referrals[0];
  const referral: ReferralTerms | undefined =
    payout === undefined ? undefined : { ruleId: payout.ruleId, referrerId: payout.referrerId, referrerPoints: payout.referrerPoints, refereePoints: payout.refereePoints };
  const stamps = ev.stamps.length === 0 ? undefined : Object.fromEntries(ev.stamps.map((s) => [s.ruleId, s.after]));
  const stampCards: StampsEarned[] = ev.stamps.filter((s) => s.added > 0).map((s) => ({ ruleId: s.ruleId, per: s.per, added: s.added, lines: s.lines }));
  const earn: EarnEntry = {
    kind: 'earn',
    id: stamp.newId(),
    customerId: order.customerId,
    at: order.placedAt,
    points: ev.totalPoints,
    activatesAt: dates.activatesAt,
    expiresAt: dates.expiresAt,
    source: {
      type: 'order',
      orderId: order.id,
      programId: program.id,
      lines,
      amount: netAmount(order),
      ...(stamps !== undefined ? { stamps } : {}),
      ...(stampCards.length > 0 ? { stampCards } : {}),
      ...(referral !== undefined ? { referral } : {}),
      ...(ev.bonusConditions.length > 0 ? { bonusConditions: ev.bonusConditions } : {}),
    },
  };
  const before = state.tierId;
  applyEntry(state, earn);
  const settle = planSettlement(state, stamp);
  if (settle !== undefined) applyEntry(state, settle);
  const reached = ev.tierProgress?.reachedTierId;
  const tierChange =
    reached !== undefined && reached !== '' && tierRank(program, reached) > tierRank(program, before)
      ? planTierChange(state, reached, `qualifying ${ev.tierProgress?.basis ?? ''} reached ${ev.tierProgress?.qualifyingAfter ?? ''} with order ${order.id}`, stamp)
      : undefined;
  return { earn, settle, tierChange, referral };
}
