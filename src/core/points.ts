import { type DecimalInput, type RoundingMode, roundDecimal, toDecimal } from './decimal.js';
import { FidelisError } from './errors.js';

/**
 * A number of loyalty points: always a safe integer. Fractional earnings become points only
 * through {@link toPoints} with an explicit rounding mode.
 *
 * @example
 * ```ts
 * const balance: Points = 120;
 * ```
 */
export type Points = number;

/**
 * Round a fractional earning to whole points with an explicit mode.
 *
 * @example
 * ```ts
 * toPoints('12.5', 'half-up');   // 13
 * toPoints('12.5', 'half-even'); // 12
 * toPoints('12.99', 'down');     // 12
 * ```
 */
export function toPoints(value: DecimalInput, mode: RoundingMode, field = 'points'): Points {
  const n = roundDecimal(toDecimal(value, field), 0, mode).toNumber();
  return assertPoints(n, field);
}

/**
 * Check that `value` is a whole, safe number of points and return it; throws
 * `VALIDATION_FAILED` naming `field` otherwise.
 *
 * @example
 * ```ts
 * assertPoints(10); // 10
 * assertPoints(1.5, 'bonus'); // throws "bonus: 1.5 is not a whole number of points"
 * ```
 */
export function assertPoints(value: number, field = 'points'): Points {
  if (!Number.isSafeInteger(value)) {
    throw new FidelisError('VALIDATION_FAILED', `${field}: ${String(value)} is not a whole number of points`, {
      issues: [{ path: field, message: `${String(value)} is not a whole number of points` }],
    });
  }
  return value === 0 ? 0 : value;
}
