import { z } from 'zod';
import { FidelisError } from '../../core/errors.js';
import { parseWith } from '../../core/validation.js';
import { eventPayloadSchemas } from '../../engine/events/catalog.js';
import type { WebhookDelivery } from './webhook-admin.js';

const eventTypes = Object.keys(eventPayloadSchemas) as [string, ...string[]];

/**
 * The input of `subscribe`: an absolute `http:`/`https:` url without credentials, and a
 * non-empty list of event types from the engine's catalog (or `'*'`, every type). Unknown
 * fields are refused.
 *
 * @example
 * ```ts
 * WebhookSubscribeInput.parse({ url: 'https://shop.example/hooks', eventTypes: ['points.earned'] });
 * ```
 */
export const WebhookSubscribeInput = z.strictObject({
  url: z
    .string()
    .max(2000)
    .refine((u) => {
      try {
        const parsed = new URL(u);
        return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.username === '' && parsed.password === '';
      } catch {
        return false;
      }
    }, 'must be an absolute http or https URL without credentials'),
  eventTypes: z
    .array(z.enum(['*', ...eventTypes], { error: `must be '*' or an event type (${eventTypes.join(', ')})` }))
    .min(1, 'must name at least one event type (or "*")')
    .max(100),
});

/**
 * Validate the input of `subscribe` (`VALIDATION_FAILED` naming `url` or `eventTypes[i]`);
 * duplicate types are dropped.
 *
 * @example
 * ```ts
 * parseSubscribeInput({ url: 'https://shop.example/hooks', eventTypes: ['*'] });
 * ```
 */
export function parseSubscribeInput(input: unknown): { readonly url: string; readonly eventTypes: readonly string[] } {
  const parsed = parseWith(WebhookSubscribeInput, input, 'webhook subscription');
  return { url: parsed.url, eventTypes: [...new Set(parsed.eventTypes)] };
}

/**
 * The query of `deliveries`: an optional status, the `next` of the previous page, and a page
 * size 1…1,000 (100 by default).
 *
 * @example
 * ```ts
 * WebhookDeliveryQuery.parse({ status: 'dead', limit: 50 });
 * ```
 */
export const WebhookDeliveryQuery = z.strictObject({
  status: z.enum(['pending', 'delivered', 'dead']).optional(),
  after: z.string().regex(/^(0|[1-9][0-9]{0,14})$/, 'must be the next of a previous page').optional(),
  limit: z.number().int().min(1).max(1000).optional(),
});

/**
 * Validate the query of `deliveries` (`VALIDATION_FAILED` naming `status`, `after` or `limit`).
 *
 * @example
 * ```ts
 * parseDeliveryQuery({ status: 'dead' }); // { status: 'dead', limit: 100 }
 * ```
 */
export function parseDeliveryQuery(query: unknown): { readonly status?: WebhookDelivery['status']; readonly after?: string; readonly limit: number } {
  const q = parseWith(WebhookDeliveryQuery, query ?? {}, 'deliveries query');
  return { ...(q.status === undefined ? {} : { status: q.status }), ...(q.after === undefined ? {} : { after: q.after }), limit: q.limit ?? 100 };
}

/**
 * The position a deliveries page token stands for (0 without one).
 *
 * @example
 * ```ts
 * deliveryPageAfter('12'); // 12
 * ```
 */
export function deliveryPageAfter(after: string | undefined): number {
  return after === undefined ? 0 : Number(after);
}

/**
 * The error for an id that names no subscription or delivery: `NOT_FOUND`, naming the field.
 *
 * @example
 * ```ts
 * throw webhookNotFound('subscription', 'whsub_x');
 * ```
 */
export function webhookNotFound(what: 'subscription' | 'delivery', id: string): FidelisError {
  const field = what === 'subscription' ? 'subscriptionId' : 'deliveryId';
  return new FidelisError('NOT_FOUND', `${field}: no webhook ${what} ${JSON.stringify(id).slice(0, 80)}`, { [field]: id });
}
