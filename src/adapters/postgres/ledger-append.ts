import { FidelisError } from '../../core/errors.js';
import { orderIdOf } from '../../rules/ledger/entry.js';
import type { LedgerAppend, LedgerAppendOutcome } from '../../storage/ledger-store.js';
import { decodeJson, encodeJson } from './json-codec.js';
import type { PostgresScope } from './postgres-store.js';
import { type SqlQueryable, defaultRetryPolicy, sqlStateOf, withSerializationRetry } from './sql-client.js';
import { statementName } from './statement-name.js';

/**
 * Raised inside the append statement (a cast that fails) when a budget does not fit: the whole
 * statement rolls back. The text is joined with a sub-select so the planner cannot fold the cast
 * into an error before the statement runs.
 */
const OVER_BUDGET = 'fidelis:over-budget';

/**
 * The append statement: every write hangs off `gate`, the compare-and-set of the customer's row
 * (insert for a new ledger, `UPDATE … WHERE version = expected` otherwise), which also stores the
 * projection and the balance guard. No gate row (stale) → nothing is written. A taken key or
 * claim is a unique violation and a budget that does not fit a failing cast: either aborts the
 * one statement, so nothing is written, and the caller reads why.
 *
 * @example
 * ```ts
 * const text = appendSql('"fidelis"', false);
 * ```
 */
export function appendSql(s: string, newLedger: boolean): string {
  const gate = newLedger
    ? `INSERT INTO ${s}.ledgers AS l (customer_id, version, state, state_version, active, active_from, active_until)
       VALUES ($1::text, $3::bigint, $4::text::jsonb, $3::bigint, $5::bigint, $6::bigint, $7::bigint)
       ON CONFLICT (customer_id) DO UPDATE SET version = EXCLUDED.version, state = EXCLUDED.state, state_version = EXCLUDED.state_version,
         active = EXCLUDED.active, active_from = EXCLUDED.active_from, active_until = EXCLUDED.active_until
       WHERE l.version = 0 AND $2::bigint = 0
       RETURNING l.version`
    : `UPDATE ${s}.ledgers SET version = $3::bigint, state = $4::text::jsonb, state_version = $3::bigint, active = $5::bigint,
         active_from = $6::bigint, active_until = $7::bigint
       WHERE customer_id = $1::text AND version = $2::bigint
       RETURNING version`;
  return `WITH gate AS (${gate}),
  k AS (INSERT INTO ${s}.ledger_idempotency_keys (key, request_hash, customer_id, result)
        SELECT $8::text, $9::text, $1, $10::text::jsonb FROM gate WHERE $8::text IS NOT NULL),
  c AS (INSERT INTO ${s}.ledger_claims (claim, customer_id, result)
        SELECT t.claim, $1, $10::text::jsonb FROM gate, unnest($11::text[]) AS t(claim)),
  e AS (INSERT INTO ${s}.ledger_entries (customer_id, seq, id, kind, points, at, data, order_id)
        SELECT $1, t.seq, t.id, t.kind, t.points, t.at, t.data::jsonb, t.order_id
          FROM gate, unnest($12::bigint[], $13::text[], $14::text[], $15::bigint[], $16::timestamptz[], $17::text[], $18::text[])
            AS t(seq, id, kind, points, at, data, order_id)),
  o AS (INSERT INTO ${s}.ledger_orders (order_id, customer_id, program_id, placed_at, lot_id)
        SELECT t.order_id, t.customer_id, t.program_id, t.placed_at, t.lot_id
          FROM gate, unnest($19::text[], $20::text[], $21::text[], $22::timestamptz[], $23::text[]) AS t(order_id, customer_id, program_id, placed_at, lot_id)
        ON CONFLICT (order_id) DO UPDATE SET customer_id = EXCLUDED.customer_id, program_id = EXCLUDED.program_id,
          placed_at = EXCLUDED.placed_at, lot_id = EXCLUDED.lot_id),
  b AS (INSERT INTO ${s}.ledger_budgets AS b (key, used, limit_points)
        SELECT t.key, t.points, t.lim FROM gate, unnest($24::text[], $25::bigint[], $26::bigint[]) AS t(key, points, lim) WHERE t.points <= t.lim
        ON CONFLICT (key) DO UPDATE SET used = b.used + EXCLUDED.used, limit_points = EXCLUDED.limit_points
          WHERE b.used + EXCLUDED.used <= EXCLUDED.limit_points
        RETURNING b.key)
  SELECT g.version, CASE WHEN EXISTS (SELECT 1 FROM gate) AND (SELECT count(*) FROM b) < cardinality($24::text[]) THEN ('${OVER_BUDGET}:' || (SELECT count(*) FROM b))::int ELSE 0 END AS budgets_fit
    FROM (SELECT 1) AS one LEFT JOIN gate g ON true`;
}

