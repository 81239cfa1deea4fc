import type { Migration } from './migration.js';

/**
 * Migration 9: the outbox of domain events. `events` holds each event once (`id` is the primary
 * key: a job's event written twice stays one); writers insert with `position` NULL, in the same
 * statement as their state change, and `written` (a sequence) keeps the order of the writes.
 * Readers give positions: under the lock of the one `event_sequencer` row, the unpositioned
 * events a fresh snapshot sees are numbered `last + 1 …` in `written` order. Positions are
 * therefore handed out only to committed events, one batch at a time, so a reader going past a
 * position never skips an event that commits later (no gaps, no `pg_current_snapshot`, no
 * advisory locks: SQL CockroachDB and YugabyteDB run). `event_consumers` keeps each consumer's
 * acknowledged position.
 *
 * @example
 * ```ts
 * eventOutboxMigration.version; // 9
 * ```
 */
export const eventOutboxMigration: Migration = {
  version: 9,
  name: 'event-outbox',
  statements: (s) => [
    `CREATE TABLE ${s}.events (
       id text PRIMARY KEY,
       written bigserial NOT NULL,
       position bigint UNIQUE,
       type text NOT NULL,
       version integer NOT NULL,
       customer_id text,
       at timestamptz NOT NULL,
       payload jsonb NOT NULL)`,
    `CREATE INDEX events_unpositioned ON ${s}.events (written) WHERE position IS NULL`,
    `CREATE INDEX events_by_customer ON ${s}.events (customer_id, position)`,
    `CREATE TABLE ${s}.event_sequencer (id integer PRIMARY KEY, last bigint NOT NULL)`,
    `INSERT INTO ${s}.event_sequencer (id, last) VALUES (1, 0)`,
    `CREATE TABLE ${s}.event_consumers (consumer text PRIMARY KEY, position bigint NOT NULL, acked_at timestamptz NOT NULL DEFAULT now())`,
  ],
};
