import type { Migration } from './migration.js';

/**
 * Migration 5: the customer projection beside the ledger (DESIGN.md §6). `ledgers` gains the
 * projection (`state`, standing for the first `state_version` entries) and the balance guard
 * (`active` points, valid for `active_from ≤ t < active_until`, epoch ms); `ledger_entries`
 * gains `order_id` (backfilled from the entries) with an index, so a return reads its order's
 * entries alone; `ledger_budgets` keeps the limit of the last append (`limit_points`), so one
 * guarded upsert checks it. Ledgers written before this migration have no projection: their
 * first read folds every entry and their next append writes the projection, so nothing is
 * rebuilt at migration time and balances read the same before and after.
 *
 * @example
 * ```ts
 * ledgerProjectionMigration.version; // 5
 * ```
 */
export const ledgerProjectionMigration: Migration = {
  version: 5,
  name: 'ledger-projection',
  statements: (s) => [
    `ALTER TABLE ${s}.ledgers ADD COLUMN state jsonb`,
    `ALTER TABLE ${s}.ledgers ADD COLUMN state_version bigint NOT NULL DEFAULT 0`,
    `ALTER TABLE ${s}.ledgers ADD COLUMN active bigint NOT NULL DEFAULT 0`,
    `ALTER TABLE ${s}.ledgers ADD COLUMN active_from bigint NOT NULL DEFAULT 0`,
    `ALTER TABLE ${s}.ledgers ADD COLUMN active_until bigint NOT NULL DEFAULT 0`,
    `ALTER TABLE ${s}.ledger_entries ADD COLUMN order_id text`,
    `UPDATE ${s}.ledger_entries SET order_id = COALESCE(data->'v'->'source'->>'orderId', data->'v'->>'orderId')
      WHERE kind IN ('earn', 'reverse')`,
    `CREATE INDEX ledger_entries_order ON ${s}.ledger_entries (customer_id, order_id) WHERE order_id IS NOT NULL`,
    `ALTER TABLE ${s}.ledger_budgets ADD COLUMN limit_points bigint`,
  ],
};
