import type { Migration } from './migration.js';

/**
 * Migration 7: `ledgers.revision`, a random token every write of the row replaces (append, guarded
 * burn, erasure). An append guarded by the revision it planned from cannot overwrite a write that
 * left the version unchanged (an append without entries, which still updates the projection), and
 * an engine may keep a customer's state between operations and plan from it: the token tells it
 * whether that state is still current. Rows written before have none (`NULL`) until their next write.
 *
 * @example
 * ```ts
 * ledgerRevisionMigration.version; // 7
 * ```
 */
export const ledgerRevisionMigration: Migration = {
  version: 7,
  name: 'ledger-revision',
  statements: (s) => [`ALTER TABLE ${s}.ledgers ADD COLUMN revision text`],
};
