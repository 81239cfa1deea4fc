import { FidelisError } from '../../core/errors.js';
import type { LedgerEntry } from '../../rules/ledger/entry.js';
import type {
  IdempotencyRecord,
  LedgerAppend,
  LedgerAppendOutcome,
  LedgerSnapshot,
  LedgerStore,
  OrderRecord,
} from '../../storage/ledger-store.js';
import { decodeJson, encodeJson } from './json-codec.js';
import type { PostgresScope } from './postgres-store.js';
import { rollbackWith, transactionOutcome } from './rollback.js';
import type { SqlQueryable } from './sql-client.js';
import { chunks, inList, valuesList } from './sql-values.js';

const ERASED = encodeJson({ erased: true });

interface OrderRow {
  order_id: string;
  customer_id: string;
  program_id: string;
  placed_at: Date | string;
  lot_id: string;
}

function toOrderRecord(row: OrderRow): OrderRecord {
  return {
    orderId: row.order_id,
    customerId: row.customer_id,
    programId: row.program_id,
    placedAt: new Date(row.placed_at),
    lotId: row.lot_id,
  };
}

/** Step 1: take the idempotency key, or report the replay / conflict of the first request. */
async function takeKey(tx: SqlQueryable, s: string, req: LedgerAppend, hash: string, key: string): Promise<void> {
  const taken = await tx.query(
    `INSERT INTO ${s}.ledger_idempotency_keys (key, request_hash, customer_id, result)
     VALUES ($1, $2, $3, $4::text::jsonb) ON CONFLICT (key) DO NOTHING RETURNING key`,
    [key, hash, req.customerId, encodeJson(req.result)],
  );
  if (taken.rowCount === 1) return;
  const { rows } = await tx.query<{ request_hash: string; result: unknown }>(
    `SELECT request_hash, result FROM ${s}.ledger_idempotency_keys WHERE key = $1`,
    [key],
  );
  const first = rows[0];
  if (first === undefined) throw new FidelisError('STORE_FAILURE', `idempotencyKey: "${key}" vanished while being read`);
  if (first.request_hash !== hash) {
    throw new FidelisError('CONFLICT', `idempotencyKey: "${key}" was already used with a different request`, {
      idempotencyKey: key,
    });
  }
  rollbackWith<LedgerAppendOutcome>({ status: 'replayed', result: decodeJson(first.result) });
}

/** Step 2: take every claim (in sorted order, so concurrent appends lock them alike), or report the first taken one. */
async function takeClaims(tx: SqlQueryable, s: string, req: LedgerAppend): Promise<void> {
  const wanted = [...new Set(req.claims ?? [])];
  if (wanted.length === 0) return;
  const result = encodeJson(req.result);
  const inserted = new Set<string>();
  for (const part of chunks([...wanted].sort(), 1000)) {
    const v = valuesList(part.map((claim) => [claim, req.customerId, result]), 1, ['', '', '::text::jsonb']);
    const { rows } = await tx.query<{ claim: string }>(
      `INSERT INTO ${s}.ledger_claims (claim, customer_id, result) VALUES ${v.text}
       ON CONFLICT (claim) DO NOTHING RETURNING claim`,
      v.params,
    );
    for (const row of rows) inserted.add(row.claim);
  }
  const firstTaken = wanted.find((claim) => !inserted.has(claim));
  if (firstTaken === undefined) return;
  const { rows } = await tx.query<{ result: unknown }>(`SELECT result FROM ${s}.ledger_claims WHERE claim = $1`, [firstTaken]);
  rollbackWith<LedgerAppendOutcome>({ status: 'claimed', claim: firstTaken, result: decodeJson(rows[0]?.result) });
}

/** Step 3: move the customer's version from `expectedVersion` on (compare-and-set), or report it stale. */
async function advanceVersion(tx: SqlQueryable, s: string, req: LedgerAppend): Promise<number> {
  const next = req.expectedVersion + req.entries.length;
  const moved =
    req.expectedVersion === 0
      ? await tx.query<{ version: string | number }>(
          `INSERT INTO ${s}.ledgers (customer_id, version) VALUES ($1, $2)
           ON CONFLICT (customer_id) DO UPDATE SET version = EXCLUDED.version WHERE ${s}.ledgers.version = 0
           RETURNING version`,
          [req.customerId, next],
        )
      : await tx.query<{ version: string | number }>(
          `UPDATE ${s}.ledgers SET version = $2 WHERE customer_id = $1 AND version = $3 RETURNING version`,
          [req.customerId, next, req.expectedVersion],
        );
  if (moved.rowCount === 1) return next;
  const { rows } = await tx.query<{ version: string | number }>(`SELECT version FROM ${s}.ledgers WHERE customer_id = $1`, [
    req.customerId,
  ]);
  return rollbackWith<LedgerAppendOutcome>({ status: 'stale', version: Number(rows[0]?.version ?? 0) });
}

