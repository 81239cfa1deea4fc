import { randomUUID } from 'node:crypto';
import { FidelisError } from '../../core/errors.js';
import { orderIdOf } from '../../rules/ledger/entry.js';
import type { LedgerProjection } from '../../rules/ledger/projection.js';
import type { LedgerAppend, LedgerAppendOutcome, LedgerRead } from '../../storage/ledger-store.js';
import { decodeJson, encodeJson } from './json-codec.js';
import { eventsParam, insertEventsSql } from './events.js';
import { entriesOf, jsonValue } from './ledger-read.js';
import type { PostgresScope } from './postgres-store.js';
import { type SqlQueryable, defaultRetryPolicy, sqlStateOf, withSerializationRetry } from './sql-client.js';
import { preparedStatement } from './statement-name.js';

/**
 * Raised inside the append statement (a cast that fails) when a budget does not fit: the whole
 * statement rolls back. The text is joined with a sub-select so the planner cannot fold the cast
 * into an error before the statement runs.
 */
const OVER_BUDGET = 'fidelis:over-budget';

/**
 * The append statement: every write hangs off `gate`, the compare-and-set of the customer's row
 * (insert for a new ledger, `UPDATE … WHERE version = expected` otherwise), which also stores the
 * projection and the balance guard, and which holds only when neither the key nor a claim is
 * stored yet; the entries, the key, the claims, the orders, the budgets and the outbox's events
 * (`ev`) and the issued coupon codes (`cc`: a key already stored is a unique violation, so the
 * engine plans again with other codes) are inserted only for a gate row. No gate row → nothing is written, and the same statement returns why, from its
 * snapshot: the key's record (a replay: nothing more is read), else the taken claims and the
 * customer's current version, projection and tail (so the engine plans again without another read). A key or claim taken by a
 * concurrent writer after the snapshot is a unique violation, and a budget that does not fit a
 * failing cast: either aborts the one statement, so nothing is written, and the caller reads why.
 *
 * @example
 * ```ts
 * const text = appendSql('"fidelis"', false);
 * ```
 */
