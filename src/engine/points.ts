import type { Points } from '../core/points.js';
import type { Adjustment } from '../rules/ledger/adjust.js';
import type { PointsBalance } from '../rules/ledger/balance.js';
import type { LedgerEntry } from '../rules/ledger/entry.js';
import { planTierChange } from '../rules/ledger/adjust.js';
import { tierHistoryFromLedger } from '../rules/ledger/order-context.js';
import type { LedgerState } from '../rules/ledger/state.js';
import { readLedgerState } from './ledger-commit.js';
import { type LiabilityReport, liabilityReport } from '../rules/liability.js';
import { evaluateTier } from '../rules/tiers.js';
import type { EngineContext } from './context.js';
import { type BonusEvent, type BonusResult, awardBonus, settleCustomerReferrals } from './points-bonus.js';
import { type HistoryPageQuery, customerBalance, customerHistory, customerHistoryPage } from './points-customer.js';
import type { LedgerPage } from '../storage/ledger-store.js';
import { type ActivationReport, type ExpiryReport, activatePendingPoints, applyMaintenance, expireAllPoints, forEachLedgerCustomer } from './points-jobs.js';
import { type RecordOrderOptions, type RecordOrderResult, type RecordReturnResult, previewOrder, recordOrder, recordReturn } from './points-orders.js';
import type { OrderEvaluation } from '../rules/evaluation.js';
import { type AdjustmentResult, type RedeemOptions, type RedemptionResult, adjustPoints, redeemPoints, redeemReward } from './points-redemption.js';
import { requireProgram } from './program-lookup.js';
import { type PointsReservation, type PointsReservationEnd, type ReservePointsOptions, commitPoints, releasePoints, reservePoints } from './points-payment.js';
import type { PartnerSettlement } from '../rules/partners.js';
import { type MerchantStatistics, type MerchantStatisticsQuery, merchantStatisticsOf } from './merchant-statistics.js';
import { type PartnerEarning, type PartnerEarningResult, type PartnerRedemptionResult, partnerSettlementOf, recordPartnerEarning, redeemAtPartner } from './partner-points.js';


/**
 * What {@link PointsOperations.recalculateTiers} did.
 *
 * @example
 * ```ts
 * const r: TierReport = await engine.recalculateTiers(new Date());
 * ```
 */
export interface TierReport {
  /** Customers reviewed. */
  readonly customers: number;
  /** Upgrades written. */
  readonly upgrades: number;
  /** Downgrades written. */
  readonly downgrades: number;
  /** Downgrades waiting for their grace period. */
  readonly deferred: number;
}

/**
 * The points operations of the {@link LoyaltyEngine}. Every mutating operation takes an
 * idempotency key (jobs are idempotent by state); each writes one atomic append or nothing.
 *
 * @example
 * ```ts
 * const engine = createLoyaltyEngine({ store: createMemoryStore(), programs: [parseProgram(json)] });
 * await engine.recordOrder(order, { idempotencyKey: `order-${order.id}` });
 * (await engine.balance('c1')).pending;
 * ```
 */
