import type { DomainEvent, EventPage, EventReadQuery, EventStore, StoredEvent } from '../event-store.js';
import { eventPageLimit, eventPosition, renameInPayload, requireConsumer } from '../event-cursor.js';

/**
 * The memory store's outbox: the {@link EventStore} port plus `write`, which the other memory
 * ports call inside their own synchronous critical section, so an event is stored exactly when
 * its state change is (positions are assigned on write: the order is the order of the writes).
 *
 * @example
 * ```ts
 * const log = createMemoryEventLog();
 * log.write([{ id: 'e1', type: 'points.earned', version: 1, customerId: 'c1', at: '2026-01-01T00:00:00.000Z', payload: {} }]);
 * ```
 */
export interface MemoryEventLog {
  /** The port. */
  readonly store: EventStore;
  /** Store events (ids already stored are skipped); returns how many were new. Synchronous. */
  write(events: readonly DomainEvent[] | undefined): number;
}

/**
 * Create an empty {@link MemoryEventLog}.
 *
 * @example
 * ```ts
 * const { store } = createMemoryEventLog();
 * await store.readEvents({}); // { events: [], cursor: '0' }
 * ```
 */
export function createMemoryEventLog(): MemoryEventLog {
  const events: StoredEvent[] = [];
  const ids = new Set<string>();
  const consumers = new Map<string, number>();

  const write = (batch: readonly DomainEvent[] | undefined): number => {
    let added = 0;
    for (const e of batch ?? []) {
      if (ids.has(e.id)) continue;
      ids.add(e.id);
      events.push({ ...e, payload: structuredClone(e.payload), cursor: String(events.length + 1) });
      added += 1;
    }
    return added;
  };

  const store: EventStore = {
    readEvents: async (query: EventReadQuery): Promise<EventPage> => {
      const after = eventPosition(query.after, 'after');
      const limit = eventPageLimit(query.limit);
      const page: StoredEvent[] = [];
      for (let i = after; i < events.length && page.length < limit; i++) {
        const e = events[i];
        if (e !== undefined && (query.customerId === undefined || e.customerId === query.customerId)) page.push(e);
      }
      return { events: page, cursor: page[page.length - 1]?.cursor ?? String(after) };
    },
    appendEvents: async (batch) => write(batch),
    ackEvents: async (consumer, cursor) => {
      requireConsumer(consumer);
      const position = eventPosition(cursor, 'cursor');
      consumers.set(consumer, Math.max(position, consumers.get(consumer) ?? 0));
    },
    consumerCursor: async (consumer) => {
      requireConsumer(consumer);
      const p = consumers.get(consumer);
      return p === undefined ? undefined : String(p);
    },
    eraseEventsCustomer: async (customerId, anonymousId) => {
      let moved = 0;
      for (let i = 0; i < events.length; i++) {
        const e = events[i];
        if (e === undefined || e.customerId !== customerId) continue;
        events[i] = { ...e, customerId: anonymousId, payload: renameInPayload(e.payload, customerId, anonymousId) };
        moved += 1;
      }
      return moved;
    },
  };
  return { store, write };
}
