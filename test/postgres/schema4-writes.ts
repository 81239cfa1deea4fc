// The schema-4 writes of commit d0e0619: the SQL its PostgreSQL adapter ran
// (src/adapters/postgres/ledger.ts and migrate.ts at d0e0619), verbatim, for the migration test
// (migrate-data.test.ts) to fill a schema-4 database the way the previous version did.
import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import { type SqlClient, quoteIdentifier } from '../../src/adapters/postgres/index.js';
import { encodeJson } from '../../src/adapters/postgres/json-codec.js';
import { migrations } from '../../src/adapters/postgres/migrations/index.js';
import type { LedgerEntry } from '../../src/rules/ledger/entry.js';
import type { OrderRecord } from '../../src/storage/ledger-store.js';

/** d0e0619's requestHash (src/engine/request-hash.ts): SHA-256 of JSON.stringify of a sorted copy. */
export function oldRequestHash(request: unknown): string {
  const canonical = (value: unknown): unknown => {
    if (value instanceof Date) return value.toISOString();
    if (Array.isArray(value)) return value.map(canonical);
    if (value === null || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = canonical(v);
    }
    return out;
  };
  return createHash('sha256').update(JSON.stringify(canonical(request))).digest('hex');
}

/** d0e0619's valuesList: `($1, $2::cast), ($3, …)`. */
function values(rows: ReadonlyArray<readonly unknown[]>, casts: readonly string[]): { text: string; params: unknown[] } {
  const params: unknown[] = [];
  const cell = (v: unknown, column: number): string => {
    params.push(v);
    return `$${params.length}${casts[column] ?? ''}`;
  };
  return { text: rows.map((row) => `(${row.map(cell).join(', ')})`).join(', '), params };
}

export interface OldAppend {
  readonly customerId: string;
  readonly entries: readonly LedgerEntry[];
  readonly key?: string;
  readonly request?: unknown;
  readonly claims?: readonly string[];
  readonly orders?: readonly OrderRecord[];
  readonly budgets?: ReadonlyArray<{ readonly key: string; readonly points: number; readonly limit: number }>;
  readonly result: unknown;
}

/** d0e0619's appendLedger for a new key and free claims: key, claims, version CAS, budgets, entries, orders, in one transaction. */
export async function oldAppendLedger(sql: SqlClient, s: string, req: OldAppend, expectedVersion: number): Promise<void> {
  await sql.transaction(async (tx) => {
    if (req.key !== undefined) {
      const taken = await tx.query(
        `INSERT INTO ${s}.ledger_idempotency_keys (key, request_hash, customer_id, result)
     VALUES ($1, $2, $3, $4::text::jsonb) ON CONFLICT (key) DO NOTHING RETURNING key`,
        [req.key, oldRequestHash(req.request), req.customerId, encodeJson(req.result)],
      );
      expect(taken.rowCount).toBe(1);
    }
    if ((req.claims ?? []).length > 0) {
      const v = values([...new Set(req.claims)].sort().map((claim) => [claim, req.customerId, encodeJson(req.result)]), ['', '', '::text::jsonb']);
      const { rows } = await tx.query(`INSERT INTO ${s}.ledger_claims (claim, customer_id, result) VALUES ${v.text}
       ON CONFLICT (claim) DO NOTHING RETURNING claim`, v.params);
      expect(rows).toHaveLength(new Set(req.claims).size);
    }
    const next = expectedVersion + req.entries.length;
    const moved = expectedVersion === 0
      ? await tx.query(`INSERT INTO ${s}.ledgers (customer_id, version) VALUES ($1, $2)
           ON CONFLICT (customer_id) DO UPDATE SET version = EXCLUDED.version WHERE ${s}.ledgers.version = 0
           RETURNING version`, [req.customerId, next])
      : await tx.query(`UPDATE ${s}.ledgers SET version = $2 WHERE customer_id = $1 AND version = $3 RETURNING version`, [req.customerId, next, expectedVersion]);
    expect(moved.rowCount).toBe(1);
    for (const b of req.budgets ?? []) {
      await tx.query(`INSERT INTO ${s}.ledger_budgets (key, used) SELECT k, 0 FROM (VALUES ($1)) AS t(k) ON CONFLICT (key) DO NOTHING`, [b.key]);
      const { rows } = await tx.query<{ used: string | number }>(`SELECT key, used FROM ${s}.ledger_budgets WHERE key IN ($1) ORDER BY key FOR UPDATE`, [b.key]);
      expect(Number(rows[0]?.used) + b.points).toBeLessThanOrEqual(b.limit);
      await tx.query(`UPDATE ${s}.ledger_budgets SET used = used + $2::bigint WHERE key = $1`, [b.key, b.points]);
    }
    if (req.entries.length > 0) {
      const v = values(req.entries.map((e, i) => [req.customerId, expectedVersion + 1 + i, e.id, e.kind, e.points, e.at.toISOString(), encodeJson(e)]), ['', '', '', '', '::bigint', '::timestamptz', '::text::jsonb']);
      await tx.query(`INSERT INTO ${s}.ledger_entries (customer_id, seq, id, kind, points, at, data) VALUES ${v.text}`, v.params);
    }
    for (const o of req.orders ?? []) {
      const v = values([[o.orderId, o.customerId, o.programId, o.placedAt.toISOString(), o.lotId]], ['', '', '', '::timestamptz', '']);
      await tx.query(`INSERT INTO ${s}.ledger_orders (order_id, customer_id, program_id, placed_at, lot_id) VALUES ${v.text}
       ON CONFLICT (order_id) DO UPDATE SET customer_id = EXCLUDED.customer_id, program_id = EXCLUDED.program_id,
         placed_at = EXCLUDED.placed_at, lot_id = EXCLUDED.lot_id`, v.params);
    }
  });
}

/** A schema at version 4, as migrate.ts builds it: version table, baseline, migrations 1–4, each recorded. */
export async function schemaAtVersion4(sql: SqlClient, schema: string): Promise<void> {
  const s = quoteIdentifier(schema);
  await sql.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
  await sql.query(`CREATE TABLE IF NOT EXISTS ${s}.fidelis_schema_version (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  await sql.query(`INSERT INTO ${s}.fidelis_schema_version (version, name) VALUES (0, 'baseline') ON CONFLICT (version) DO NOTHING`);
  for (const m of migrations.filter((x) => x.version <= 4)) {
    for (const statement of m.statements(s)) await sql.query(statement);
    await sql.query(`INSERT INTO ${s}.fidelis_schema_version (version, name) VALUES ($1, $2)`, [m.version, m.name]);
  }
}

/** The migrations after schema 4, as `migrate()` reports applying them. */
export const APPLIED_AFTER_4 = [
  { version: 5, name: 'ledger-projection' },
  { version: 6, name: 'coupon-counters' },
  { version: 7, name: 'ledger-revision' },
  { version: 8, name: 'coupon-checkouts' },
  { version: 9, name: 'event-outbox' },
  { version: 10, name: 'partner-entries' },
  { version: 11, name: 'webhooks' },
  { version: 12, name: 'customer-segments' },
] as const;
