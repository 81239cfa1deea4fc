import type { DomainEvent } from '../../storage/event-store.js';
import { EVENT_VERSION, type EventPayload, type EventType } from './catalog.js';

/**
 * One event of the catalog. Its id is derived from what the write that carries it makes unique
 * (`ev_<entry id>`, `ev_redeemed_<reservation id>`…: the write happens once, so does the event),
 * so the same fact planned again after a conflict keeps its id, and a job's event written twice
 * is stored once.
 *
 * @example
 * ```ts
 * domainEvent('ev_e9', 'tier.changed', 'c1', new Date(), { from: 'silver', to: 'gold' });
 * ```
 */
export function domainEvent<T extends EventType>(id: string, type: T, customerId: string | null, at: Date, payload: EventPayload<T>): DomainEvent {
  // one pass, no intermediate arrays: this runs for every event of every operation
  const clean: Record<string, unknown> = {};
  for (const key in payload) {
    const v = (payload as Record<string, unknown>)[key];
    if (v !== undefined && Object.hasOwn(payload, key)) clean[key] = v;
  }
  return { id, type, version: EVENT_VERSION, customerId, at: at.toISOString(), payload: clean };
}
