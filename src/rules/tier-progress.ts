import { currencyExponent } from '../core/currency.js';
import { decimalToMinorUnits, minorUnitsToDecimal } from '../core/money.js';
import type { TierProgress } from './evaluation.js';
import type { Program, TierDefinition } from './program.js';

/**
 * The levels of a tier definition with thresholds in exact integers (points, or minor units of
 * spend), lowest first.
 *
 * @example
 * ```ts
 * tierThresholds(program.tiers!, 'EUR'); // [{ id: 'member', threshold: 0 }, { id: 'gold', threshold: 100000 }]
 * ```
 */
export function tierThresholds(tiers: TierDefinition, currency: string): { readonly id: string; readonly threshold: number }[] {
  const exponent = tiers.basis === 'points' ? 0 : currencyExponent(currency);
  return tiers.levels.map((l) => ({ id: l.id, threshold: decimalToMinorUnits(l.threshold, exponent) ?? Number.MAX_SAFE_INTEGER }));
}

/**
 * The highest level a qualifying value reaches (`''` below the lowest level).
 *
 * @example
 * ```ts
 * levelFor([{ id: 'member', threshold: 0 }, { id: 'gold', threshold: 1000 }], 999); // 'member'
 * ```
 */
export function levelFor(levels: readonly { readonly id: string; readonly threshold: number }[], value: number): string {
  let reached = '';
  for (const l of levels) if (value >= l.threshold) reached = l.id;
  return reached;
}

/**
 * Where a customer stands against the tiers after an order: the qualifying value before and
 * after (points earned, or net spend), the level reached and what is missing to the next one.
 * `undefined` when the program has no tiers.
 *
 * @example
 * ```ts
 * // basis points, levels member 0 / silver 500 / gold 1000
 * tierProgress(program, 'silver', 900, 60, 6000);
 * // { basis: 'points', currentTierId: 'silver', qualifyingBefore: '900', qualifyingAfter: '960',
 * //   reachedTierId: 'silver', nextTierId: 'gold', remaining: '40' }
 * ```
 */
export function tierProgress(
  program: Pick<Program, 'tiers' | 'currency'>,
  currentTierId: string | undefined,
  qualifyingBefore: number | string | undefined,
  orderPoints: number,
  orderSpendMinor: number,
): TierProgress | undefined {
  const tiers = program.tiers;
  if (tiers === undefined) return undefined;
  const exponent = tiers.basis === 'points' ? 0 : currencyExponent(program.currency);
  const before = qualifyingBefore === undefined ? 0 : (decimalToMinorUnits(String(qualifyingBefore), exponent) ?? 0);
  const after = before + (tiers.basis === 'points' ? orderPoints : orderSpendMinor);
  const levels = tierThresholds(tiers, program.currency);
  const reached = levelFor(levels, after);
  const next = levels.find((l) => l.threshold > after);
  const show = (v: number): string => minorUnitsToDecimal(v, exponent);
  return {
    basis: tiers.basis,
    currentTierId: currentTierId ?? '',
    qualifyingBefore: show(before),
    qualifyingAfter: show(after),
    reachedTierId: reached,
    ...(next === undefined ? {} : { nextTierId: next.id, remaining: show(next.threshold - after) }),
  };
}