/** Step 4: lock the budgets' rows in key order, check each in the given order, then add the points. */
async function consumeBudgets(tx: SqlQueryable, s: string, req: LedgerAppend): Promise<void> {
  const uses = req.budgets ?? [];
  if (uses.length === 0) return;
  const keys = [...new Set(uses.map((b) => b.key))].sort();
  const v = valuesList(keys.map((k) => [k]));
  await tx.query(`INSERT INTO ${s}.ledger_budgets (key, used) SELECT k, 0 FROM (VALUES ${v.text}) AS t(k) ON CONFLICT (key) DO NOTHING`, v.params);
  const { rows } = await tx.query<{ key: string; used: string | number }>(
    `SELECT key, used FROM ${s}.ledger_budgets WHERE key IN (${inList(keys.length)}) ORDER BY key FOR UPDATE`,
    keys,
  );
  const used = new Map(rows.map((r) => [r.key, Number(r.used)]));
  for (const b of uses) {
    const current = used.get(b.key) ?? 0;
    if (current + b.points > b.limit) rollbackWith<LedgerAppendOutcome>({ status: 'over-budget', key: b.key, used: current });
  }
  const adds = new Map<string, number>();
  for (const b of uses) adds.set(b.key, (adds.get(b.key) ?? 0) + b.points);
  for (const key of keys) {
    await tx.query(`UPDATE ${s}.ledger_budgets SET used = used + $2::bigint WHERE key = $1`, [key, adds.get(key) ?? 0]);
  }
}

async function insertEntries(tx: SqlQueryable, s: string, customerId: string, firstSeq: number, entries: readonly LedgerEntry[]): Promise<void> {
  let seq = firstSeq;
  for (const part of chunks(entries, 1000)) {
    const v = valuesList(
      part.map((e) => [customerId, seq++, e.id, e.kind, e.points, e.at.toISOString(), encodeJson(e)]),
      1,
      ['', '', '', '', '::bigint', '::timestamptz', '::text::jsonb'],
    );
    await tx.query(`INSERT INTO ${s}.ledger_entries (customer_id, seq, id, kind, points, at, data) VALUES ${v.text}`, v.params);
  }
}

async function upsertOrders(tx: SqlQueryable, s: string, orders: readonly OrderRecord[]): Promise<void> {
  const byId = new Map(orders.map((o) => [o.orderId, o]));
  const sorted = [...byId.values()].sort((a, b) => (a.orderId < b.orderId ? -1 : 1));
  for (const part of chunks(sorted, 1000)) {
    const v = valuesList(
      part.map((o) => [o.orderId, o.customerId, o.programId, o.placedAt.toISOString(), o.lotId]),
      1,
      ['', '', '', '::timestamptz', ''],
    );
    await tx.query(
      `INSERT INTO ${s}.ledger_orders (order_id, customer_id, program_id, placed_at, lot_id) VALUES ${v.text}
       ON CONFLICT (order_id) DO UPDATE SET customer_id = EXCLUDED.customer_id, program_id = EXCLUDED.program_id,
         placed_at = EXCLUDED.placed_at, lot_id = EXCLUDED.lot_id`,
      v.params,
    );
  }
}

/**
 * The points-ledger operations of the Store on PostgreSQL. `appendLedger` is one transaction:
 * insert the idempotency key (`ON CONFLICT DO NOTHING`; a conflict is a replay or a `CONFLICT`),
 * insert the claims likewise, advance the customer's version row with
 * `UPDATE … WHERE version = expected` (0 rows: stale), lock the shared budgets' rows in key order
 * and check them (`over-budget`), then insert the entries and order records.
 * Any outcome but `applied` rolls the whole transaction back. Erasure locks both ledger rows in
 * id order and copies the entries to the anonymous id (`INSERT … SELECT`, then `DELETE`).
 *
 * @example
 * ```ts
 * const part = createPgLedgerStore({ sql, schema: '"fidelis"' });
 * ```
 */
