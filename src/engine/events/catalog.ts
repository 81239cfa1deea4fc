import { z } from 'zod';

const iso = z.string().describe('ISO 8601 instant');
const points = z.number().int();

/**
 * The payload schema of every event type the engine writes (version 1 of each). The outbox's
 * contract with its consumers: `eventJsonSchemas()` publishes them as JSON Schema, and a test
 * checks every event the engine writes against its schema. Payloads hold ids and amounts, never
 * free text an operator typed or contact data.
 *
 * @example
 * ```ts
 * eventPayloadSchemas['points.earned'].parse(event.payload);
 * ```
 */
export const eventPayloadSchemas = {
  'points.earned': z.object({
    lotId: z.string(),
    source: z.enum(['order', 'bonus']),
    orderId: z.string().optional(),
    programId: z.string().optional(),
    bonus: z.string().optional(),
    partnerId: z.string().optional(),
    points,
    activatesAt: iso,
    expiresAt: iso.nullable(),
    pending: z.boolean(),
  }),
  'points.pending_activated': z.object({ lotId: z.string(), points }),
  'points.expired': z.object({ lotId: z.string(), points }),
  'points.expiring_soon': z.object({ lotId: z.string(), points, expiresAt: iso }),
  'points.redeemed': z.object({ points, entryId: z.string(), partnerId: z.string().optional(), checkoutId: z.string().optional(), orderId: z.string().optional() }),
  'points.reserved': z.object({ points, entryId: z.string(), checkoutId: z.string(), expiresAt: iso }),
  'points.released': z.object({ points, forfeited: points, entryId: z.string(), checkoutId: z.string(), lapsed: z.boolean() }),
  'points.refunded': z.object({ points, forfeited: points, entryId: z.string(), checkoutId: z.string(), orderId: z.string(), returnId: z.string() }),
  'points.reversed': z.object({ orderId: z.string(), returnId: z.string(), points, debt: points }),
  'points.adjusted': z.object({ points, debt: points }),
  'tier.changed': z.object({ from: z.string().nullable(), to: z.string().nullable() }),
  'reward.unlocked': z.object({ orderId: z.string(), ruleId: z.string(), rewardId: z.string(), count: z.number().int().positive() }),
  'stamp_card.completed': z.object({ orderId: z.string(), ruleId: z.string(), cards: z.number().int().positive() }),
  'coupon.issued': z.object({ promotionId: z.string(), count: z.number().int().nonnegative(), batchId: z.string().optional(), ruleId: z.string().optional(), orderId: z.string().optional(), code: z.string().optional() }),
  'coupon.reserved': z.object({ reservationId: z.string(), promotionId: z.string(), checkoutId: z.string().optional(), discountMinor: z.number().int(), currency: z.string(), expiresAt: iso }),
  'coupon.redeemed': z.object({ reservationId: z.string(), promotionId: z.string(), orderId: z.string().optional(), discountMinor: z.number().int(), currency: z.string() }),
  'coupon.released': z.object({ reservationId: z.string(), promotionId: z.string() }),
  'coupon.restored': z.object({ reservationId: z.string(), promotionId: z.string(), returnId: z.string() }),
  'contact.recorded': z.object({ contactId: z.string(), channel: z.string(), kind: z.string(), journeyId: z.string().optional(), stepId: z.string().optional() }),
  'customer.erased': z.object({ entries: z.number().int().nonnegative(), contacts: z.number().int().nonnegative() }),
} as const;

/**
 * An event type the engine writes.
 *
 * @example
 * ```ts
 * const t: EventType = 'tier.changed';
 * ```
 */
export type EventType = keyof typeof eventPayloadSchemas;

/**
 * The payload of an event type, as its schema describes it.
 *
 * @example
 * ```ts
 * const p: EventPayload<'tier.changed'> = { from: 'silver', to: 'gold' };
 * ```
 */
export type EventPayload<T extends EventType> = z.infer<(typeof eventPayloadSchemas)[T]>;

/**
 * The payload version every type is at (a breaking change of a payload gets a new version).
 *
 * @example
 * ```ts
 * event.version === EVENT_VERSION; // true for events this fidelis wrote
 * ```
 */
export const EVENT_VERSION = 1;

/**
 * The event types with the JSON Schema (draft 2020-12) of their payload, for consumers in any
 * language (the HTTP service serves the same).
 *
 * @example
 * ```ts
 * eventJsonSchemas()['points.earned'].required; // ['lotId', 'source', 'points', …]
 * ```
 */
export function eventJsonSchemas(): Record<EventType, Record<string, unknown>> {
  const out: Partial<Record<EventType, Record<string, unknown>>> = {};
  for (const type of Object.keys(eventPayloadSchemas) as EventType[]) {
    const schema = z.toJSONSchema(eventPayloadSchemas[type]) as Record<string, unknown>;
    out[type] = { ...schema, title: type, 'x-version': EVENT_VERSION };
  }
  return out as Record<EventType, Record<string, unknown>>;
}