/** The append's parameters, in the order of {@link appendSql}. */
function appendParams(req: LedgerAppend): unknown[] {
  const result = encodeJson(req.result);
  const first = req.expectedVersion + 1;
  const budgets = new Map<string, { points: number; limit: number }>();
  for (const u of req.budgets ?? []) {
    const b = budgets.get(u.key);
    budgets.set(u.key, b === undefined ? { points: u.points, limit: u.limit } : { points: b.points + u.points, limit: Math.min(b.limit, u.limit) });
  }
  const orders = [...new Map((req.orders ?? []).map((o) => [o.orderId, o])).values()];
  const e = req.entries;
  return [
    req.customerId,
    req.expectedVersion,
    req.expectedVersion + e.length,
    JSON.stringify(req.state.projection),
    req.state.balance.active,
    req.state.balance.validFrom,
    req.state.balance.validUntil,
    req.idempotencyKey ?? null,
    req.requestHash ?? null,
    result,
    [...new Set(req.claims ?? [])],
    e.map((_, i) => first + i),
    e.map((x) => x.id),
    e.map((x) => x.kind),
    e.map((x) => x.points),
    e.map((x) => x.at.toISOString()),
    e.map((x) => encodeJson(x)),
    e.map((x) => orderIdOf(x) ?? null),
    orders.map((o) => o.orderId),
    orders.map((o) => o.customerId),
    orders.map((o) => o.programId),
    orders.map((o) => o.placedAt.toISOString()),
    orders.map((o) => o.lotId),
    [...budgets.keys()],
    [...budgets.values()].map((b) => b.points),
    [...budgets.values()].map((b) => b.limit),
  ];
}

/**
 * Why an append did not apply, read after the fact (one statement) in the port's order: the key
 * (replay or `CONFLICT`), the first taken claim, the budgets, then the version (`stale`);
 * `undefined` when none explains it (a concurrent writer's claim or key went away: try again).
 *
 * @example
 * ```ts
 * const outcome = await diagnoseAppend(scope, req);
 * ```
 */
export async function diagnoseAppend(tx: SqlQueryable, s: string, req: LedgerAppend): Promise<LedgerAppendOutcome | undefined> {
  const claims = [...new Set(req.claims ?? [])];
  const { rows } = await tx.query<{ kind: string; name: string; request_hash: string | null; result: unknown; used: string | number | null }>(
    `SELECT 'key' AS kind, key AS name, request_hash, result, NULL::bigint AS used FROM ${s}.ledger_idempotency_keys WHERE key = $1::text
     UNION ALL SELECT 'claim', claim, NULL, result, NULL FROM ${s}.ledger_claims WHERE claim = ANY($2::text[])
     UNION ALL SELECT 'budget', key, NULL, NULL, used FROM ${s}.ledger_budgets WHERE key = ANY($3::text[])
     UNION ALL SELECT 'version', customer_id, NULL, NULL, version FROM ${s}.ledgers WHERE customer_id = $4`,
    [req.idempotencyKey ?? null, claims, (req.budgets ?? []).map((b) => b.key), req.customerId],
  );
  const key = rows.find((r) => r.kind === 'key');
  if (key !== undefined) {
    if (key.request_hash !== req.requestHash) {
      throw new FidelisError('CONFLICT', `idempotencyKey: "${req.idempotencyKey ?? ''}" was already used with a different request`, { idempotencyKey: req.idempotencyKey });
    }
    return { status: 'replayed', result: decodeJson(key.result) };
  }
  for (const claim of claims) {
    const taken = rows.find((r) => r.kind === 'claim' && r.name === claim);
    if (taken !== undefined) return { status: 'claimed', claim, result: decodeJson(taken.result) };
  }
  const added = new Map<string, number>();
  for (const b of req.budgets ?? []) {
    const used = Number(rows.find((r) => r.kind === 'budget' && r.name === b.key)?.used ?? 0);
    const sum = (added.get(b.key) ?? 0) + b.points;
    if (used + sum > b.limit) return { status: 'over-budget', key: b.key, used };
    added.set(b.key, sum);
  }
  const version = Number(rows.find((r) => r.kind === 'version')?.used ?? 0);
  return version === req.expectedVersion ? undefined : { status: 'stale', version };
}

function isOverBudget(error: unknown): boolean {
  return sqlStateOf(error) === '22P02' && error instanceof Error && error.message.includes(OVER_BUDGET);
}

/**
 * `appendLedger` on PostgreSQL: ONE statement (see {@link appendSql}), prepared, in its own
 * implicit transaction; a second read only when it did not apply, to say why.
 *
 * @example
 * ```ts
 * const outcome = await appendLedgerStatement(scope, request);
 * ```
 */
export async function appendLedgerStatement(scope: PostgresScope, req: LedgerAppend): Promise<LedgerAppendOutcome> {
  const { sql, schema: s } = scope;
  if (req.idempotencyKey !== undefined && req.requestHash === undefined) {
    throw new FidelisError('VALIDATION_FAILED', 'requestHash: required with an idempotency key', {
      issues: [{ path: 'requestHash', message: 'required with an idempotency key' }],
    });
  }
  const text = appendSql(s, req.expectedVersion === 0);
  try {
    const { rows } = await withSerializationRetry(() => sql.query<{ version: string | number | null }>(text, appendParams(req), statementName(text)), defaultRetryPolicy);
    const version = rows[0]?.version;
    if (version !== null && version !== undefined) return { status: 'applied', version: Number(version) };
  } catch (error) {
    if (sqlStateOf(error) !== '23505' && !isOverBudget(error)) throw error;
  }
  return (await diagnoseAppend(sql, s, req)) ?? { status: 'stale', version: req.expectedVersion };
}
