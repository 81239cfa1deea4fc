import { FidelisError } from '../core/errors.js';
import type { Points } from '../core/points.js';
import { type Order, type Return, parseCustomer, parseOrder, parseReturn } from '../core/schemas.js';
import { evaluateOrder } from '../rules/evaluate-order.js';
import type { CouponToIssue, EvaluationCustomer, OrderEvaluation, ReferralRefused, RewardUnlocked, RuleAward, StampProgress } from '../rules/evaluation.js';
import { balanceAt } from '../rules/ledger/balance.js';
import type { BonusReversal, EntryStamp, LedgerEntry, LineAttribution, ReferralTerms } from '../rules/ledger/entry.js';
import { evaluationContextFromLedger } from '../rules/ledger/order-context.js';
import { storedSegment, withSegment } from './customer-segment.js';
import { planRefund } from '../rules/ledger/payment.js';
import { planReversal } from '../rules/ledger/reversal.js';
import { type LedgerState, applyEntry } from '../rules/ledger/state.js';
import { planOrderEarn } from '../rules/ledger/order-earn.js';
import type { Program } from '../rules/program.js';
import { parseReferrer } from '../rules/referral.js';
import type { EngineContext } from './context.js';
import { type CommitStatus, commitToLedger, readLedgerState } from './ledger-commit.js';
import { budgetKey, budgetedRules, withBudgetUsage } from './points-budgets.js';
import { requireProgram } from './program-lookup.js';
import { evaluationEvents } from './events/evaluation-events.js';
import { type CouponIssued, drawRuleCoupons, prepareRuleCoupons } from './rule-coupons.js';

/**
 * Options of `recordOrder`.
 *
 * @example
 * ```ts
 * const o: RecordOrderOptions = { idempotencyKey: 'order-o1', customer: { id: 'c1', joinedAt: '2025-01-01T00:00:00Z' } };
 * ```
 */
export interface RecordOrderOptions {
  /** Required: a repeat returns the first result and earns nothing. */
  readonly idempotencyKey: string;
  /** The program to evaluate with (the default program otherwise). */
  readonly programId?: string;
  /** The customer as `parseCustomer` accepts it (join date, birth date, attributes): customer facts of the rules. */
  readonly customer?: unknown;
  /** Who referred the customer (referral rules pay on the first order). */
  readonly referredBy?: string;
  /** What is known of the `referredBy` customer, as `parseReferrer` accepts it: contact hashes and who referred them (same-person and loop referrals are refused). */
  readonly referrer?: unknown;
}

/**
 * What recording an order did. Dates are ISO strings (the result is stored for replays as JSON).
 *
 * @example
 * ```ts
 * const r: RecordOrderResult = await engine.recordOrder(order, { idempotencyKey: 'order-o1' });
 * r.points; // 48
 * ```
 */
export interface RecordOrderResult {
  /** `applied`; `replayed` for a repeated key; `duplicate` when the order id was already recorded under another key. */
  readonly status: CommitStatus;
  /** The order. */
  readonly orderId: string;
  /** Its customer. */
  readonly customerId: string;
  /** The program used. */
  readonly programId: string;
  /** Points earned. */
  readonly points: Points;
  /** When they become spendable (ISO). */
  readonly activatesAt: string;
  /** When they expire (ISO), or `null`. */
  readonly expiresAt: string | null;
  /** Points per line (what returns reverse). */
  readonly lines: readonly LineAttribution[];
  /** The bonus rules that awarded points. */
  readonly bonuses: readonly RuleAward[];
  /** Stamp-card progress. */
  readonly stamps: readonly StampProgress[];
  /** Rewards unlocked by filled cards (for the caller to deliver). */
  readonly rewardsUnlocked: readonly RewardUnlocked[];
  /** Coupons the `issue-coupon` rules asked for. */
  readonly couponsToIssue: readonly CouponToIssue[];
  /** The codes issued for them: single-use, assigned to the customer, stored with the order. */
  readonly couponsIssued: readonly CouponIssued[];
  /** A tier upgrade this order caused. */
  readonly tierChange?: { readonly from: string | null; readonly to: string };
  /** A referral scheduled by this first order (paid when kept past `activatesAt`). */
  readonly referral?: ReferralTerms;
  /** A referral refused (same person on both sides, or a loop), and why. */
  readonly referralRefused?: ReferralRefused;
}

