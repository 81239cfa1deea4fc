import { Decimal } from '../core/decimal.js';
import { Money, type MoneyJson } from '../core/money.js';
import type { Program } from './program.js';

/**
 * How many points may pay an order, and what they are worth.
 *
 * @example
 * ```ts
 * const q: PointsPaymentQuote = pointsPaymentQuote(program, '80.00', 5000);
 * q.maxPoints; // 4000 at 0.01 EUR per point and a 50 % maximum share
 * ```
 */
export interface PointsPaymentQuote {
  /** Whether points can pay this order at all (balance, minimums). */
  readonly available: boolean;
  /** Why not, when unavailable. */
  readonly reason?: string;
  /** Fewest points a payment must use. */
  readonly minPoints: number;
  /** Most points a payment may use (within the balance and the maximum share). */
  readonly maxPoints: number;
  /** Money value of `maxPoints` (rounded down to the currency). */
  readonly maxAmount: MoneyJson;
  /** Money value of one point. */
  readonly valuePerPoint: string;
}

/**
 * The money value of a number of points under the program's points-payment settings, rounded
 * down to the currency's minor unit (a point never pays more than it is worth). Zero when the
 * program does not accept points as payment.
 *
 * @example
 * ```ts
 * pointsValue(program, 1234).toString(); // '12.34 EUR' at 0.01 EUR per point
 * ```
 */
export function pointsValue(program: Pick<Program, 'pointsPayment' | 'currency'>, points: number): Money {
  const p = program.pointsPayment;
  if (p === undefined) return Money.zero(program.currency);
  return Money.round(new Decimal(p.valuePerPoint).times(points), program.currency, 'down');
}

/**
 * Quote paying an order with points: the range of points allowed by the balance, the minimum
 * points, and the minimum and maximum share of the order total that points may cover.
 * Pure; the engine debits the chosen points.
 *
 * @example
 * ```ts
 * // pointsPayment: { valuePerPoint: '0.01', minPoints: 100, minShare: '0', maxShare: '0.5' }
 * pointsPaymentQuote(program, '80.00', 5000);
 * // { available: true, minPoints: 100, maxPoints: 4000, maxAmount: { amount: '40.00', currency: 'EUR' }, valuePerPoint: '0.01' }
 * ```
 */
export function pointsPaymentQuote(program: Pick<Program, 'pointsPayment' | 'currency'>, orderTotal: string | Money, balance: number): PointsPaymentQuote {
  const total = typeof orderTotal === 'string' ? Money.of(orderTotal, program.currency, 'orderTotal') : orderTotal;
  const p = program.pointsPayment;
  const zero = Money.zero(program.currency).toJSON();
  if (p === undefined) return { available: false, reason: 'the program does not accept points as payment', minPoints: 0, maxPoints: 0, maxAmount: zero, valuePerPoint: '0' };
  const value = new Decimal(p.valuePerPoint);
  const byShare = total.amount.times(p.maxShare).dividedBy(value).floor().toNumber();
  const maxPoints = Math.max(0, Math.min(Math.floor(balance), byShare));
  const minByShare = total.amount.times(p.minShare).dividedBy(value).ceil().toNumber();
  const minPoints = Math.max(p.minPoints, minByShare, 1);
  const maxAmount = pointsValue(program, maxPoints).toJSON();
  const base = { minPoints, maxPoints, maxAmount, valuePerPoint: p.valuePerPoint };
  if (maxPoints < minPoints) {
    const reason =
      balance < minPoints
        ? `the balance ${balance} is below the minimum of ${minPoints} points`
        : `the maximum share ${p.maxShare} of ${total.toString()} allows ${byShare} points, below the minimum of ${minPoints}`;
    return { available: false, reason, ...base };
  }
  return { available: true, ...base };
}
