import type { Migration } from './migration.js';

/**
 * Migration 10: an index on the ledger entries that moved points through a coalition partner
 * (partial: only those entries), by partner and instant, so a partner's settlement for a month
 * reads its entries without scanning the whole ledger.
 *
 * @example
 * ```ts
 * partnerEntriesMigration.version; // 10
 * ```
 */
export const partnerEntriesMigration: Migration = {
  version: 10,
  name: 'partner-entries',
  statements: (s) => [
    `CREATE INDEX ledger_entries_by_partner ON ${s}.ledger_entries ((data->'v'->'partner'->>'partnerId'), at) WHERE data->'v' ? 'partner'`,
  ],
};
