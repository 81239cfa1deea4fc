import type { Migration } from './migration.js';

/**
 * Migration 1: the points ledger. `ledgers` holds one row per customer with the ledger's
 * version (the compare-and-set guard of every append); `ledger_entries` the append-only entries
 * (the entry as `jsonb`, plus kind, points and time as columns for reporting in SQL);
 * `ledger_idempotency_keys` and `ledger_claims` make keys and business facts unique (primary
 * keys: a second insert finds the first); `ledger_orders` the order records. Customer ids use
 * the "C" collation so they sort by code point, as the memory store does.
 *
 * @example
 * ```ts
 * ledgerMigration.statements('"fidelis"').length; // 8
 * ```
 */
export const ledgerMigration: Migration = {
  version: 1,
  name: 'ledger',
  statements: (s) => [
    `CREATE TABLE ${s}.ledgers (
      customer_id text COLLATE "C" PRIMARY KEY,
      version bigint NOT NULL CHECK (version >= 0))`,
    `CREATE TABLE ${s}.ledger_entries (
      customer_id text COLLATE "C" NOT NULL,
      seq bigint NOT NULL,
      id text NOT NULL,
      kind text NOT NULL,
      points bigint NOT NULL,
      at timestamptz NOT NULL,
      data jsonb NOT NULL,
      PRIMARY KEY (customer_id, seq))`,
    `CREATE TABLE ${s}.ledger_idempotency_keys (
      key text PRIMARY KEY,
      request_hash text NOT NULL,
      customer_id text NOT NULL,
      result jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now())`,
    `CREATE INDEX ledger_idempotency_keys_customer ON ${s}.ledger_idempotency_keys (customer_id)`,
    `CREATE TABLE ${s}.ledger_claims (
      claim text PRIMARY KEY,
      customer_id text NOT NULL,
      result jsonb NOT NULL)`,
    `CREATE INDEX ledger_claims_customer ON ${s}.ledger_claims (customer_id)`,
    `CREATE TABLE ${s}.ledger_orders (
      order_id text PRIMARY KEY,
      customer_id text NOT NULL,
      program_id text NOT NULL,
      placed_at timestamptz NOT NULL,
      lot_id text NOT NULL)`,
    `CREATE INDEX ledger_orders_customer ON ${s}.ledger_orders (customer_id)`,
  ],
};
