import type { ClaimedWebhookDelivery, StoredWebhookSubscription, WebhookDeliveryRecord, WebhookStore } from './webhook-store.js';
import { deliveryPageAfter } from './webhook-input.js';

interface Row {
  record: WebhookDeliveryRecord;
  readonly seq: number;
  lease?: string;
  leasedUntil?: number;
}

type Change<T> = { -readonly [K in keyof T]?: T[K] | undefined };

/** The record with the optional fields of `change` set or (when `undefined`) removed. */
function withFields(record: WebhookDeliveryRecord, change: Change<WebhookDeliveryRecord>): WebhookDeliveryRecord {
  const next: Record<string, unknown> = { ...record };
  for (const [key, value] of Object.entries(change)) {
    if (value === undefined) delete next[key];
    else next[key] = value;
  }
  return next as unknown as WebhookDeliveryRecord;
}

/**
 * The {@link WebhookStore} in process memory: every operation one synchronous step (atomic in
 * JavaScript), so two dispatchers in one process never claim the same delivery. For tests, demos
 * and the embedded service; lost when the process ends.
 *
 * @example
 * ```ts
 * const dispatcher = createWebhookDispatcher({ engine, store: createMemoryWebhookStore() });
 * ```
 */
export function createMemoryWebhookStore(): WebhookStore {
  const subscriptions = new Map<string, StoredWebhookSubscription>();
  const rows = new Map<string, Row>();
  const byPair = new Map<string, Row>();
  let seq = 0;

  const restart = (row: Row, at: Date, body?: string): void => {
    row.record = withFields(row.record, { status: 'pending', nextAttemptAt: at, retryStep: 0, deliveredAt: undefined, ...(body === undefined ? {} : { body }) });
    delete row.lease;
    delete row.leasedUntil;
  };

  return {
    insertSubscription: async (s) => {
      subscriptions.set(s.id, s);
    },
    subscriptions: async () => [...subscriptions.values()],
    subscription: async (id) => subscriptions.get(id),
    updateSubscription: async (id, change) => {
      const s = subscriptions.get(id);
      if (s === undefined) return undefined;
      const next = { ...s, ...(change.status === undefined ? {} : { status: change.status }), ...(change.secret === undefined ? {} : { secret: change.secret }) };
      subscriptions.set(id, next);
      return next;
    },

    queueDeliveries: async (deliveries, { at, requeue }) => {
      let queued = 0;
      for (const d of deliveries) {
        const pair = `${d.subscriptionId}\u0000${d.eventId}`;
        const existing = byPair.get(pair);
        if (existing !== undefined) {
          if (!requeue) continue;
          restart(existing, at, d.body);
        } else {
          const row: Row = { seq: ++seq, record: { ...d, status: 'pending', attempts: 0, retryStep: 0, nextAttemptAt: at } };
          rows.set(d.id, row);
          byPair.set(pair, row);
        }
        queued += 1;
      }
      return queued;
    },

    claimDue: async ({ now, leaseUntil, lease, limit }) => {
      const due = [...rows.values()]
        .filter((r) => {
          const s = subscriptions.get(r.record.subscriptionId);
          return (
            s?.status === 'active' &&
            r.record.status === 'pending' &&
            (r.record.nextAttemptAt?.getTime() ?? Infinity) <= now.getTime() &&
            (r.leasedUntil === undefined || r.leasedUntil <= now.getTime())
          );
        })
        .sort((a, b) => (a.record.nextAttemptAt?.getTime() ?? 0) - (b.record.nextAttemptAt?.getTime() ?? 0) || a.seq - b.seq)
        .slice(0, limit);
      const claims: ClaimedWebhookDelivery[] = [];
      for (const r of due) {
        r.lease = lease;
        r.leasedUntil = leaseUntil.getTime();
        const s = subscriptions.get(r.record.subscriptionId) as StoredWebhookSubscription;
        claims.push({ delivery: r.record, url: s.url, secret: s.secret, lease });
      }
      return claims;
    },

    recordAttempt: async (id, lease, outcome) => {
      const row = rows.get(id);
      if (row === undefined || row.lease !== lease) return undefined;
      const failed = outcome.status !== 'delivered';
      row.record = withFields(row.record, {
        status: outcome.status,
        attempts: row.record.attempts + 1,
        retryStep: row.record.retryStep + (failed ? 1 : 0),
        nextAttemptAt: outcome.nextAttemptAt,
        lastError: outcome.lastError ?? row.record.lastError,
        deliveredAt: outcome.deliveredAt,
      });
      delete row.lease;
      delete row.leasedUntil;
      return row.record;
    },

    deliveries: async (subscriptionId, { status, after, limit }) => {
      const from = deliveryPageAfter(after);
      const matching = [...rows.values()].filter((r) => r.record.subscriptionId === subscriptionId && r.seq > from && (status === undefined || r.record.status === status));
      const page = matching.slice(0, limit);
      const last = page[page.length - 1];
      const deliveries = page.map((r) => r.record);
      return matching.length > limit && last !== undefined ? { deliveries, next: String(last.seq) } : { deliveries };
    },
    delivery: async (id) => rows.get(id)?.record,
    requeueDelivery: async (id, at) => {
      const row = rows.get(id);
      if (row === undefined) return undefined;
      restart(row, at);
      return row.record;
    },
    eraseCustomerDeliveries: async (customerId, anonymousId) => {
      const [from, to] = [JSON.stringify(customerId), JSON.stringify(anonymousId)];
      let changed = 0;
      for (const row of rows.values()) {
        if (customerId === anonymousId || !row.record.body.includes(from)) continue;
        row.record = { ...row.record, body: row.record.body.replaceAll(from, to) };
        changed += 1;
      }
      return changed;
    },
  };
}