export interface PointsOperations {
  /**
   * Validate, evaluate and record an order: it earns once per order id, whatever the key.
   *
   * @example
   * ```ts
   * await engine.recordOrder(rawOrder, { idempotencyKey: 'order-o1' });
   * ```
   */
  recordOrder(order: unknown, options: RecordOrderOptions): Promise<RecordOrderResult>;
  /**
   * What an order would earn now (ledger as context), recording nothing; with the trace of every rule.
   *
   * @example
   * ```ts
   * const preview = await engine.previewOrder(rawOrder);
   * explainOrder(preview).join('\n');
   * ```
   */
  previewOrder(order: unknown, options?: Omit<RecordOrderOptions, 'idempotencyKey'>): Promise<OrderEvaluation>;
  /**
   * Reverse the returned lines' share of an order's points under the program's return policy.
   *
   * @example
   * ```ts
   * await engine.recordReturn(rawReturn, { idempotencyKey: 'return-r1' });
   * ```
   */
  recordReturn(ret: unknown, options: { readonly idempotencyKey: string }): Promise<RecordReturnResult>;
  /**
   * Burn active points (soonest-expiring first); `INSUFFICIENT_POINTS` when short.
   *
   * @example
   * ```ts
   * await engine.redeemPoints('c1', 500, { idempotencyKey: 'pay-o9', reason: 'payment of order o9' });
   * ```
   */
  redeemPoints(customerId: string, points: Points, options: RedeemOptions): Promise<RedemptionResult>;
  /**
   * Buy a reward of the catalogue; the result carries its effect (discount, product, coupon).
   *
   * @example
   * ```ts
   * const r = await engine.redeemReward('c1', 'five-off', { idempotencyKey: 'rw-1' });
   * ```
   */
  redeemReward(customerId: string, rewardId: string, options: RedeemOptions): Promise<RedemptionResult>;
  /**
   * Reserve points as payment of a checkout: out of the balance at once, back unless committed
   * within `ttl` (default 15 minutes). See `reservePoints`.
   *
   * @example
   * ```ts
   * const held = await engine.reservePoints('c1', 500, { checkoutId: 'chk-9', idempotencyKey: 'pay-chk-9' });
   * ```
   */
  reservePoints(customerId: string, points: Points, options: ReservePointsOptions): Promise<PointsReservation>;
  /**
   * Commit a checkout's points reservation to the order it paid (returns give back their share).
   *
   * @example
   * ```ts
   * await engine.commitPoints('c1', 'chk-9', { order: rawOrder, idempotencyKey: 'paid-o9' });
   * ```
   */
  commitPoints(customerId: string, checkoutId: string, options: { readonly order: unknown; readonly idempotencyKey: string }): Promise<PointsReservationEnd>;
  /**
   * Release a checkout's points reservation: the points go back to their lots.
   *
   * @example
   * ```ts
   * await engine.releasePoints('c1', 'chk-9', { idempotencyKey: 'cancel-chk-9' });
   * ```
   */
  releasePoints(customerId: string, checkoutId: string, options: { readonly idempotencyKey: string }): Promise<PointsReservationEnd>;
  /**
   * Correct a balance by hand with a reason and an actor.
   *
   * @example
   * ```ts
   * await engine.adjustPoints('c1', { points: 25, reason: 'parcel lost', actor: 'agent:maria' }, { idempotencyKey: 'adj-1' });
   * ```
   */
  adjustPoints(customerId: string, adjustment: Adjustment, options: { readonly idempotencyKey: string }): Promise<AdjustmentResult>;
  /**
   * Pay a signup, birthday or other bonus once per customer, kind and reference.
   *
   * @example
   * ```ts
   * await engine.awardBonus({ kind: 'signup', customerId: 'c1' }, { idempotencyKey: 'signup-c1' });
   * ```
   */
  awardBonus(event: BonusEvent, options: { readonly idempotencyKey: string }): Promise<BonusResult>;
  /**
   * Job: mark pending points whose return window ended as active, settle debt, and pay the
   * referrals whose referee's first order was kept. Idempotent.
   *
   * @example
   * ```ts
   * await engine.activatePending(new Date());
   * ```
   */
  activatePending(now: Date): Promise<ActivationReport & { readonly referralsPaid: number }>;
  /**
   * Job: expire what is left of lots past their `expiresAt`. Idempotent.
   *
   * @example
   * ```ts
   * await engine.expirePoints(new Date());
   * ```
   */
  expirePoints(now: Date): Promise<ExpiryReport>;
  /**
   * Credit points earned at a coalition partner (units × the partner's `earnRate`), once per
   * partner reference, with the partner's terms in the ledger (see `recordPartnerEarning`).
   *
   * @example
   * ```ts
   * await engine.recordPartnerEarning({ customerId: 'c1', partnerId: 'airline', units: 1500, at: '2026-03-02T10:00:00Z', reference: 'LH123' }, { idempotencyKey: 'airline-LH123' });
   * ```
   */
  recordPartnerEarning(earning: PartnerEarning, options: { readonly idempotencyKey: string }): Promise<PartnerEarningResult>;
  /**
   * Redeem points at a coalition partner for its units (points × `redeemRate`), by the balance guard.
   *
   * @example
   * ```ts
   * await engine.redeemAtPartner({ customerId: 'c1', partnerId: 'airline', points: 1000 }, { idempotencyKey: 'miles-1' });
   * ```
   */
  redeemAtPartner(
    redemption: { readonly customerId: string; readonly partnerId: string; readonly points: Points; readonly programId?: string },
    options: { readonly idempotencyKey: string },
  ): Promise<PartnerRedemptionResult>;
  /**
   * What the program and a partner owe each other for `[from, until)`, read from the store.
   *
   * @example
   * ```ts
   * await engine.partnerSettlement({ partner: 'airline', from: new Date('2026-03-01T00:00:00+01:00'), until: new Date('2026-04-01T00:00:00+02:00') });
   * ```
   */
  partnerSettlement(query: { readonly partner: string; readonly from: Date; readonly until: Date; readonly programId?: string }): Promise<PartnerSettlement>;
  /**
   * A shop's statistics for `[from, until)`, read from the store: members active and new,
   * points issued/activated/burned/expired/reversed per month of the program zone, breakage and
   * redemption rates, stamp cards filled and the time they took, tiers at each month's end,
   * coupon redemption per campaign (see `merchantStatisticsOf`, `ledgerStatistics`).
   *
   * @example
   * ```ts
   * const s = await engine.merchantStatistics({ from: new Date('2026-01-01T00:00:00+01:00'), until: new Date('2026-04-01T00:00:00+02:00') });
   * s.redemption.value; // '0.4000'
   * ```
   */
  merchantStatistics(query: MerchantStatisticsQuery): Promise<MerchantStatistics>;
  /**
   * Job: review every customer's tier (default program): upgrades at once, downgrades at the
   * end of a review period after the grace period. Idempotent.
   *
   * @example
   * ```ts
   * await engine.recalculateTiers(new Date());
   * ```
   */
  recalculateTiers(now: Date): Promise<TierReport>;
  /**
   * The balance now (or at `at`): active, pending, debt, next expiry, lifetime, tier.
   *
   * @example
   * ```ts
   * const { active, pending, nextExpiry } = await engine.balance('c1');
   * ```
   */
  balance(customerId: string, at?: Date): Promise<PointsBalance>;
  /**
   * The ledger entries, oldest first.
   *
   * @example
   * ```ts
   * const entries = await engine.history('c1');
   * ```
   */
  history(customerId: string): Promise<readonly LedgerEntry[]>;
  /**
   * One page of the ledger entries, oldest first, read from the store a page at a time:
   * `next` only when more follow (pass it as `after`); `limit` 1…1,000, 100 by default. An
   * unknown customer gives an empty page.
   *
   * @example
   * ```ts
   * const first = await engine.historyPage('c1', { limit: 50 });
   * const second = first.next === undefined ? undefined : await engine.historyPage('c1', { after: first.next, limit: 50 });
   * ```
   */
  historyPage(customerId: string, page?: HistoryPageQuery): Promise<LedgerPage>;
  /**
   * The liability over every ledger at `at` (now by default): outstanding points, their value
   * (the program's `pointsPayment.valuePerPoint`), expiry per local month.
   *
   * @example
   * ```ts
   * const report = await engine.liability();
   * report.value; // '1234.56'
   * ```
   */
  liability(at?: Date, programId?: string): Promise<LiabilityReport>;
}

