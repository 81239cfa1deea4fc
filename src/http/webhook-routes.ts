import { z } from 'zod';
import type { WebhookAdmin } from './webhooks/webhook-admin.js';
import { type HttpRoute, httpRoute } from './http-route.js';
import { Id, PageLimit } from './route-fields.js';

const Subscription = z.object({
  id: z.string(), url: z.string(), eventTypes: z.array(z.string()), status: z.enum(['active', 'disabled']), createdAt: z.string().describe('ISO 8601'),
});
const Created = Subscription.extend({ secret: z.string().describe('the signing secret, shown once') });
const Delivery = z.object({
  id: z.string(), subscriptionId: z.string(), eventId: z.string(), eventType: z.string(), status: z.enum(['pending', 'delivered', 'dead']), attempts: z.number().int(),
  nextAttemptAt: z.string().optional(), lastError: z.string().optional(), deliveredAt: z.string().optional(),
});

/**
 * The webhook endpoints over a {@link WebhookAdmin} (scope `admin`): subscriptions (create, list,
 * get, disable, rotate the secret), deliveries (list by status with paging, redeliver), replay.
 *
 * @example
 * ```ts
 * for (const route of webhookRoutes(dispatcher)) mountRoute(app, gate, route);
 * ```
 */
export function webhookRoutes(admin: WebhookAdmin): HttpRoute[] {
  const id = (params: Readonly<Record<string, string>>): string => params['subscriptionId'] ?? '';
  return [
    httpRoute({
      method: 'post', path: '/v1/webhooks', scope: 'admin', tag: 'webhooks', summary: 'Subscribe an endpoint to event types (the secret is shown once)',
      body: z.object({ url: z.string().min(1).max(2000), eventTypes: z.array(z.string().min(1)).min(1).max(100) }), response: Created,
      handle: async ({ body }) => admin.subscribe(body),
    }),
    httpRoute({
      method: 'get', path: '/v1/webhooks', scope: 'admin', tag: 'webhooks', summary: 'Every subscription, oldest first',
      response: z.object({ subscriptions: z.array(Subscription) }),
      handle: async () => ({ subscriptions: await admin.subscriptions() }),
    }),
    httpRoute({
      method: 'get', path: '/v1/webhooks/{subscriptionId}', scope: 'admin', tag: 'webhooks', summary: 'One subscription', response: Subscription,
      handle: async ({ params }) => admin.subscription(id(params)),
    }),
    httpRoute({
      method: 'post', path: '/v1/webhooks/{subscriptionId}/disable', scope: 'admin', tag: 'webhooks', summary: 'Disable a subscription (kept with its deliveries)', response: Subscription,
      handle: async ({ params }) => admin.unsubscribe(id(params)),
    }),
    httpRoute({
      method: 'post', path: '/v1/webhooks/{subscriptionId}/rotate-secret', scope: 'admin', tag: 'webhooks', summary: 'A new signing secret; the old one stops signing at once', response: Created,
      handle: async ({ params }) => admin.rotateSecret(id(params)),
    }),
    httpRoute({
      method: 'get', path: '/v1/webhooks/{subscriptionId}/deliveries', scope: 'admin', tag: 'webhooks', summary: "A subscription's deliveries, oldest first, optionally of one status",
      query: z.object({ status: z.enum(['pending', 'delivered', 'dead']).optional(), after: Id.optional(), limit: PageLimit.optional() }),
      response: z.object({ deliveries: z.array(Delivery), next: z.string().optional() }),
      handle: async ({ params, query }) => admin.deliveries(id(params), query),
    }),
    httpRoute({
      method: 'post', path: '/v1/webhooks/deliveries/{deliveryId}/redeliver', scope: 'admin', tag: 'webhooks', summary: 'Try a dead or pending delivery again, now', response: Delivery,
      handle: async ({ params }) => admin.redeliver(params['deliveryId'] ?? ''),
    }),
    httpRoute({
      method: 'post', path: '/v1/webhooks/{subscriptionId}/replay', scope: 'admin', tag: 'webhooks', summary: 'Queue again every matching event after an outbox cursor',
      body: z.object({ after: z.string().min(1).max(100) }), response: z.object({ queued: z.number().int() }),
      handle: async ({ params, body }) => admin.replay(id(params), body),
    }),
  ];
}
