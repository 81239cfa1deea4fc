import type { LedgerEntry } from '../../rules/ledger/entry.js';
import type { LedgerProjection } from '../../rules/ledger/projection.js';
import type { LedgerPage, LedgerRead, LedgerReadQuery, OrderRecord } from '../../storage/ledger-store.js';
import { decodeJson } from './json-codec.js';
import type { PostgresScope } from './postgres-store.js';
import { preparedStatement, statementName } from './statement-name.js';

interface ReadRow {
  customer_id: string | null;
  version: string | number | null;
  revision: string | null;
  state: unknown;
  tail: unknown;
  order_entries: unknown;
  order_id: string | null;
  order_customer_id: string | null;
  program_id: string | null;
  placed_at: Date | string | null;
  lot_id: string | null;
  request_hash: string | null;
  result: unknown;
}

/** A `json` / `jsonb` column as a value (drivers return it parsed or as text). */
export function jsonValue(stored: unknown): unknown {
  return typeof stored === 'string' ? JSON.parse(stored) : stored;
}

/** Stored entries (`json_agg` of the `data` column) as ledger entries. */
export function entriesOf(stored: unknown): LedgerEntry[] {
  const list = jsonValue(stored);
  return Array.isArray(list) ? list.map((data) => decodeJson(data) as LedgerEntry) : [];
}

/**
 * The statement of `readCustomer`: one row for the customer (given, or found through the order)
 * with its version, projection, the entries after the projection, the order's record and
 * entries, and the idempotency key's record, all from one snapshot.
 *
 * @example
 * ```ts
 * const text = readCustomerSql('"fidelis"');
 * ```
 */
export function readCustomerSql(s: string): string {
  return `SELECT c.id AS customer_id, l.version, l.revision, l.state,
    (SELECT json_agg(e.data ORDER BY e.seq) FROM ${s}.ledger_entries e
      WHERE e.customer_id = c.id AND e.seq > CASE WHEN l.state IS NULL THEN 0 ELSE l.state_version END) AS tail,
    (SELECT json_agg(e.data ORDER BY e.seq) FROM ${s}.ledger_entries e
      WHERE $2::text IS NOT NULL AND e.customer_id = c.id AND e.order_id = $2::text) AS order_entries,
    o.order_id, o.customer_id AS order_customer_id, o.program_id, o.placed_at, o.lot_id,
    k.request_hash, k.result
  FROM (SELECT COALESCE($1::text, (SELECT customer_id FROM ${s}.ledger_orders WHERE order_id = $2::text)) AS id) c
  LEFT JOIN ${s}.ledgers l ON l.customer_id = c.id
  LEFT JOIN ${s}.ledger_orders o ON o.order_id = $2::text
  LEFT JOIN ${s}.ledger_idempotency_keys k ON k.key = $3::text`;
}

function orderOf(row: ReadRow): OrderRecord | undefined {
  if (row.order_id === null || row.order_customer_id === null || row.program_id === null || row.placed_at === null || row.lot_id === null) return undefined;
  return { orderId: row.order_id, customerId: row.order_customer_id, programId: row.program_id, placedAt: new Date(row.placed_at), lotId: row.lot_id };
}

/**
 * `readCustomer` on PostgreSQL: one prepared statement, one round trip.
 *
 * @example
 * ```ts
 * const read = await readCustomer(scope, { customerId: 'c1', idempotencyKey: 'k1' });
 * ```
 */
export async function readCustomer(scope: PostgresScope, query: LedgerReadQuery): Promise<LedgerRead> {
  const { text, options } = preparedStatement(`read|${scope.schema}`, () => readCustomerSql(scope.schema));
  const { rows } = await scope.sql.query<ReadRow>(text, [query.customerId ?? null, query.orderId ?? null, query.idempotencyKey ?? null], options);
  const row = rows[0];
  const order = row === undefined ? undefined : orderOf(row);
  const state = row?.state === null || row?.state === undefined ? undefined : (jsonValue(row.state) as LedgerProjection);
  return {
    customerId: row?.customer_id ?? undefined,
    version: Number(row?.version ?? 0),
    revision: row?.revision ?? null,
    projection: state,
    tail: entriesOf(row?.tail),
    ...(row?.request_hash !== null && row?.request_hash !== undefined ? { idempotency: { requestHash: row.request_hash, result: decodeJson(row.result) } } : {}),
    ...(order !== undefined ? { order } : {}),
    ...(query.orderId !== undefined ? { orderEntries: entriesOf(row?.order_entries) } : {}),
  };
}

/**
 * `ledgerEntries` on PostgreSQL: a page of entries by sequence number (1, 2, … within a customer).
 *
 * @example
 * ```ts
 * const page = await ledgerEntriesPage(scope, 'c1', { after: 0, limit: 500 });
 * ```
 */
export async function ledgerEntriesPage(scope: PostgresScope, customerId: string, page?: { readonly after?: number; readonly limit?: number }): Promise<LedgerPage> {
  const after = Math.max(0, Math.floor(page?.after ?? 0));
  const limit = page?.limit === undefined ? null : Math.max(0, Math.floor(page.limit));
  const text = `SELECT data FROM ${scope.schema}.ledger_entries WHERE customer_id = $1 AND seq > $2::bigint ORDER BY seq LIMIT $3::bigint`;
  const { rows } = await scope.sql.query<{ data: unknown }>(text, [customerId, after, limit === null ? null : limit + 1], statementName(text));
  const more = limit !== null && rows.length > limit;
  const entries = (more ? rows.slice(0, limit) : rows).map((r) => decodeJson(r.data) as LedgerEntry);
  return { entries, ...(more ? { next: after + entries.length } : {}) };
}
