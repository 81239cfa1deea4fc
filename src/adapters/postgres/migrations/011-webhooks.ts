import type { Migration } from './migration.js';

/**
 * Migration 11: webhook subscriptions and their deliveries (`fidelis/http`'s
 * `createPgWebhookStore`). A subscription keeps its signing secret and the outbox cursor it starts
 * after; a delivery is one (subscription, event) pair (unique: a re-read outbox page queues nothing
 * twice) with the exact body it POSTs, its status, attempts, the next attempt's time and the last
 * error. Dispatchers claim due deliveries by setting `lease`/`leased_until` in a guarded `UPDATE`
 * (no advisory locks, no `SKIP LOCKED`: SQL CockroachDB and YugabyteDB run); the partial index
 * keeps the due scan to the pending ones.
 *
 * @example
 * ```ts
 * webhooksMigration.version; // 11
 * ```
 */
export const webhooksMigration: Migration = {
  version: 11,
  name: 'webhooks',
  statements: (s) => [
    `CREATE TABLE ${s}.webhook_subscriptions (
       id text PRIMARY KEY,
       seq bigserial NOT NULL,
       url text NOT NULL,
       event_types jsonb NOT NULL,
       status text NOT NULL CHECK (status IN ('active', 'disabled')),
       secret text NOT NULL,
       start_after text NOT NULL,
       created_at timestamptz NOT NULL)`,
    `CREATE TABLE ${s}.webhook_deliveries (
       id text PRIMARY KEY,
       seq bigserial NOT NULL,
       subscription_id text NOT NULL REFERENCES ${s}.webhook_subscriptions (id),
       event_id text NOT NULL,
       event_type text NOT NULL,
       body text NOT NULL,
       status text NOT NULL CHECK (status IN ('pending', 'delivered', 'dead')),
       attempts integer NOT NULL DEFAULT 0,
       retry_step integer NOT NULL DEFAULT 0,
       next_attempt_at timestamptz,
       last_error text,
       delivered_at timestamptz,
       lease text,
       leased_until timestamptz,
       UNIQUE (subscription_id, event_id))`,
    `CREATE INDEX webhook_deliveries_due ON ${s}.webhook_deliveries (next_attempt_at) WHERE status = 'pending'`,
    `CREATE INDEX webhook_deliveries_by_subscription ON ${s}.webhook_deliveries (subscription_id, seq)`,
  ],
};
