import { addDuration } from '../core/time.js';
import { capWindow } from './lifecycle.js';
import type { Program } from './program.js';

/**
 * The earliest instant whose orders can still matter to a decision the program makes at `at`:
 * the start of the tier window at `at` and at the last review before it, and of every cap
 * window (day, the rules' `caps.perPeriod`) containing `at`. `at` itself when the program has
 * neither tiers nor windowed caps. Customer projections keep the orders after the look-back of
 * the look-back of their newest order, so an order placed up to one look-back before the
 * newest one is still evaluated exactly.
 *
 * @example
 * ```ts
 * // tiers on a rolling P12M window reviewed yearly: twelve months before the end of last year
 * lookbackStart(program, new Date('2026-06-01T00:00:00Z'));
 * ```
 */
export function lookbackStart(program: Program, at: Date): Date {
  let earliest = at.getTime();
  const keep = (d: Date): void => {
    earliest = Math.min(earliest, d.getTime());
  };
  const tiers = program.tiers;
  if (tiers !== undefined) {
    const reviewEnd = new Date(capWindow(program, at, tiers.review).from.getTime() - 1);
    for (const end of [at, reviewEnd]) {
      keep('rolling' in tiers.window ? addDuration(end, `-${tiers.window.rolling}`, program.timeZone) : capWindow(program, end, tiers.window.calendar).from);
    }
  }
  for (const rule of program.earnRules) {
    if (rule.caps?.perDay !== undefined) keep(capWindow(program, at, 'day').from);
    if (rule.caps?.perPeriod !== undefined) keep(capWindow(program, at, rule.caps.perPeriod.period).from);
  }
  return new Date(earliest);
}
