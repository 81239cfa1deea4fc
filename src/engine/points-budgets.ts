import type { EvaluationContext, RuleUsage } from '../rules/evaluation.js';
import type { Program } from '../rules/program.js';

/**
 * The rules of a program with a total budget over all customers (`caps.budget`).
 *
 * @example
 * ```ts
 * budgetedRules(program); // [{ id: 'launch-bonus', budget: 100000 }]
 * ```
 */
export function budgetedRules(program: Program): Array<{ readonly id: string; readonly budget: number }> {
  return program.earnRules.flatMap((r) => (r.caps?.budget === undefined ? [] : [{ id: r.id, budget: r.caps.budget }]));
}

/**
 * The store key of a rule's shared budget: `rule:<programId>:<ruleId>`.
 *
 * @example
 * ```ts
 * budgetKey(program, 'launch-bonus'); // 'rule:shop:launch-bonus'
 * ```
 */
export function budgetKey(program: Program, ruleId: string): string {
  return `rule:${program.id}:${ruleId}`;
}

/**
 * The evaluation context with each budgeted rule's shared usage (`usage[ruleId].budget`).
 *
 * @example
 * ```ts
 * const context = withBudgetUsage(program, base, await store.budgetUsage(keys));
 * ```
 */
export function withBudgetUsage(program: Program, context: EvaluationContext, used: Readonly<Record<string, number>>): EvaluationContext {
  const budgeted = budgetedRules(program);
  if (budgeted.length === 0) return context;
  const usage: Record<string, RuleUsage> = { ...context.usage };
  for (const r of budgeted) usage[r.id] = { ...usage[r.id], budget: used[budgetKey(program, r.id)] ?? 0 };
  return { ...context, usage };
}
