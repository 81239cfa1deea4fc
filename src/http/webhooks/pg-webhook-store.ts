import { DEFAULT_SCHEMA, quoteIdentifier } from '../../adapters/postgres/schema-name.js';
import type { SqlClient } from '../../adapters/postgres/sql-client.js';
import { statementName } from '../../adapters/postgres/statement-name.js';
import { deliveryPageAfter } from './webhook-input.js';
import type { ClaimedWebhookDelivery, StoredWebhookSubscription, WebhookDeliveryRecord, WebhookStore } from './webhook-store.js';

interface SubscriptionRow {
  id: string;
  url: string;
  event_types: unknown;
  status: 'active' | 'disabled';
  secret: string;
  start_after: string;
  created_at: Date | string;
}

interface DeliveryRow {
  id: string;
  seq: string | number;
  subscription_id: string;
  event_id: string;
  event_type: string;
  body: string;
  status: WebhookDeliveryRecord['status'];
  attempts: number;
  retry_step: number;
  next_attempt_at: Date | string | null;
  last_error: string | null;
  delivered_at: Date | string | null;
}

const SUBSCRIPTION = 'id, url, event_types, status, secret, start_after, created_at';
const DELIVERY = 'd.id, d.seq, d.subscription_id, d.event_id, d.event_type, d.body, d.status, d.attempts, d.retry_step, d.next_attempt_at, d.last_error, d.delivered_at';

function subscriptionOf(r: SubscriptionRow): StoredWebhookSubscription {
  const types = typeof r.event_types === 'string' ? (JSON.parse(r.event_types) as string[]) : (r.event_types as string[]);
  return { id: r.id, url: r.url, eventTypes: types, status: r.status, createdAt: new Date(r.created_at), secret: r.secret, startAfter: r.start_after };
}

function deliveryOf(r: DeliveryRow): WebhookDeliveryRecord {
  return {
    id: r.id,
    subscriptionId: r.subscription_id,
    eventId: r.event_id,
    eventType: r.event_type,
    status: r.status,
    attempts: Number(r.attempts),
    retryStep: Number(r.retry_step),
    body: r.body,
    ...(r.next_attempt_at === null ? {} : { nextAttemptAt: new Date(r.next_attempt_at) }),
    ...(r.last_error === null ? {} : { lastError: r.last_error }),
    ...(r.delivered_at === null ? {} : { deliveredAt: new Date(r.delivered_at) }),
  };
}

/**
 * The {@link WebhookStore} on PostgreSQL or PGlite (tables of migration 11: run `migrate` from
 * `fidelis/postgres` first). Give it the store's query interface and schema — a `PostgresStore`
 * has both. Every operation is one statement: queueing is one `INSERT … ON CONFLICT`, a claim one
 * `UPDATE … WHERE <still due and unleased> RETURNING` (a concurrent claimer that waited on the row
 * re-checks the condition and skips it), an attempt one `UPDATE … WHERE lease = $token`.
 *
 * @example
 * ```ts
 * import { createPostgresStore, migrate, openPglite } from 'fidelis/postgres';
 * import { createPgWebhookStore } from 'fidelis/http';
 * const store = createPostgresStore({ pglite: await openPglite('./data') });
 * await migrate(store);
 * const webhooks = createPgWebhookStore(store);
 * ```
 */