export function appendSql(s: string, newLedger: boolean): string {
  // The claim is probed by equality on its own parameter ($36, the first claim: every operation
  // makes at most one; further ones are still refused, by their primary key, see below).
  // `claim = ANY($11)` is costed for an array of unknown length, so the generic plan a connection
  // caches while the table is small scans it whole on every append as it grows (measured: 163
  // buffer hits per append after 3,000 orders instead of 51), and a per-element probe costs the
  // generic plan ten look-ups, so PostgreSQL plans every call anew (0.8 ms each).
  const fresh = `NOT EXISTS (SELECT 1 FROM ${s}.ledger_idempotency_keys WHERE key = $8::text)
       AND NOT EXISTS (SELECT 1 FROM ${s}.ledger_claims WHERE claim = $36::text)`;
  const gate = newLedger
    ? `INSERT INTO ${s}.ledgers AS l (customer_id, version, state, state_version, active, active_from, active_until, revision)
       SELECT $1::text, $3::bigint, $4::text::jsonb, $3::bigint, $5::bigint, $6::bigint, $7::bigint, $27::text WHERE ${fresh}
       ON CONFLICT (customer_id) DO UPDATE SET version = EXCLUDED.version, state = EXCLUDED.state, state_version = EXCLUDED.state_version,
         active = EXCLUDED.active, active_from = EXCLUDED.active_from, active_until = EXCLUDED.active_until, revision = EXCLUDED.revision
       WHERE l.version = 0 AND $2::bigint = 0 AND (NOT $29::boolean OR l.revision IS NOT DISTINCT FROM $28::text)
       RETURNING l.version`
    : `UPDATE ${s}.ledgers SET version = $3::bigint, state = $4::text::jsonb, state_version = $3::bigint, active = $5::bigint,
         active_from = $6::bigint, active_until = $7::bigint, revision = $27::text
       WHERE customer_id = $1::text AND version = $2::bigint AND (NOT $29::boolean OR revision IS NOT DISTINCT FROM $28::text) AND ${fresh}
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
        SELECT t.key, t.points, t.lim FROM gate, unnest($24::text[], $25::bigint[], $26::bigint[]) AS t(key, points, lim) WHERE t.points >= 0 AND t.points <= t.lim
        ON CONFLICT (key) DO UPDATE SET used = b.used + EXCLUDED.used, limit_points = EXCLUDED.limit_points
          WHERE b.used + EXCLUDED.used <= EXCLUDED.limit_points
        RETURNING b.key),
  back AS (UPDATE ${s}.ledger_budgets AS x SET used = GREATEST(x.used + t.points, 0)
        FROM gate, unnest($24::text[], $25::bigint[]) AS t(key, points) WHERE t.points < 0 AND x.key = t.key),
  ev AS (${insertEventsSql(s, 'gate', '$30')}),
  cc AS (INSERT INTO ${s}.coupon_codes (key, display, promotion_id, issued_at, assigned_to)
        SELECT t.key, t.display, t.promotion_id, $35::timestamptz, t.assigned_to
          FROM gate, unnest($31::text[], $32::text[], $33::text[], $34::text[]) AS t(key, display, promotion_id, assigned_to))
  SELECT g.version, CASE WHEN g.version IS NOT NULL AND (SELECT count(*) FROM b) < (SELECT count(*) FROM unnest($25::bigint[]) AS u(points) WHERE u.points >= 0) THEN ('${OVER_BUDGET}:' || (SELECT count(*) FROM b))::int ELSE 0 END AS budgets_fit,
    k.request_hash, k.result,
    CASE WHEN g.version IS NULL AND k.key IS NULL THEN (SELECT json_agg(json_build_array(t.claim, t.result)) FROM ${s}.ledger_claims t WHERE t.claim = $36::text) END AS claims,
    cur.version AS current_version, cur.revision AS current_revision, cur.state AS current_state,
    CASE WHEN g.version IS NULL AND k.key IS NULL THEN (SELECT json_agg(x.data ORDER BY x.seq) FROM ${s}.ledger_entries x
      WHERE x.customer_id = $1::text AND x.seq > CASE WHEN cur.state IS NULL THEN 0 ELSE cur.state_version END) END AS current_tail
    FROM (SELECT 1) AS one LEFT JOIN gate g ON true
    LEFT JOIN ${s}.ledger_idempotency_keys k ON g.version IS NULL AND k.key = $8::text
    LEFT JOIN ${s}.ledgers cur ON g.version IS NULL AND k.key IS NULL AND cur.customer_id = $1::text`;
}

/** The append's parameters, in the order of {@link appendSql}; `revision` is the ledger's new one. */
function appendParams(req: LedgerAppend, revision: string): unknown[] {
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
    revision,
    req.expectedRevision ?? null,
    req.expectedRevision !== undefined,
    eventsParam(req.events),
    (req.codes ?? []).map((c) => c.key),
    (req.codes ?? []).map((c) => c.display),
    (req.codes ?? []).map((c) => c.promotionId),
    (req.codes ?? []).map((c) => c.assignedTo),
    (req.entries[0]?.at ?? new Date()).toISOString(),
    req.claims?.[0] ?? null,
  ];
}

/** What explains an append that did not apply: the key's record, taken claims, budget usage, the version. */
interface AppendFacts {
  readonly key: { readonly requestHash: string | null; readonly result: unknown } | undefined;
  readonly claims: ReadonlyMap<string, unknown>;
  readonly budgetsUsed: ReadonlyMap<string, number>;
  readonly version: number;
  /** The stored revision, when read (`null`: none). */
  readonly revision?: string | null;
  readonly current?: LedgerRead;
}

/**
 * The outcome the facts give, in the port's order: the key (replay or `CONFLICT`), the first
 * taken claim, the version (`stale`), then the budgets; `undefined` when none explains it (a
 * concurrent writer's claim or key went away, or moved the row after the snapshot: try again).
 */
