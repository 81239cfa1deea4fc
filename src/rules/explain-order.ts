import type { OrderEvaluation } from './evaluation.js';

/**
 * A readable account of an evaluation for support agents: the total, each line's points by
 * rule, then every rule with its outcome and reason (failing conditions with actual values).
 *
 * @example
 * ```ts
 * explainOrder(evaluateOrder(program, order, context)).join('\n');
 * // Order o1 earns 48 points.
 * //   line l1: 9 points (base 9)
 * //   ...
 * // Rules:
 * //   ✓ base (points-per-unit): 48 points: 1 per EUR on 48.99 EUR of eligible lines (net, rounded down)
 * //   ✗ big-basket (threshold-bonus): eligible amount 48.99 EUR is below the first step 50.00 EUR
 * ```
 */
export function explainOrder(result: OrderEvaluation): string[] {
  const out = [`Order ${result.orderId} earns ${result.totalPoints} point${result.totalPoints === 1 ? '' : 's'}.`];
  for (const line of result.lines) {
    const parts = line.byRule.map((r) => `${r.ruleId} ${r.points}`).join(', ');
    out.push(`  line ${line.lineId}: ${line.points} points${parts === '' ? '' : ` (${parts})`}`);
  }
  for (const s of result.stamps) out.push(`  stamp card ${s.ruleId}: +${s.added}, now ${s.after} on the card, ${s.completedCards} card(s) filled`);
  for (const r of result.rewardsUnlocked) out.push(`  reward unlocked: ${r.rewardId} ×${r.count} (${r.ruleId})`);
  for (const c of result.couponsToIssue) out.push(`  coupon to issue: ${c.coupon} (${c.ruleId})`);
  for (const r of result.referrals) {
    out.push(`  referral: ${r.referrerPoints} points to ${r.referrerId} and ${r.refereePoints} to ${r.refereeId} on ${r.payableAt.toISOString()} if the order is kept`);
  }
  const t = result.tierProgress;
  if (t !== undefined) {
    out.push(`  tier: ${t.qualifyingBefore} → ${t.qualifyingAfter} ${t.basis}${t.nextTierId === undefined ? '' : `, ${t.remaining ?? ''} more for ${t.nextTierId}`}`);
  }
  out.push('Rules:');
  for (const r of result.trace) {
    const mark = r.points > 0 || r.status === 'applied' ? '✓' : '✗';
    out.push(`  ${mark} ${r.ruleId} (${r.kind}): ${r.reason}`);
  }
  return out;
}