export function createPgWebhookStore(target: { readonly sql: SqlClient; readonly schema?: string }): WebhookStore {
  const { sql } = target;
  const s = quoteIdentifier(target.schema ?? DEFAULT_SCHEMA);
  const query = async <R,>(text: string, params: readonly unknown[]): Promise<R[]> => (await sql.query<R>(text, params, statementName(text))).rows;
  const iso = (d: Date | undefined): string | null => d?.toISOString() ?? null;

  const restart = `status = 'pending', next_attempt_at = $2::timestamptz, retry_step = 0, delivered_at = NULL, lease = NULL, leased_until = NULL`;
  const queueSql = (requeue: boolean): string =>
    `WITH q AS (
       INSERT INTO ${s}.webhook_deliveries AS d (id, subscription_id, event_id, event_type, body, status, next_attempt_at)
       SELECT t.d->>'id', t.d->>'subscriptionId', t.d->>'eventId', t.d->>'eventType', t.d->>'body', 'pending', $2::timestamptz
         FROM jsonb_array_elements($1::text::jsonb) WITH ORDINALITY AS t(d, n) ORDER BY t.n
       ON CONFLICT (subscription_id, event_id) ${requeue ? `DO UPDATE SET body = EXCLUDED.body, ${restart}` : 'DO NOTHING'}
       RETURNING 1)
     SELECT count(*) AS queued FROM q`;
  const due = (d: string): string => `${d}.status = 'pending' AND ${d}.next_attempt_at <= $1::timestamptz AND (${d}.leased_until IS NULL OR ${d}.leased_until <= $1::timestamptz)`;

  return {
    insertSubscription: async (sub) => {
      await query(
        `INSERT INTO ${s}.webhook_subscriptions (${SUBSCRIPTION}) VALUES ($1, $2, $3::text::jsonb, $4, $5, $6, $7::timestamptz)`,
        [sub.id, sub.url, JSON.stringify(sub.eventTypes), sub.status, sub.secret, sub.startAfter, sub.createdAt.toISOString()],
      );
    },
    subscriptions: async () => (await query<SubscriptionRow>(`SELECT ${SUBSCRIPTION} FROM ${s}.webhook_subscriptions ORDER BY seq`, [])).map(subscriptionOf),
    subscription: async (id) => {
      const [row] = await query<SubscriptionRow>(`SELECT ${SUBSCRIPTION} FROM ${s}.webhook_subscriptions WHERE id = $1`, [id]);
      return row === undefined ? undefined : subscriptionOf(row);
    },
    updateSubscription: async (id, change) => {
      const [row] = await query<SubscriptionRow>(
        `UPDATE ${s}.webhook_subscriptions SET status = COALESCE($2, status), secret = COALESCE($3, secret) WHERE id = $1 RETURNING ${SUBSCRIPTION}`,
        [id, change.status ?? null, change.secret ?? null],
      );
      return row === undefined ? undefined : subscriptionOf(row);
    },

    queueDeliveries: async (deliveries, { at, requeue }) => {
      if (deliveries.length === 0) return 0;
      const [row] = await query<{ queued: string | number }>(queueSql(requeue), [JSON.stringify(deliveries), at.toISOString()]);
      return Number(row?.queued ?? 0);
    },

    claimDue: async ({ now, leaseUntil, lease, limit }) => {
      const rows = await query<DeliveryRow & { url: string; secret: string }>(
        `UPDATE ${s}.webhook_deliveries d SET lease = $3, leased_until = $2::timestamptz
           FROM ${s}.webhook_subscriptions sub
          WHERE d.id IN (SELECT c.id FROM ${s}.webhook_deliveries c JOIN ${s}.webhook_subscriptions cs ON cs.id = c.subscription_id
                          WHERE ${due('c')} AND cs.status = 'active' ORDER BY c.next_attempt_at, c.seq LIMIT $4::int)
            AND sub.id = d.subscription_id AND sub.status = 'active' AND ${due('d')}
          RETURNING ${DELIVERY}, sub.url, sub.secret`,
        [now.toISOString(), leaseUntil.toISOString(), lease, limit],
      );
      return rows
        .map((r): ClaimedWebhookDelivery & { seq: number } => ({ delivery: deliveryOf(r), url: r.url, secret: r.secret, lease, seq: Number(r.seq) }))
        .sort((a, b) => (a.delivery.nextAttemptAt?.getTime() ?? 0) - (b.delivery.nextAttemptAt?.getTime() ?? 0) || a.seq - b.seq)
        .map(({ seq: _seq, ...claim }) => claim);
    },

    recordAttempt: async (id, lease, outcome) => {
      const [row] = await query<DeliveryRow>(
        `UPDATE ${s}.webhook_deliveries d SET status = $3, attempts = d.attempts + 1, retry_step = d.retry_step + $4::int,
                next_attempt_at = $5::timestamptz, last_error = COALESCE($6, d.last_error), delivered_at = $7::timestamptz, lease = NULL, leased_until = NULL
          WHERE d.id = $1 AND d.lease = $2 RETURNING ${DELIVERY}`,
        [id, lease, outcome.status, outcome.status === 'delivered' ? 0 : 1, iso(outcome.nextAttemptAt), outcome.lastError ?? null, iso(outcome.deliveredAt)],
      );
      return row === undefined ? undefined : deliveryOf(row);
    },

    deliveries: async (subscriptionId, { status, after, limit }) => {
      const rows = await query<DeliveryRow>(
        `SELECT ${DELIVERY} FROM ${s}.webhook_deliveries d
          WHERE d.subscription_id = $1 AND d.seq > $2::bigint AND ($3::text IS NULL OR d.status = $3::text) ORDER BY d.seq LIMIT $4::int`,
        [subscriptionId, deliveryPageAfter(after), status ?? null, limit + 1],
      );
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      const deliveries = page.map(deliveryOf);
      return rows.length > limit && last !== undefined ? { deliveries, next: String(last.seq) } : { deliveries };
    },
    delivery: async (id) => {
      const [row] = await query<DeliveryRow>(`SELECT ${DELIVERY} FROM ${s}.webhook_deliveries d WHERE d.id = $1`, [id]);
      return row === undefined ? undefined : deliveryOf(row);
    },
    requeueDelivery: async (id, at) => {
      const [row] = await query<DeliveryRow>(`UPDATE ${s}.webhook_deliveries d SET ${restart} WHERE d.id = $1 RETURNING ${DELIVERY}`, [id, at.toISOString()]);
      return row === undefined ? undefined : deliveryOf(row);
    },
    eraseCustomerDeliveries: async (customerId, anonymousId) => {
      if (customerId === anonymousId) return 0;
      // the id as a JSON string value, as JSON.stringify wrote it into the body
      const rows = await query(`UPDATE ${s}.webhook_deliveries SET body = replace(body, $1, $2) WHERE strpos(body, $1) > 0 RETURNING 1`, [JSON.stringify(customerId), JSON.stringify(anonymousId)]);
      return rows.length;
    },
  };
}