function outcomeOf(req: LedgerAppend, facts: AppendFacts): LedgerAppendOutcome | undefined {
  const current = facts.current === undefined ? {} : { current: facts.current };
  if (facts.key !== undefined) {
    if (facts.key.requestHash !== req.requestHash) {
      throw new FidelisError('CONFLICT', `idempotencyKey: "${req.idempotencyKey ?? ''}" was already used with a different request`, { idempotencyKey: req.idempotencyKey });
    }
    return { status: 'replayed', result: decodeJson(facts.key.result) };
  }
  for (const claim of new Set(req.claims ?? [])) {
    if (facts.claims.has(claim)) return { status: 'claimed', claim, result: decodeJson(facts.claims.get(claim)), ...current };
  }
  const revised = req.expectedRevision !== undefined && facts.revision !== undefined && facts.revision !== req.expectedRevision;
  if (facts.version !== req.expectedVersion || revised) return { status: 'stale', version: facts.version, ...current };
  const added = new Map<string, number>();
  for (const b of req.budgets ?? []) {
    const used = facts.budgetsUsed.get(b.key) ?? 0;
    const sum = (added.get(b.key) ?? 0) + b.points;
    if (used + sum > b.limit) return { status: 'over-budget', key: b.key, used };
    added.set(b.key, sum);
  }
  return undefined;
}

/**
 * Why an append did not apply, read after the fact (one statement): see {@link outcomeOf}.
 *
 * @example
 * ```ts
 * const outcome = await diagnoseAppend(sql, '"fidelis"', req);
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
  return outcomeOf(req, {
    key: key === undefined ? undefined : { requestHash: key.request_hash, result: key.result },
    claims: new Map(rows.filter((r) => r.kind === 'claim').map((r) => [r.name, r.result])),
    budgetsUsed: new Map(rows.filter((r) => r.kind === 'budget').map((r) => [r.name, Number(r.used ?? 0)])),
    version: Number(rows.find((r) => r.kind === 'version')?.used ?? 0),
  });
}

interface AppendRow {
  version: string | number | null;
  request_hash: string | null;
  result: unknown;
  claims: unknown;
  current_version: string | number | null;
  current_revision: string | null;
  current_state: unknown;
  current_tail: unknown;
}

/** The facts the append statement returned when its gate did not open (one snapshot). */
function factsOfRow(req: LedgerAppend, row: AppendRow): AppendFacts {
  const claims = jsonValue(row.claims);
  const version = Number(row.current_version ?? 0);
  return {
    key: row.request_hash === null ? undefined : { requestHash: row.request_hash, result: row.result },
    claims: new Map(Array.isArray(claims) ? (claims as [string, unknown][]) : []),
    budgetsUsed: new Map(),
    version,
    revision: row.current_revision,
    current: {
      customerId: req.customerId,
      version,
      revision: row.current_revision,
      projection: row.current_state === null ? undefined : (jsonValue(row.current_state) as LedgerProjection),
      tail: entriesOf(row.current_tail),
    },
  };
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
  const newLedger = req.expectedVersion === 0;
  const { text, options } = preparedStatement(`append|${s}|${newLedger}`, () => appendSql(s, newLedger));
  try {
    const revision = randomUUID();
    const { rows } = await withSerializationRetry(() => sql.query<AppendRow>(text, appendParams(req, revision), options), defaultRetryPolicy);
    const row = rows[0];
    if (row !== undefined && row.version !== null) return { status: 'applied', version: Number(row.version), revision };
    const told = row === undefined ? undefined : outcomeOf(req, factsOfRow(req, row));
    if (told !== undefined) return told;
  } catch (error) {
    if (sqlStateOf(error) !== '23505' && !isOverBudget(error)) throw error;
  }
  return (await diagnoseAppend(sql, s, req)) ?? { status: 'stale', version: req.expectedVersion };
}
