import { z } from 'zod';
import { FidelisError } from '../core/errors.js';
import type { WebhookAdmin } from './webhooks/webhook-admin.js';
import type { LoyaltyEngine } from '../engine/loyalty-engine.js';
import { type HttpRoute, httpRoute } from './http-route.js';
import { PageLimit, engineResult } from './route-fields.js';

const Cursor = z.string().min(1).max(100);

/**
 * The GDPR endpoints (export and erase a customer: with webhooks, their queued deliveries too)
 * and the outbox (read with a cursor, ack).
 *
 * @example
 * ```ts
 * for (const route of customerRoutes(engine)) mountRoute(app, gate, route);
 * ```
 */
export function customerRoutes(engine: LoyaltyEngine, webhooks?: WebhookAdmin): HttpRoute[] {
  return [
    httpRoute({
      method: 'get', path: '/v1/customers/{customerId}/export', scope: 'gdpr', tag: 'gdpr',
      summary: 'GDPR access: everything the engine holds about the customer', response: engineResult('CustomerData'),
      handle: async ({ params }) => {
        const data = await engine.exportCustomerData(params['customerId'] ?? '');
        if (data.entries.length + data.contacts.length + data.couponUsage.length + data.events.length === 0) {
          throw new FidelisError('NOT_FOUND', 'customerId: the engine holds nothing about this customer', { path: 'customerId' });
        }
        return data;
      },
    }),
    httpRoute({
      method: 'delete', path: '/v1/customers/{customerId}', scope: 'gdpr', tag: 'gdpr',
      summary: 'GDPR erasure: ledger and coupon usage anonymised, contacts deleted (idempotent)', response: engineResult('CustomerErasure'),
      handle: async ({ params }) => {
        const erasure = await engine.eraseCustomer(params['customerId'] ?? '');
        // the webhook deliveries already queued carry the id too
        if (webhooks !== undefined) await webhooks.eraseCustomer(params['customerId'] ?? '', erasure.anonymousId);
        return erasure;
      },
    }),
    httpRoute({
      method: 'get', path: '/v1/events', scope: 'admin', tag: 'events',
      summary: "The next page of the outbox, after a cursor or after a consumer's acknowledged cursor",
      query: z.object({
        after: Cursor.optional().describe('continue after this cursor'),
        consumer: z.string().min(1).max(100).optional().describe("continue after this consumer's acknowledged cursor"),
        limit: PageLimit.optional(),
      }),
      response: z.object({ events: z.array(engineResult('StoredEvent')), cursor: z.string() }),
      handle: async ({ query }) => engine.events.read(query),
    }),
    httpRoute({
      method: 'post', path: '/v1/events/ack', scope: 'admin', tag: 'events',
      summary: 'Record that a consumer processed everything up to a cursor',
      body: z.object({ consumer: z.string().min(1).max(100), cursor: Cursor }), response: z.object({ consumer: z.string(), cursor: z.string() }),
      handle: async ({ body }) => {
        await engine.events.ack(body.consumer, body.cursor);
        return body;
      },
    }),
  ];
}