/**
 * What recording a return did.
 *
 * @example
 * ```ts
 * const r: RecordReturnResult = await engine.recordReturn(ret, { idempotencyKey: 'return-r1' });
 * r.pointsReversed; // 39
 * ```
 */
export interface RecordReturnResult {
  /** `applied`, `replayed` or `duplicate` (the same return id under another key). */
  readonly status: CommitStatus;
  /** The return. */
  readonly returnId: string;
  /** Its order. */
  readonly orderId: string;
  /** The customer. */
  readonly customerId: string;
  /** Points taken back (debt included). */
  readonly pointsReversed: Points;
  /** Per returned line: units and points due back. */
  readonly lines: readonly LineAttribution[];
  /** Order-level bonus points taken back, and why (the program's `bonusReturnPolicy`). */
  readonly bonuses: readonly BonusReversal[];
  /** Points clawed back below zero. */
  readonly debt: Points;
  /** Points due back but forgiven by the return policy. */
  readonly forgiven: Points;
  /** Points the order was paid with that the return gives back (its share, see `planRefund`). */
  readonly pointsRefunded: Points;
  /** Stamps taken off each stamp card (see `stampsBack`); `{}` when none. */
  readonly stampsBack: Readonly<Record<string, number>>;
  /** Active balance right after. */
  readonly activeAfter: Points;
}

/**
 * Plan the entries of one evaluated order (see `planOrderEarn`): its lot, a debt settlement if
 * the points are active at once, and a tier upgrade; with the result `recordOrder` returns.
 *
 * @example
 * ```ts
 * const { entries, result } = planOrderEntries(program, state, order, evaluation, stamp);
 * ```
 */
export function planOrderEntries(
  program: Program,
  state: LedgerState,
  order: Order,
  ev: OrderEvaluation,
  stamp: EntryStamp,
): { entries: LedgerEntry[]; result: Omit<RecordOrderResult, 'status' | 'couponsIssued'> } {
  const before = state.tierId;
  const { earn, settle, tierChange: change, referral } = planOrderEarn(program, state, order, ev, stamp);
  const entries: LedgerEntry[] = [earn];
  if (settle !== undefined) entries.push(settle);
  if (change !== undefined) entries.push(change);
  const refused = ev.referralsRefused[0];
  const lines = earn.source.type === 'order' ? earn.source.lines : [];
  return {
    entries,
    result: {
      orderId: order.id,
      customerId: order.customerId,
      programId: program.id,
      points: ev.totalPoints,
      activatesAt: earn.activatesAt.toISOString(),
      expiresAt: earn.expiresAt === null ? null : earn.expiresAt.toISOString(),
      lines,
      bonuses: ev.bonuses,
      stamps: ev.stamps,
      rewardsUnlocked: ev.rewardsUnlocked,
      couponsToIssue: ev.couponsToIssue,
      ...(change !== undefined && change.tierId !== null ? { tierChange: { from: before, to: change.tierId } } : {}),
      ...(referral !== undefined ? { referral } : {}),
      ...(refused !== undefined ? { referralRefused: refused } : {}),
    },
  };
}

function customerInput(raw: unknown, referredBy: string | undefined, referrer: unknown): Partial<EvaluationCustomer> | undefined {
  if (raw === undefined && referredBy === undefined) return undefined;
  const c = raw === undefined ? undefined : parseCustomer(raw);
  return {
    ...(c !== undefined ? { joinedAt: c.joinedAt, attributes: c.attributes } : {}),
    ...(c?.birthDate !== undefined ? { birthDate: c.birthDate } : {}),
    ...(c?.timeZone !== undefined ? { timeZone: c.timeZone } : {}),
    ...(c?.emailHash !== undefined ? { emailHash: c.emailHash } : {}),
    ...(c?.phoneHash !== undefined ? { phoneHash: c.phoneHash } : {}),
    ...(referredBy !== undefined ? { referredBy } : {}),
    ...(referrer !== undefined ? { referrer: parseReferrer(referrer) } : {}),
  };
}