async function recalculateTiers(ctx: EngineContext, now: Date): Promise<TierReport> {
  const program = requireProgram(ctx, undefined);
  let upgrades = 0;
  let downgrades = 0;
  let deferred = 0;
  const customers = await forEachLedgerCustomer(ctx, async (customerId) => {
    let pending = false;
    const written = await applyMaintenance(ctx, customerId, (state) => {
      if (program.tiers === undefined) return [];
      const decision = evaluateTier(program, tierHistoryFromLedger(state), now);
      pending = decision.pendingDowngrade !== undefined;
      const target = decision.tierId === '' ? null : decision.tierId;
      if (target === state.tierId) return [];
      const entry = planTierChange(state, target, `${decision.change}: ${decision.reason}`, { customerId, at: now, newId: ctx.ids });
      return entry === undefined ? [] : [entry];
    });
    if (pending) deferred += 1;
    for (const e of written) {
      if (e.kind !== 'tier') continue;
      if (e.reason.startsWith('downgrade')) downgrades += 1;
      else upgrades += 1;
    }
  });
  return { customers, upgrades, downgrades, deferred };
}

/**
 * Build the points operations over an engine context.
 *
 * @example
 * ```ts
 * const ops = pointsOperations(ctx);
 * ```
 */
export function pointsOperations(ctx: EngineContext): PointsOperations {
  return {
    recordOrder: (order, options) => recordOrder(ctx, order, options),
    previewOrder: (order, options) => previewOrder(ctx, order, options ?? {}),
    recordReturn: (ret, options) => recordReturn(ctx, ret, options),
    redeemPoints: (customerId, points, options) => redeemPoints(ctx, customerId, points, options),
    redeemReward: (customerId, rewardId, options) => redeemReward(ctx, customerId, rewardId, options),
    reservePoints: (customerId, points, options) => reservePoints(ctx, customerId, points, options),
    commitPoints: (customerId, checkoutId, options) => commitPoints(ctx, customerId, checkoutId, options),
    releasePoints: (customerId, checkoutId, options) => releasePoints(ctx, customerId, checkoutId, options),
    adjustPoints: (customerId, adjustment, options) => adjustPoints(ctx, customerId, adjustment, options),
    awardBonus: (event, options) => awardBonus(ctx, event, options),
    activatePending: async (now) => {
      const report = await activatePendingPoints(ctx, now);
      let referralsPaid = 0;
      await forEachLedgerCustomer(ctx, async (customerId) => {
        referralsPaid += await settleCustomerReferrals(ctx, customerId, now);
      });
      return { ...report, referralsPaid };
    },
    expirePoints: (now) => expireAllPoints(ctx, now),
    recordPartnerEarning: (earning, options) => recordPartnerEarning(ctx, earning, options),
    redeemAtPartner: (redemption, options) => redeemAtPartner(ctx, redemption, options),
    partnerSettlement: (query) => partnerSettlementOf(ctx, query),
    merchantStatistics: (query) => merchantStatisticsOf(ctx, query),
    recalculateTiers: (now) => recalculateTiers(ctx, now),
    balance: (customerId, at) => customerBalance(ctx, customerId, at),
    history: (customerId) => customerHistory(ctx, customerId),
    historyPage: (customerId, page) => customerHistoryPage(ctx, customerId, page),
    liability: async (at, programId) => {
      const program = requireProgram(ctx, programId);
      const states: LedgerState[] = [];
      await forEachLedgerCustomer(ctx, async (customerId) => {
        states.push((await readLedgerState(ctx, { customerId })).state);
      });
      return liabilityReport(program, states, at ?? ctx.clock.now());
    },
  };
}
