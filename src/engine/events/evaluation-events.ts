import type { Order } from '../../core/schemas.js';
import type { OrderEvaluation } from '../../rules/evaluation.js';
import type { DomainEvent } from '../../storage/event-store.js';
import { domainEvent } from './domain-event.js';

/**
 * The events of an order's evaluation that no ledger entry carries: a `stamp_card.completed`
 * per stamp-card rule that filled cards, a `reward.unlocked` per reward those cards unlock.
 * (The points, the tier change and coupons report through their own entries and writes.)
 *
 * @example
 * ```ts
 * evaluationEvents(order, evaluation); // [{ type: 'stamp_card.completed', payload: { ruleId: 'coffee', cards: 1, … } }, …]
 * ```
 */
export function evaluationEvents(order: Order, ev: OrderEvaluation): DomainEvent[] {
  const out: DomainEvent[] = [];
  for (const s of ev.stamps) {
    if (s.completedCards > 0) out.push(domainEvent(`ev_stamps_${order.id}_${s.ruleId}`, 'stamp_card.completed', order.customerId, order.placedAt, { orderId: order.id, ruleId: s.ruleId, cards: s.completedCards }));
  }
  for (const r of ev.rewardsUnlocked) {
    out.push(domainEvent(`ev_reward_${order.id}_${r.ruleId}_${r.rewardId}`, 'reward.unlocked', order.customerId, order.placedAt, { orderId: order.id, ruleId: r.ruleId, rewardId: r.rewardId, count: r.count }));
  }
  return out;
}