/**
 * Record an order: validate, evaluate against the program with the customer's ledger as
 * context, and append its lot atomically. The same idempotency key, or the same order id
 * under any key, earns once; concurrent calls apply once. Invalid input throws
 * `VALIDATION_FAILED` and writes nothing.
 *
 * @example
 * ```ts
 * await recordOrder(ctx, rawOrder, { idempotencyKey: 'order-o1' });
 * ```
 */
export async function recordOrder(ctx: EngineContext, input: unknown, options: RecordOrderOptions): Promise<RecordOrderResult> {
  const order = parseOrder(input);
  const program = requireProgram(ctx, options.programId);
  if (order.currency !== program.currency) {
    throw new FidelisError('CURRENCY_MISMATCH', `order.currency: ${order.currency} but program "${program.id}" counts in ${program.currency}`, {
      issues: [{ path: 'currency', message: `must be ${program.currency}` }],
    });
  }
  const given = customerInput(options.customer, options.referredBy, options.referrer);
  const request = { op: 'recordOrder', order, programId: program.id, customer: given, referredBy: options.referredBy };
  const budgeted = budgetedRules(program);
  const budgetKeys = budgeted.map((r) => budgetKey(program, r.id));
  // the stored segment is a fact of the evaluation, not part of the request (a replay after a new classification is the same request)
  const [segment] = await Promise.all([storedSegment(ctx, order.customerId, program), prepareRuleCoupons(ctx, program)]);
  const customer = withSegment(given, segment);
  const done = await commitToLedger<Omit<RecordOrderResult, 'status'>>(ctx, { customerId: order.customerId }, { idempotencyKey: options.idempotencyKey, request, budgetKeys }, (state, used) => {
    const now = ctx.clock.now();
    const base = evaluationContextFromLedger(program, state, { now, at: order.placedAt, customerId: order.customerId, customer });
    const context = withBudgetUsage(program, base, used);
    const ev = evaluateOrder(program, order, context);
    const planned = planOrderEntries(program, state, order, ev, { customerId: order.customerId, at: order.placedAt, newId: ctx.ids });
    const lotId = planned.entries[0]?.id ?? '';
    const coupons = drawRuleCoupons(order, ev.couponsToIssue);
    return {
      entries: planned.entries,
      claims: [`order:${order.id}`],
      orders: [{ orderId: order.id, customerId: order.customerId, programId: program.id, placedAt: order.placedAt, lotId }],
      budgets: budgeted.flatMap((r) => {
        const points = ev.byRule.filter((a) => a.ruleId === r.id).reduce((sum, a) => sum + a.points, 0);
        return points > 0 ? [{ key: budgetKey(program, r.id), points, limit: r.budget }] : [];
      }),
      result: { ...planned.result, couponsIssued: coupons.issued },
      events: [...evaluationEvents(order, ev), ...coupons.events],
      codes: coupons.codes,
    };
  });
  if (done === undefined) throw new Error('unreachable: an order always plans');
  return { ...done.result, status: done.status };
}

/**
 * What an order would earn now, with the customer's ledger as context (tier, first order,
 * caps, stamps), without recording anything: the checkout preview and the "why" of an order
 * (`explainOrder(preview)`). Throws `VALIDATION_FAILED` for an invalid order.
 *
 * @example
 * ```ts
 * const preview = await previewOrder(ctx, rawOrder, {});
 * explainOrder(preview).join('\n');
 * ```
 */
