import { generateCodes } from '../core/codes/code-generation.js';
import { normalizeCode } from '../core/codes/code-normalization.js';
import type { Order } from '../core/schemas.js';
import type { CouponToIssue } from '../rules/evaluation.js';
import type { Program } from '../rules/program.js';
import type { DomainEvent } from '../storage/event-store.js';
import type { IssuedCode } from '../storage/ledger-store.js';
import type { EngineContext } from './context.js';
import { domainEvent } from './events/domain-event.js';
import { ensurePromotion, requirePromotion } from './promotion-setup.js';

/**
 * A coupon an order earned through an `issue-coupon` rule: a single-use code for the customer,
 * stored with the order (in the same atomic append), usable at checkout by that customer only.
 *
 * @example
 * ```ts
 * const c: CouponIssued = { ruleId: 'thank-you', promotionId: 'thanks-10', code: 'NM77NU3DQH' };
 * ```
 */
export interface CouponIssued {
  /** The rule that issued it. */
  readonly ruleId: string;
  /** The promotion the code unlocks (the rule's `coupon`). */
  readonly promotionId: string;
  /** The code to give the customer. */
  readonly code: string;
}

/**
 * Check, before an order of `program` is planned, that every promotion its `issue-coupon`
 * rules name is configured (`NOT_FOUND` naming the rule otherwise: nothing is written), and
 * define them in the Store once.
 *
 * @example
 * ```ts
 * await prepareRuleCoupons(ctx, program);
 * ```
 */
export async function prepareRuleCoupons(ctx: EngineContext, program: Program): Promise<void> {
  for (const [i, rule] of program.earnRules.entries()) {
    if (rule.kind !== 'issue-coupon') continue;
    await ensurePromotion(ctx, requirePromotion(ctx, rule.coupon, `program.earnRules[${i}].coupon`));
  }
}

/**
 * Draw one code per coupon the evaluation asks for, assigned to the order's customer: the
 * codes for the append, the result's `couponsIssued` and a `coupon.issued` event each.
 *
 * @example
 * ```ts
 * const drawn = drawRuleCoupons(order, evaluation.couponsToIssue);
 * ```
 */
export function drawRuleCoupons(order: Order, wanted: readonly CouponToIssue[]): { issued: CouponIssued[]; codes: IssuedCode[]; events: DomainEvent[] } {
  if (wanted.length === 0) return { issued: [], codes: [], events: [] };
  const drawn = generateCodes({ count: wanted.length });
  const issued = wanted.map((w, i) => ({ ruleId: w.ruleId, promotionId: w.coupon, code: drawn[i] ?? '' }));
  return {
    issued,
    codes: issued.map((c) => ({ promotionId: c.promotionId, key: normalizeCode(c.code), display: c.code, assignedTo: order.customerId })),
    events: issued.map((c) =>
      domainEvent(`ev_issued_${order.id}_${c.ruleId}`, 'coupon.issued', order.customerId, order.placedAt, { promotionId: c.promotionId, count: 1, ruleId: c.ruleId, orderId: order.id, code: c.code }),
    ),
  };
}
