import type { Migration } from './migration.js';

/**
 * Migration 4: shared point budgets (a rule's total budget over all customers). One row per
 * budget key with the points used so far; appends lock the rows they consume, in key order.
 *
 * @example
 * ```ts
 * ledgerBudgetsMigration.version; // 4
 * ```
 */
export const ledgerBudgetsMigration: Migration = {
  version: 4,
  name: 'ledger-budgets',
  statements: (s) => [
    `CREATE TABLE ${s}.ledger_budgets (
      key text PRIMARY KEY,
      used bigint NOT NULL CHECK (used >= 0))`,
  ],
};
