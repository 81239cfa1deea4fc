import decimalModule from 'decimal.js';
import type { Decimal as DecimalJs } from 'decimal.js';

// decimal.js's ESM build default-exports the class; its CommonJS build exports the class with
// itself as `.Decimal`, and its types describe the CommonJS shape. Accept both.
const DecimalJsClass: typeof DecimalJs =
  (decimalModule as unknown as { Decimal?: typeof DecimalJs }).Decimal ?? (decimalModule as unknown as typeof DecimalJs);
import { FidelisError } from './errors.js';

/**
 * The decimal type fidelis computes money with: a `decimal.js` constructor configured with 40
 * significant digits and half-even rounding, private to fidelis (the global `decimal.js` default is
 * left untouched). Values interoperate with any `decimal.js` value.
 *
 * @example
 * ```ts
 * import { Decimal } from 'fidelis';
 * new Decimal('0.1').plus('0.2').toString(); // '0.3'
 * ```
 */
export const Decimal = DecimalJsClass.clone({ precision: 40, rounding: DecimalJsClass.ROUND_HALF_EVEN, toExpNeg: -30, toExpPos: 40 });
/**
 * An instance of {@link Decimal}.
 *
 * @example
 * ```ts
 * const d: Decimal = new Decimal('19.99');
 * ```
 */
export type Decimal = DecimalJs;

/**
 * What fidelis accepts as a decimal number: a decimal string (`'19.99'`), a finite number or a `Decimal`.
 *
 * @example
 * ```ts
 * const v: DecimalInput = '19.99';
 * ```
 */
export type DecimalInput = string | number | DecimalJs;

/**
 * Rounding modes, always named explicitly:
 * - `half-up`: halves away from zero (2.5 → 3, −2.5 → −3)
 * - `half-even`: halves to the even neighbour, "banker's rounding" (2.5 → 2, 3.5 → 4)
 * - `down`: toward zero (2.9 → 2, −2.9 → −2)
 * - `up`: away from zero (2.1 → 3, −2.1 → −3)
 *
 * @example
 * ```ts
 * const mode: RoundingMode = 'half-even';
 * ```
 */
export type RoundingMode = 'half-up' | 'half-even' | 'down' | 'up';

/**
 * Every rounding mode, for schemas and UIs.
 *
 * @example
 * ```ts
 * ROUNDING_MODES.includes('half-up'); // true
 * ```
 */
export const ROUNDING_MODES = ['half-up', 'half-even', 'down', 'up'] as const satisfies readonly RoundingMode[];

const DECIMAL_ROUNDING: Record<RoundingMode, DecimalJs.Rounding> = {
  'half-up': DecimalJsClass.ROUND_HALF_UP,
  'half-even': DecimalJsClass.ROUND_HALF_EVEN,
  down: DecimalJsClass.ROUND_DOWN,
  up: DecimalJsClass.ROUND_UP,
};

/**
 * Round a decimal to `places` decimal places with an explicit mode.
 *
 * @example
 * ```ts
 * roundDecimal('2.345', 2, 'half-even').toString(); // '2.34'
 * roundDecimal('2.345', 2, 'half-up').toString();   // '2.35'
 * ```
 */
export function roundDecimal(value: DecimalInput, places: number, mode: RoundingMode): Decimal {
  return toDecimal(value).toDecimalPlaces(places, DECIMAL_ROUNDING[mode]);
}

/**
 * Convert a {@link DecimalInput} to a {@link Decimal}, rejecting NaN, infinities and
 * malformed strings with a `VALIDATION_FAILED` error naming `field`.
 *
 * @example
 * ```ts
 * toDecimal('12.50').toFixed(2); // '12.50'
 * toDecimal(Number.NaN, 'price'); // throws FidelisError VALIDATION_FAILED "price: ..."
 * ```
 */
export function toDecimal(value: DecimalInput, field = 'value'): Decimal {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new FidelisError('VALIDATION_FAILED', `${field}: ${String(value)} is not a finite number`, {
        issues: [{ path: field, message: `${String(value)} is not a finite number` }],
      });
    }
    return new Decimal(value);
  }
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) {
      throw new FidelisError('VALIDATION_FAILED', `${field}: "${value}" is not a decimal number`, {
        issues: [{ path: field, message: `"${value}" is not a decimal number` }],
      });
    }
    return new Decimal(trimmed);
  }
  if (!value.isFinite()) {
    throw new FidelisError('VALIDATION_FAILED', `${field}: ${value.toString()} is not a finite number`, {
      issues: [{ path: field, message: `${value.toString()} is not a finite number` }],
    });
  }
  return new Decimal(value);
}

/**
 * `numerator / denominator` rounded to an integer with an explicit mode, in exact integer
 * arithmetic: the fast path of a percentage of a minor-unit amount (`2970 × 15 / 100`).
 * Both must be non-negative safe integers, the denominator positive; for anything larger use
 * {@link roundDecimal}. Same results as `roundDecimal(numerator / denominator, 0, mode)`.
 *
 * @example
 * ```ts
 * roundRatio(44550, 100, 'half-up');   // 446 (445.5 → 446)
 * roundRatio(44550, 100, 'half-even'); // 446 (445.5 → 446, the even neighbour)
 * roundRatio(44450, 100, 'half-even'); // 444
 * roundRatio(44501, 100, 'down');      // 445
 * ```
 */
export function roundRatio(numerator: number, denominator: number, mode: RoundingMode): number {
  if (!Number.isSafeInteger(numerator) || numerator < 0 || !Number.isSafeInteger(denominator) || denominator <= 0) {
    throw new FidelisError('VALIDATION_FAILED', `roundRatio: ${numerator} / ${denominator} needs non-negative safe integers and a positive denominator`, {
      issues: [{ path: 'numerator', message: 'must be a non-negative safe integer over a positive safe integer' }],
    });
  }
  const rem = numerator % denominator;
  const quotient = (numerator - rem) / denominator;
  if (rem === 0) return quotient;
  switch (mode) {
    case 'down':
      return quotient;
    case 'up':
      return quotient + 1;
    case 'half-up':
      return rem * 2 >= denominator ? quotient + 1 : quotient;
    case 'half-even':
      return rem * 2 > denominator || (rem * 2 === denominator && quotient % 2 === 1) ? quotient + 1 : quotient;
  }
}
