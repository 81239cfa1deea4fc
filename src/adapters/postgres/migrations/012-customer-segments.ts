import type { Migration } from './migration.js';

/**
 * Migration 12: the customers' current segments (`store.segments`), one row per customer with
 * the date of the classification it came from (`as_of`; a later one replaces it in one guarded
 * upsert). The CLV stays the exact decimal text it was given; labels are a JSON array.
 *
 * @example
 * ```ts
 * customerSegmentsMigration.version; // 12
 * ```
 */
export const customerSegmentsMigration: Migration = {
  version: 12,
  name: 'customer-segments',
  statements: (s) => [
    `CREATE TABLE ${s}.customer_segments (
       customer_id text PRIMARY KEY,
       as_of timestamptz NOT NULL,
       quadrant text,
       rfm text,
       clv text,
       p_alive double precision,
       labels jsonb)`,
  ],
};
