import type { Migration } from './migration.js';

/**
 * Migration 3: the contact history, one row per recorded contact, unique by the idempotency key
 * of the `recordContact` call; indexed by customer and time for the frequency-cap lookups.
 *
 * @example
 * ```ts
 * contactsMigration.version; // 3
 * ```
 */
export const contactsMigration: Migration = {
  version: 3,
  name: 'contacts',
  statements: (s) => [
    `CREATE TABLE ${s}.contacts (
      idempotency_key text PRIMARY KEY,
      id text COLLATE "C" NOT NULL,
      customer_id text NOT NULL,
      channel text NOT NULL,
      kind text NOT NULL,
      at timestamptz NOT NULL,
      journey_id text,
      step_id text,
      content_key text)`,
    `CREATE INDEX contacts_customer_at ON ${s}.contacts (customer_id, at, id)`,
  ],
};
