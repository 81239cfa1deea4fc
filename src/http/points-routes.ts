import { z } from 'zod';
import { FidelisError } from '../core/errors.js';
import { Instant } from '../core/validation.js';
import type { LoyaltyEngine } from '../engine/loyalty-engine.js';
import type { PartnerEarning } from '../engine/partner-points.js';
import { CustomerComponent as Customer, OrderComponent as Order, PartnerEarningComponent, ReturnComponent as Return } from './components.js';
import { type HttpRoute, httpRoute } from './http-route.js';
import { HistoryQuery, historyPage, knownCustomer } from './customer-history.js';
import { Id, engineResult } from './route-fields.js';

const PositivePoints = z.number().int('must be a whole number').positive('must be positive').max(Number.MAX_SAFE_INTEGER);

const OrderRequest = z.object({
  order: Order,
  customer: Customer.optional().describe('the customer (needed for signup, birthday and referral rules)'),
  programId: Id.optional().describe('the program (the default program otherwise)'),
  referredBy: Id.optional().describe('a referral code or the referrer\'s customer id'),
  referrer: Customer.optional(),
});

/** The options of `recordOrder` / `previewOrder` in a request. */
function orderOptions(body: z.output<typeof OrderRequest>, raw: unknown): Record<string, unknown> {
  const r = raw as Record<string, unknown>;
  return {
    ...(body.programId === undefined ? {} : { programId: body.programId }),
    ...(r['customer'] === undefined ? {} : { customer: r['customer'] }),
    ...(body.referredBy === undefined ? {} : { referredBy: body.referredBy }),
    ...(r['referrer'] === undefined ? {} : { referrer: r['referrer'] }),
  };
}

/**
 * The points endpoints: preview and record orders, returns, balance, paged history,
 * redemptions, adjustments and coalition partners.
 *
 * @example
 * ```ts
 * for (const route of pointsRoutes(engine)) mountRoute(app, gate, route);
 * ```
 */
