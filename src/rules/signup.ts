import type { Program } from './program.js';

/**
 * The points a new member earns on enrolment: the sum of the program's `signup-bonus` rules,
 * per rule. (Signup rules ignore order conditions; only their caps' `budget` applies, with
 * `budgetUsed` per rule id.)
 *
 * @example
 * ```ts
 * evaluateSignup(program); // { totalPoints: 100, byRule: [{ ruleId: 'welcome', points: 100 }] }
 * ```
 */
export function evaluateSignup(
  program: Pick<Program, 'earnRules'>,
  budgetUsed: Readonly<Record<string, number>> = {},
): { readonly totalPoints: number; readonly byRule: readonly { readonly ruleId: string; readonly points: number }[] } {
  const byRule = program.earnRules.flatMap((rule) => {
    if (rule.kind !== 'signup-bonus') return [];
    const budget = rule.caps?.budget;
    const left = budget === undefined ? rule.points : Math.max(0, Math.min(rule.points, budget - (budgetUsed[rule.id] ?? 0)));
    return left > 0 ? [{ ruleId: rule.id, points: left }] : [];
  });
  return { totalPoints: byRule.reduce((a, r) => a + r.points, 0), byRule };
}