export async function previewOrder(ctx: EngineContext, input: unknown, options: Omit<RecordOrderOptions, 'idempotencyKey'>): Promise<OrderEvaluation> {
  const order = parseOrder(input);
  const program = requireProgram(ctx, options.programId);
  const [{ state }, segment] = await Promise.all([readLedgerState(ctx, { customerId: order.customerId }), storedSegment(ctx, order.customerId, program)]);
  const customer = withSegment(customerInput(options.customer, options.referredBy, options.referrer), segment);
  const keys = budgetedRules(program).map((r) => budgetKey(program, r.id));
  const used = keys.length > 0 ? await ctx.store.ledger.budgetUsage(keys) : {};
  const context = evaluationContextFromLedger(program, state, { now: ctx.clock.now(), at: order.placedAt, customerId: order.customerId, customer });
  return evaluateOrder(program, order, withBudgetUsage(program, context, used));
}

/**
 * Record a return: reverse exactly the returned lines' share of the order's points (see
 * `pointsDueForReturn`; order-level bonuses by the program's `bonusReturnPolicy`, see
 * `bonusReversals`), applying the program's `returnPolicy` to points already spent.
 * Throws `NOT_FOUND` for an unknown order, `VALIDATION_FAILED` for unknown lines or more units
 * than were bought (nothing written). The same return id under any key applies once.
 *
 * @example
 * ```ts
 * await recordReturn(ctx, { id: 'r1', orderId: 'o1', at: '2026-03-05T10:00:00Z', lines: [{ lineId: 'l2', quantity: 1 }] }, { idempotencyKey: 'return-r1' });
 * ```
 */
export async function recordReturn(ctx: EngineContext, input: unknown, options: { readonly idempotencyKey: string }): Promise<RecordReturnResult> {
  const ret: Return = parseReturn(input);
  const request = { op: 'recordReturn', ret };
  const done = await commitToLedger<Omit<RecordReturnResult, 'status'>>(ctx, { orderId: ret.orderId }, { idempotencyKey: options.idempotencyKey, request }, (state, _used, read) => {
    const record = read.order;
    if (record === undefined) throw new FidelisError('NOT_FOUND', `return.orderId: order "${ret.orderId}" was never recorded`, { orderId: ret.orderId });
    const program = requireProgram(ctx, record.programId);
    const customerId = record.customerId;
    if (state.orders.get(ret.orderId)?.returnIds.has(ret.id) === true) return { entries: [], claims: [`return:${ret.id}`], result: alreadyApplied(ret, customerId) };
    const stamp = { customerId, at: ret.at, newId: ctx.ids };
    // points paid for the order come back first, so the reversal can take from them
    const refund = planRefund(state, ret.orderId, ret.id, ret.lines, stamp);
    if (refund !== undefined) applyEntry(state, refund);
    const entry = planReversal(state, ret.orderId, ret.id, ret.lines, program.returnPolicy, stamp, program.bonusReturnPolicy);
    const byRule = entry.byRule ?? {};
    applyEntry(state, entry);
    return {
      entries: refund === undefined ? [entry] : [refund, entry],
      claims: [`return:${ret.id}`],
      // a shared budget gets back what the return takes from its rule (negative use)
      budgets: budgetedRules(program).flatMap((r) => ((byRule[r.id] ?? 0) > 0 ? [{ key: budgetKey(program, r.id), points: -(byRule[r.id] ?? 0), limit: r.budget }] : [])),
      result: {
        returnId: ret.id,
        orderId: ret.orderId,
        customerId,
        pointsReversed: -entry.points,
        lines: entry.lines,
        bonuses: entry.bonuses ?? [],
        debt: entry.debt,
        forgiven: entry.forgiven,
        pointsRefunded: refund?.points ?? 0,
        stampsBack: entry.stamps ?? {},
        activeAfter: balanceAt(state, ctx.clock.now()).active,
      },
    };
  });
  if (done === undefined) throw new Error('unreachable: a return always plans');
  return { ...done.result, status: done.status };
}

function alreadyApplied(ret: Return, customerId: string): Omit<RecordReturnResult, 'status'> {
  return { returnId: ret.id, orderId: ret.orderId, customerId, pointsReversed: 0, lines: [], bonuses: [], debt: 0, forgiven: 0, pointsRefunded: 0, stampsBack: {}, activeAfter: 0 };
}