export function createPgLedgerStore(scope: PostgresScope): LedgerStore {
  const { sql, schema: s } = scope;
  return {
    loadLedger: async (customerId: string): Promise<LedgerSnapshot> => {
      // One statement, one snapshot; the version is the number of entries by construction.
      const { rows } = await sql.query<{ data: unknown }>(
        `SELECT data FROM ${s}.ledger_entries WHERE customer_id = $1 ORDER BY seq`,
        [customerId],
      );
      const entries = rows.map((r) => decodeJson(r.data) as LedgerEntry);
      return { customerId, entries, version: entries.length };
    },

    appendLedger: async (req: LedgerAppend): Promise<LedgerAppendOutcome> => {
      const key = req.idempotencyKey;
      const hash = req.requestHash;
      if (key !== undefined && hash === undefined) {
        throw new FidelisError('VALIDATION_FAILED', 'requestHash: required with an idempotency key', {
          issues: [{ path: 'requestHash', message: 'required with an idempotency key' }],
        });
      }
      return transactionOutcome<LedgerAppendOutcome>(sql, async (tx) => {
        if (key !== undefined && hash !== undefined) await takeKey(tx, s, req, hash, key);
        await takeClaims(tx, s, req);
        const version = await advanceVersion(tx, s, req);
        await consumeBudgets(tx, s, req);
        await insertEntries(tx, s, req.customerId, req.expectedVersion + 1, req.entries);
        await upsertOrders(tx, s, req.orders ?? []);
        return { status: 'applied', version };
      });
    },

    budgetUsage: async (keys: readonly string[]): Promise<Record<string, number>> => {
      const usage: Record<string, number> = Object.fromEntries(keys.map((k) => [k, 0]));
      for (const part of chunks([...new Set(keys)], 1000)) {
        const { rows } = await sql.query<{ key: string; used: string | number }>(
          `SELECT key, used FROM ${s}.ledger_budgets WHERE key IN (${inList(part.length)})`,
          part,
        );
        for (const r of rows) usage[r.key] = Number(r.used);
      }
      return usage;
    },

    findIdempotencyKey: async (key: string): Promise<IdempotencyRecord | undefined> => {
      const { rows } = await sql.query<{ request_hash: string; result: unknown }>(
        `SELECT request_hash, result FROM ${s}.ledger_idempotency_keys WHERE key = $1`,
        [key],
      );
      const row = rows[0];
      return row === undefined ? undefined : { requestHash: row.request_hash, result: decodeJson(row.result) };
    },

    findOrder: async (orderId: string): Promise<OrderRecord | undefined> => {
      const { rows } = await sql.query<OrderRow>(
        `SELECT order_id, customer_id, program_id, placed_at, lot_id FROM ${s}.ledger_orders WHERE order_id = $1`,
        [orderId],
      );
      const row = rows[0];
      return row === undefined ? undefined : toOrderRecord(row);
    },

    listLedgerCustomers: async (after: string | undefined, limit: number): Promise<string[]> => {
      const { rows } = await sql.query<{ customer_id: string }>(
        `SELECT customer_id FROM ${s}.ledgers WHERE $1::text IS NULL OR customer_id > $1::text
         ORDER BY customer_id LIMIT $2::bigint`,
        [after ?? null, Math.max(0, Math.floor(limit))],
      );
      return rows.map((r) => r.customer_id);
    },

    eraseLedgerCustomer: async (customerId: string, anonymousId: string): Promise<number> => {
      if (customerId === anonymousId) return 0;
      return sql.transaction(async (tx) => {
        const locked = await tx.query<{ customer_id: string; version: string | number }>(
          `SELECT customer_id, version FROM ${s}.ledgers WHERE customer_id IN ($1, $2) ORDER BY customer_id FOR UPDATE`,
          [customerId, anonymousId],
        );
        const own = locked.rows.find((r) => r.customer_id === customerId);
        const moved = Number(own?.version ?? 0);
        if (moved > 0) {
          const anon = await tx.query<{ version: string | number }>(
            `INSERT INTO ${s}.ledgers (customer_id, version) VALUES ($1, $2)
             ON CONFLICT (customer_id) DO UPDATE SET version = ${s}.ledgers.version + EXCLUDED.version RETURNING version`,
            [anonymousId, moved],
          );
          const offset = Number(anon.rows[0]?.version ?? moved) - moved;
          await tx.query(
            `INSERT INTO ${s}.ledger_entries (customer_id, seq, id, kind, points, at, data)
             SELECT $2, seq + $3::bigint, id, kind, points, at, jsonb_set(data, '{v,customerId}', to_jsonb($2::text))
             FROM ${s}.ledger_entries WHERE customer_id = $1`,
            [customerId, anonymousId, offset],
          );
          await tx.query(`DELETE FROM ${s}.ledger_entries WHERE customer_id = $1`, [customerId]);
        }
        await tx.query(`DELETE FROM ${s}.ledgers WHERE customer_id = $1`, [customerId]);
        await tx.query(`UPDATE ${s}.ledger_orders SET customer_id = $2 WHERE customer_id = $1`, [customerId, anonymousId]);
        await tx.query(
          `UPDATE ${s}.ledger_idempotency_keys SET customer_id = $2, result = $3::text::jsonb WHERE customer_id = $1`,
          [customerId, anonymousId, ERASED],
        );
        await tx.query(`UPDATE ${s}.ledger_claims SET customer_id = $2, result = $3::text::jsonb WHERE customer_id = $1`, [
          customerId,
          anonymousId,
          ERASED,
        ]);
        return moved;
      });
    },
  };
}
