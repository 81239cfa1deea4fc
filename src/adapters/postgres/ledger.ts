import { randomUUID } from 'node:crypto';
import type { LedgerEntry } from '../../rules/ledger/entry.js';
import type { LedgerStore } from '../../storage/ledger-store.js';
import { appendLedgerStatement } from './ledger-append.js';
import { burnStatement } from './ledger-burn.js';
import { ledgerEntriesPage, readCustomer } from './ledger-read.js';
import { decodeJson, encodeJson } from './json-codec.js';
import type { PostgresScope } from './postgres-store.js';

const ERASED = encodeJson({ erased: true });
/** What an erased manual adjustment's free-text reason reads (an operator may have typed personal data into it). */
const ERASED_REASON = 'erased';

/**
 * The points-ledger port on PostgreSQL. Every operation the engine runs per customer is one
 * prepared statement, one round trip: `readCustomer` (projection, tail, key and order in one
 * SELECT), `appendLedger` (one data-modifying CTE hanging every write off the version
 * compare-and-set) and `burnPoints` (one guarded `UPDATE … WHERE active >= $points`). Erasure,
 * rare, is one transaction: it locks both ledger rows in id order and copies the entries to the
 * anonymous id (`INSERT … SELECT`, then `DELETE`).
 *
 * @example
 * ```ts
 * const part = createPgLedgerStore({ sql, schema: '"fidelis"' });
 * ```
 */
export function createPgLedgerStore(scope: PostgresScope): LedgerStore {
  const { sql, schema: s } = scope;
  return {
    readCustomer: (query) => readCustomer(scope, query),
    appendLedger: (req) => appendLedgerStatement(scope, req),
    burnPoints: (req) => burnStatement(scope, req),
    ledgerEntries: (customerId, page) => ledgerEntriesPage(scope, customerId, page),

    budgetUsage: async (keys: readonly string[]): Promise<Record<string, number>> => {
      const usage: Record<string, number> = Object.fromEntries(keys.map((k) => [k, 0]));
      const { rows } = await sql.query<{ key: string; used: string | number }>(`SELECT key, used FROM ${s}.ledger_budgets WHERE key = ANY($1::text[])`, [[...new Set(keys)]]);
      for (const r of rows) usage[r.key] = Number(r.used);
      return usage;
    },

    listLedgerCustomers: async (after: string | undefined, limit: number): Promise<string[]> => {
      const { rows } = await sql.query<{ customer_id: string }>(
        `SELECT customer_id FROM ${s}.ledgers WHERE $1::text IS NULL OR customer_id > $1::text
         ORDER BY customer_id LIMIT $2::bigint`,
        [after ?? null, Math.max(0, Math.floor(limit))],
      );
      return rows.map((r) => r.customer_id);
    },

    partnerEntries: async (partnerId, { from, until }) => {
      const { rows } = await sql.query<{ data: unknown }>(
        `SELECT data FROM ${s}.ledger_entries
          WHERE data->'v' ? 'partner' AND data->'v'->'partner'->>'partnerId' = $1 AND at >= $2::timestamptz AND at < $3::timestamptz
          ORDER BY at, id`,
        [partnerId, from.toISOString(), until.toISOString()],
      );
      return rows.map((r) => decodeJson(r.data) as LedgerEntry);
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
          // a fresh anonymous id takes the projection along; a merge into an existing one drops it (refolded on its next read)
          const anon = await tx.query<{ version: string | number }>(
            `INSERT INTO ${s}.ledgers (customer_id, version, state, state_version, active, active_from, active_until, revision)
             SELECT $1, version, state, state_version, active, active_from, active_until, $3::text FROM ${s}.ledgers WHERE customer_id = $2
             ON CONFLICT (customer_id) DO UPDATE SET version = ${s}.ledgers.version + EXCLUDED.version,
               state = NULL, state_version = 0, active = 0, active_from = 0, active_until = 0, revision = EXCLUDED.revision
             RETURNING version`,
            [anonymousId, customerId, randomUUID()],
          );
          const offset = Number(anon.rows[0]?.version ?? moved) - moved;
          await tx.query(
            `INSERT INTO ${s}.ledger_entries (customer_id, seq, id, kind, points, at, data, order_id)
             SELECT $2, seq + $3::bigint, id, kind, points, at,
                    replace(CASE WHEN kind = 'adjust' THEN jsonb_set(jsonb_set(data, '{v,customerId}', to_jsonb($2::text)), '{v,reason}', '"${ERASED_REASON}"')
                                 ELSE jsonb_set(data, '{v,customerId}', to_jsonb($2::text)) END::text,
                            ':' || $1::text || ':', ':' || $2::text || ':')::jsonb, order_id
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
        // claims that name the customer (bonus:signup:<id>:…) name the anonymous id instead
        await tx.query(
          `UPDATE ${s}.ledger_claims SET claim = replace(claim, ':' || $1 || ':', ':' || $2 || ':') WHERE customer_id = $1 AND strpos(claim, ':' || $1 || ':') > 0`,
          [customerId, anonymousId],
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
