import { z } from 'zod';
import type { Clock } from '../core/clock.js';
import { FidelisError } from '../core/errors.js';
import { type SigningKey, verifyCode } from '../coupons/signed-code.js';
import { CartComponent as Cart, CheckoutCustomerComponent as CheckoutCustomer } from './components.js';
import type { LoyaltyEngine } from '../engine/loyalty-engine.js';
import { type HttpRoute, httpRoute } from './http-route.js';
import { CartEvaluationResponse, CouponReservationResponse, UsageReservationsResponse } from './coupon-responses.js';
import { Id, engineResult } from './route-fields.js';

const Codes = z.array(z.string().max(200)).max(50).optional().describe('the codes the customer typed, as typed');

const CheckoutRequest = z.object({
  cart: Cart,
  codes: Codes,
  customer: CheckoutCustomer.optional(),
});

type CheckoutInput = Parameters<LoyaltyEngine['evaluateCheckout']>[0];

/** The `evaluateCheckout` input of a request: the raw cart and customer (the engine validates them again). */
function checkoutInput(raw: unknown, body: z.output<typeof CheckoutRequest>, checkoutId?: string): CheckoutInput {
  const r = raw as { cart: unknown; customer?: CheckoutInput['customer'] };
  return {
    cart: r.cart,
    ...(body.codes === undefined ? {} : { codes: body.codes }),
    ...(r.customer === undefined ? {} : { customer: r.customer }),
    ...(checkoutId === undefined ? {} : { checkoutId }),
  };
}

async function heldCheckout(engine: LoyaltyEngine, checkoutId: string): Promise<NonNullable<Awaited<ReturnType<LoyaltyEngine['findCheckout']>>>> {
  const held = await engine.findCheckout({ checkoutId });
  if (held === undefined) throw new FidelisError('NOT_FOUND', 'checkoutId: no reservation for this checkout', { path: 'checkoutId' });
  return held;
}

const CodeSpec = z.union([
  z.string().min(1).max(200),
  z.object({ code: z.string().min(1).max(200), assignedTo: Id.optional(), voucherAmount: z.string().optional(), voucherCurrency: z.string().optional() }),
]);

/**
 * The coupon endpoints: evaluate a cart, reserve → commit | release a checkout's coupons, issue
 * and import codes, verify a signed code (with the service's signing keys).
 *
 * @example
 * ```ts
 * for (const route of couponRoutes(engine, { signingKeys: [], clock: systemClock })) mountRoute(app, gate, route);
 * ```
 */
export function couponRoutes(engine: LoyaltyEngine, options: { readonly signingKeys: readonly SigningKey[]; readonly clock: Clock }): HttpRoute[] {
  return [
    httpRoute({
      method: 'post', path: '/v1/checkouts/evaluate', scope: 'checkout', tag: 'coupons', mutating: false,
      summary: 'Evaluate a cart with the promotions in force and the codes typed (reserves nothing)',
      body: CheckoutRequest.extend({ checkoutId: Id.optional().describe("a checkout that already reserved: its own usage is its own") }), response: CartEvaluationResponse,
      handle: async ({ raw, body }) => engine.evaluateCheckout(checkoutInput(raw, body, body.checkoutId)),
    }),
    httpRoute({
      method: 'post', path: '/v1/checkouts/{checkoutId}/reservation', scope: 'checkout', tag: 'coupons',
      summary: 'Evaluate the cart and reserve the usage of every promotion it applies (all or nothing), for ttl',
      body: CheckoutRequest.extend({ orderId: Id.optional(), ttl: z.string().optional().describe('ISO 8601 duration, PT15M by default') }),
      response: CouponReservationResponse,
      handle: async ({ raw, body, params }) => {
        const checkoutId = params['checkoutId'] ?? '';
        const evaluation = await engine.evaluateCheckout(checkoutInput(raw, body, checkoutId));
        const reservation = await engine.reserveCoupons({
          checkoutId, evaluation,
          ...(body.customer === undefined ? {} : { customerId: body.customer.id }),
          ...(body.orderId === undefined ? {} : { orderId: body.orderId }),
          ...(body.ttl === undefined ? {} : { ttl: body.ttl }),
        });
        return { evaluation, reservation };
      },
    }),
    httpRoute({
      method: 'post', path: '/v1/checkouts/{checkoutId}/commit', scope: 'checkout', tag: 'coupons',
      summary: "Commit a checkout's reservations after payment", response: UsageReservationsResponse,
      handle: async ({ params }) => ({ reservations: await engine.commitCoupons(await heldCheckout(engine, params['checkoutId'] ?? '')) }),
    }),
    httpRoute({
      method: 'post', path: '/v1/checkouts/{checkoutId}/release', scope: 'checkout', tag: 'coupons',
      summary: "Release a checkout's reservations (payment failed or abandoned)", response: UsageReservationsResponse,
      handle: async ({ params }) => ({ reservations: await engine.releaseCoupons(await heldCheckout(engine, params['checkoutId'] ?? '')) }),
    }),
    httpRoute({
      method: 'post', path: '/v1/promotions/{promotionId}/codes', scope: 'admin', tag: 'coupons',
      summary: 'Generate and store a batch of codes (unique across every batch)',
      body: z.object({
        count: z.number().int().min(1).max(100_000),
        pattern: z.string().max(64).optional(), length: z.number().int().min(1).max(64).optional(), charset: z.string().max(256).optional(),
        prefix: z.string().max(64).optional(), postfix: z.string().max(64).optional(), checkCharacter: z.boolean().optional(), maxShare: z.number().positive().optional(),
        assignedTo: Id.optional(), voucherAmount: z.string().optional(), voucherCurrency: z.string().optional(),
      }),
      response: z.object({ codes: z.array(z.string()) }),
      handle: async ({ params, body, engineKey }) => ({ codes: await engine.issueCodes({ ...body, promotionId: params['promotionId'] ?? '', idempotencyKey: engineKey() }) }),
    }),
    httpRoute({
      method: 'post', path: '/v1/promotions/{promotionId}/codes/import', scope: 'admin', tag: 'coupons',
      summary: 'Store given codes (imported, vanity, vouchers) for a promotion',
      body: z.object({ codes: z.array(CodeSpec).min(1).max(100_000) }), response: z.object({ added: z.number().int() }),
      handle: async ({ params, body }) => ({ added: await engine.addCodes(params['promotionId'] ?? '', body.codes) }),
    }),
    httpRoute({
      method: 'post', path: '/v1/codes/verify', scope: 'read', tag: 'coupons', mutating: false,
      summary: 'Verify a signed code (genuine, unexpired) with the service\'s signing keys',
      body: z.object({ code: z.string().min(1).max(500) }), response: engineResult('VerifiedCode | RejectedCode'),
      handle: async ({ body }) => verifyCode(body.code, options.signingKeys, options.clock.now()),
    }),
  ];
}
