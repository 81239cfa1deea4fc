import { createMemoryCodeBook } from './memory/code-book.js';
import { createMemoryContactStore } from './memory/contacts.js';
import { createMemoryCouponStore } from './memory/coupons.js';
import { createMemoryEventLog } from './memory/events.js';
import { createMemoryLedgerStore } from './memory/ledger.js';
import { createMemorySegmentStore } from './memory/segments.js';
import type { Store } from './store.js';

/**
 * The embedded default {@link Store}: everything in process memory, each operation atomic
 * (JavaScript runs one operation's critical section without interleaving). State is lost when
 * the process ends; use `fidelis/postgres` to keep it.
 *
 * @example
 * ```ts
 * import { createLoyaltyEngine, createMemoryStore } from 'fidelis';
 * const store = createMemoryStore();
 * ```
 */
export function createMemoryStore(): Store {
  const events = createMemoryEventLog();
  const codes = createMemoryCodeBook();
  return {
    ledger: createMemoryLedgerStore(events, codes),
    coupons: createMemoryCouponStore(events, codes),
    contacts: createMemoryContactStore(events),
    segments: createMemorySegmentStore(),
    events: events.store,
    close: async () => {},
  };
}
