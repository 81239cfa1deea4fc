// The response bodies of the coupon endpoints, as JSON (amounts as decimal strings in the cart
// currency, usage amounts in minor units). test/http/response-schemas.e2e.test.ts parses real
// responses with them, so the OpenAPI document says what the service answers.
import { z } from 'zod';
import { DecimalString as Amount, IsoInstant, engineResult } from './route-fields.js';

const Gift = z.strictObject({ sku: z.string(), name: z.string().optional(), quantity: z.number().int() });

/**
 * The body of `POST /v1/checkouts/evaluate` (`CartEvaluation`): the lines with every promotion's
 * share, the totals, the promotions applied, the codes refused and the trace of every candidate.
 *
 * @example
 * ```ts
 * CartEvaluationResponse.parse(body).total; // '45.00'
 * ```
 */
export const CartEvaluationResponse = z
  .strictObject({
    currency: z.string().length(3),
    lines: z.array(
      z.strictObject({
        lineId: z.string(),
        quantity: z.number().int(),
        amount: Amount.describe('quantity × unit price − line discount, before promotions'),
        adjustments: z.array(z.strictObject({ promotionId: z.string(), amount: Amount })),
        discount: Amount,
        total: Amount,
      }),
    ),
    subtotal: Amount,
    discount: Amount,
    shipping: Amount,
    shippingDiscount: Amount,
    voucherPayment: Amount,
    total: Amount.describe('subtotal − discount + shipping − shippingDiscount − voucherPayment'),
    applied: z.array(
      z.strictObject({
        promotionId: z.string(),
        name: z.string(),
        campaign: z.string(),
        type: z.string().describe("the promotion's effect type"),
        code: z.string().optional().describe('the code that activated it, as typed'),
        codeKey: z.string().optional().describe("that code's normalised key"),
        lineAmount: Amount,
        shippingAmount: Amount,
        discountMinor: z.number().int(),
        voucherMinor: z.number().int(),
        addedItems: z.array(Gift),
        explanation: z.string(),
      }),
    ),
    addedItems: z.array(Gift.extend({ promotionId: z.string() })),
    rejectedCodes: z.array(z.strictObject({ code: z.string(), promotionId: z.string().optional(), reason: z.string(), message: z.string() })),
    trace: z.array(z.strictObject({ promotionId: z.string(), outcome: z.enum(['applied', 'skipped']), reason: z.string().optional(), message: z.string() })),
  })
  .meta({ id: 'CartEvaluation' });

/**
 * One usage reservation of a promotion (`UsageReservation`), as reserve, commit and release
 * return it.
 *
 * @example
 * ```ts
 * UsageReservationResponse.parse(body.reservations[0]).status; // 'committed'
 * ```
 */
export const UsageReservationResponse = z
  .strictObject({
    reservationId: z.string(),
    promotionId: z.string(),
    codeKey: z.string().optional(),
    customerId: z.string().optional(),
    periodKey: z.string().optional(),
    currency: z.string().length(3),
    discountMinor: z.number().int(),
    voucherDebitMinor: z.number().int(),
    voucherCreditedMinor: z.number().int(),
    orderId: z.string().optional(),
    checkoutId: z.string().optional(),
    checkoutHash: z.string().optional(),
    terms: engineResult('UsageTerms').optional(),
    status: z.enum(['reserved', 'committed', 'released', 'expired', 'restored']),
    reservedAt: IsoInstant,
    expiresAt: IsoInstant,
    settledAt: IsoInstant.optional(),
    returnedUnits: z.record(z.string(), z.number().int()).optional(),
  })
  .meta({ id: 'UsageReservation' });

/**
 * The body of `POST /v1/checkouts/{checkoutId}/reservation`: the evaluation and what was
 * reserved (`ok` false: the promotions refused, nothing held).
 *
 * @example
 * ```ts
 * CouponReservationResponse.parse(body).reservation.ok; // true
 * ```
 */
export const CouponReservationResponse = z.strictObject({
  evaluation: CartEvaluationResponse,
  reservation: z
    .strictObject({
      checkoutId: z.string(),
      ok: z.boolean(),
      reservations: z.array(UsageReservationResponse),
      refused: z.array(z.strictObject({ promotionId: z.string(), reason: z.string() })),
    })
    .meta({ id: 'CheckoutReservation' }),
});

/**
 * The body of committing or releasing a checkout's coupons: its reservations as they are now.
 *
 * @example
 * ```ts
 * UsageReservationsResponse.parse(body).reservations.map((r) => r.status); // ['committed']
 * ```
 */
export const UsageReservationsResponse = z.strictObject({ reservations: z.array(UsageReservationResponse) });
