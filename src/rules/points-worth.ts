// The money value of points at a value per point (module-internal: liability and backtest reports).
import { Decimal } from '../core/decimal.js';
import { Money } from '../core/money.js';

/** `points × valuePerPoint` rounded half-even to the currency, as a decimal string; `null` without a value per point. */
export function pointsWorth(points: number, valuePerPoint: string | null, currency: string): string | null {
  return valuePerPoint === null ? null : Money.round(new Decimal(valuePerPoint).times(points), currency, 'half-even').toDecimalString();
}