export function pointsRoutes(engine: LoyaltyEngine): HttpRoute[] {
  return [
    httpRoute({
      method: 'post', path: '/v1/orders/preview', scope: 'read', tag: 'points', mutating: false,
      summary: 'What an order would earn now, with the trace of every rule (records nothing)',
      body: OrderRequest, response: engineResult('OrderEvaluation'),
      handle: async ({ body, raw }) => engine.previewOrder((raw as { order: unknown }).order, orderOptions(body, raw)),
    }),
    httpRoute({
      method: 'post', path: '/v1/orders', scope: 'checkout', tag: 'points',
      summary: 'Record an order: it earns once per order id',
      body: OrderRequest, response: engineResult('RecordOrderResult'),
      handle: async ({ body, raw, engineKey }) =>
        engine.recordOrder((raw as { order: unknown }).order, { idempotencyKey: engineKey(), ...orderOptions(body, raw) }),
    }),
    httpRoute({
      method: 'post', path: '/v1/returns', scope: 'checkout', tag: 'points',
      summary: "Record a return: the returned lines' share of the order's points is reversed",
      body: Return, response: engineResult('RecordReturnResult'),
      handle: async ({ raw, engineKey }) => engine.recordReturn(raw, { idempotencyKey: engineKey() }),
    }),
    httpRoute({
      method: 'get', path: '/v1/customers/{customerId}/balance', scope: 'read', tag: 'points',
      summary: 'The balance now (or at `at`): active, pending, debt, next expiry, lifetime, tier',
      query: z.object({ at: Instant.optional().describe('the instant (ISO 8601), now by default') }), response: engineResult('PointsBalance'),
      handle: async ({ params, query }) => {
        await knownCustomer(engine, params['customerId'] ?? '');
        return engine.balance(params['customerId'] ?? '', query.at);
      },
    }),
    httpRoute({
      method: 'get', path: '/v1/customers/{customerId}/history', scope: 'read', tag: 'points',
      summary: 'The ledger entries, oldest first, a page at a time',
      query: HistoryQuery,
      response: z.object({ entries: z.array(engineResult('LedgerEntry')), next: z.string().optional().describe('pass as `after` for the next page; absent on the last') }),
      handle: async ({ params, query }) => historyPage(engine, params['customerId'] ?? '', query),
    }),
    httpRoute({
      method: 'post', path: '/v1/customers/{customerId}/redemptions', scope: 'checkout', tag: 'points',
      summary: 'Burn active points, soonest-expiring first (422 INSUFFICIENT_POINTS when short)',
      body: z.object({ points: PositivePoints, reason: z.string().min(1).max(500).optional() }), response: engineResult('RedemptionResult'),
      handle: async ({ params, body, engineKey }) =>
        engine.redeemPoints(params['customerId'] ?? '', body.points, { idempotencyKey: engineKey(), ...(body.reason === undefined ? {} : { reason: body.reason }) }),
    }),
    httpRoute({
      method: 'post', path: '/v1/customers/{customerId}/reward-redemptions', scope: 'checkout', tag: 'points',
      summary: 'Buy a reward of the catalogue; the result carries its effect',
      body: z.object({ rewardId: Id, reason: z.string().min(1).max(500).optional(), programId: Id.optional() }), response: engineResult('RedemptionResult'),
      handle: async ({ params, body, engineKey }) =>
        engine.redeemReward(params['customerId'] ?? '', body.rewardId, {
          idempotencyKey: engineKey(),
          ...(body.reason === undefined ? {} : { reason: body.reason }),
          ...(body.programId === undefined ? {} : { programId: body.programId }),
        }),
    }),
    httpRoute({
      method: 'post', path: '/v1/customers/{customerId}/points-reservations', scope: 'checkout', tag: 'points',
      summary: "Reserve points as payment of a checkout: out of the balance at once, back unless committed within ttl (the program's pointsPayment terms apply with orderTotal)",
      body: z.object({
        checkoutId: Id,
        points: PositivePoints,
        ttl: z.string().optional().describe('ISO 8601 duration, PT15M by default'),
        orderTotal: z.string().regex(/^\d+(\.\d+)?$/, 'must be a decimal string such as 54.90').optional().describe('the order total the points pay toward, in the program currency'),
        programId: Id.optional(),
      }),
      response: engineResult('PointsReservation'),
      handle: async ({ params, body, engineKey }) =>
        engine.reservePoints(params['customerId'] ?? '', body.points, {
          checkoutId: body.checkoutId,
          idempotencyKey: engineKey(),
          ...(body.ttl === undefined ? {} : { ttl: body.ttl }),
          ...(body.orderTotal === undefined ? {} : { orderTotal: body.orderTotal }),
          ...(body.programId === undefined ? {} : { programId: body.programId }),
        }),
    }),
    httpRoute({
      method: 'post', path: '/v1/customers/{customerId}/points-reservations/{checkoutId}/commit', scope: 'checkout', tag: 'points',
      summary: 'Commit the reservation to the order it paid (409 RESERVATION_EXPIRED after its ttl); returns of the order give back their share',
      body: z.object({ order: Order }), response: engineResult('PointsReservationEnd'),
      handle: async ({ params, raw, engineKey }) =>
        engine.commitPoints(params['customerId'] ?? '', params['checkoutId'] ?? '', { order: (raw as { order: unknown }).order, idempotencyKey: engineKey() }),
    }),
    httpRoute({
      method: 'post', path: '/v1/customers/{customerId}/points-reservations/{checkoutId}/release', scope: 'checkout', tag: 'points',
      summary: 'Release the reservation: the points go back to their lots',
      response: engineResult('PointsReservationEnd'),
      handle: async ({ params, engineKey }) => engine.releasePoints(params['customerId'] ?? '', params['checkoutId'] ?? '', { idempotencyKey: engineKey() }),
    }),
    httpRoute({
      method: 'post', path: '/v1/customers/{customerId}/adjustments', scope: 'admin', tag: 'points',
      summary: 'Correct a balance by hand, with a reason and an actor',
      body: z.object({
        points: z.number().int('must be a whole number').refine((p) => p !== 0, 'must not be zero').describe('signed points'),
        reason: z.string().min(1).max(500),
        actor: z.string().min(1).max(200),
        expiresAt: Instant.nullable().optional().describe('for a credit: when its lot expires (null: never)'),
        allowNegative: z.boolean().optional().describe('for a debit: allow the balance below zero'),
      }),
      response: engineResult('AdjustmentResult'),
      handle: async ({ params, body, engineKey }) =>
        engine.adjustPoints(
          params['customerId'] ?? '',
          {
            points: body.points, reason: body.reason, actor: body.actor,
            ...(body.expiresAt === undefined ? {} : { expiresAt: body.expiresAt }),
            ...(body.allowNegative === undefined ? {} : { allowNegative: body.allowNegative }),
          },
          { idempotencyKey: engineKey() },
        ),
    }),
    httpRoute({
      method: 'post', path: '/v1/partner-earnings', scope: 'admin', tag: 'partners',
      summary: 'Credit points earned at a coalition partner, once per partner reference',
      body: PartnerEarningComponent, response: engineResult('PartnerEarningResult'),
      handle: async ({ raw, engineKey }) => engine.recordPartnerEarning(raw as PartnerEarning, { idempotencyKey: engineKey() }),
    }),
    httpRoute({
      method: 'post', path: '/v1/partner-redemptions', scope: 'admin', tag: 'partners',
      summary: "Redeem points at a partner for its units (points × the partner's redeemRate)",
      body: z.object({ customerId: Id, partnerId: Id, points: PositivePoints, programId: Id.optional() }), response: engineResult('PartnerRedemptionResult'),
      handle: async ({ body, engineKey }) => engine.redeemAtPartner(body, { idempotencyKey: engineKey() }),
    }),
    httpRoute({
      method: 'get', path: '/v1/partners/{partnerId}/settlement', scope: 'admin', tag: 'partners',
      summary: 'What the program and a partner owe each other for [from, until)',
      query: z.object({ from: Instant, until: Instant, programId: Id.optional() }), response: engineResult('PartnerSettlement'),
      handle: async ({ params, query }) =>
        engine.partnerSettlement({ partner: params['partnerId'] ?? '', from: query.from, until: query.until, ...(query.programId === undefined ? {} : { programId: query.programId }) }),
    }),
  ];
}
