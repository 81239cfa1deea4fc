/**
 * `fidelis/rules`: loyalty program definitions and the pure rule evaluator — what an order
 * earns, tiers, pending and expiry dates, rewards, points as payment, partner settlement.
 *
 * @example
 * ```ts
 * import { parseProgram, evaluateOrder } from 'fidelis/rules';
 * ```
 *
 * @packageDocumentation
 */
export * from './program.js';
export * from './parse-program.js';
export * from './points-math.js';
export * from './compiled-program.js';
// rule-record.ts, evaluation-result.ts and rule-trace.ts are internals of evaluateOrder.
export * from './evaluation.js';
export * from './evaluate-order.js';
// bonusConditionsOf is an internal of evaluateOrder; which kinds are order-level bonuses is public.
export { isOrderBonusKind } from './bonus-condition.js';
export * from './tier-progress.js';
export * from './lifecycle.js';
export * from './tiers.js';
export * from './points-payment.js';
export * from './partners.js';
export * from './signup.js';
export * from './referral.js';
export * from './referral-code.js';
export * from './explain-order.js';
// (points engineer) the ledger and the liability report
export * from './ledger/index.js';
export * from './liability.js';
// replaying history through a draft program (issue 15, part 4)
export * from './backtest/index.js';
// merchant statistics folded from the ledgers (issue 15, part 5)
export * from './merchant-statistics.js';
