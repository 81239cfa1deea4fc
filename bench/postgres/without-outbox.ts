// The same store with its outbox switched off: every write's `events` dropped before it reaches
// the adapter, so the benchmark can show what writing the events costs (same statements, the
// `ev` CTE inserting nothing).
import type { PostgresStore } from '../../src/adapters/postgres/index.js';

/** `store` with the events of every write dropped. */
export function withoutOutbox(store: PostgresStore): PostgresStore {
  const { ledger, coupons, contacts } = store;
  return {
    ...store,
    ledger: {
      ...ledger,
      appendLedger: ({ events: _events, ...req }) => ledger.appendLedger(req),
      burnPoints: ({ events: _events, ...req }) => ledger.burnPoints(req),
    },
    coupons: {
      ...coupons,
      reserveUsage: ({ events: _events, ...req }) => coupons.reserveUsage(req),
      commitUsage: ({ events: _events, ...req }) => coupons.commitUsage(req),
      releaseUsage: ({ events: _events, ...req }) => coupons.releaseUsage(req),
    },
    contacts: { ...contacts, recordContact: (c, { events: _events, ...options }) => contacts.recordContact(c, options) },
  };
}
