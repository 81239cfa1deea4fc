import { randomUUID } from 'node:crypto';
import { FidelisError } from '../../core/errors.js';
import type { GuardedBurn, GuardedBurnOutcome } from '../../storage/ledger-store.js';
import { eventsParam, insertEventsSql } from './events.js';
import { decodeJson, encodeJson } from './json-codec.js';
import type { PostgresScope } from './postgres-store.js';
import { defaultRetryPolicy, sqlStateOf, withSerializationRetry } from './sql-client.js';
import { preparedStatement, statementName } from './statement-name.js';

/**
 * The guarded burn: ONE statement. `g` is `UPDATE ledgers SET active = active - $points …
 * WHERE active >= $points` and the interval and tail checks, so under any concurrency the row
 * lock orders the burns and each re-checks the guard on the row as the previous one left it
 * (no replan, no retry); the entry, the key and the events hang off `g`. The last columns are the row as
 * the statement's snapshot saw it, to say why `g` did not apply.
 *
 * @example
 * ```ts
 * const text = burnSql('"fidelis"');
 * ```
 */
export function burnSql(s: string): string {
  return `WITH known AS (SELECT request_hash, result FROM ${s}.ledger_idempotency_keys WHERE key = $2),
  g AS (UPDATE ${s}.ledgers SET version = version + 1, active = active - $3::bigint, revision = $11::text
        WHERE customer_id = $1 AND NOT EXISTS (SELECT 1 FROM known) AND state IS NOT NULL AND active >= $3::bigint
          AND active_from <= $4::bigint AND $4::bigint < active_until AND version - state_version <= $5::bigint
        RETURNING version, active),
  e AS (INSERT INTO ${s}.ledger_entries (customer_id, seq, id, kind, points, at, data)
        SELECT $1, g.version, $6::text, 'burn', -$3::bigint, $7::timestamptz, $8::text::jsonb FROM g),
  k AS (INSERT INTO ${s}.ledger_idempotency_keys (key, request_hash, customer_id, result)
        SELECT $2, $9::text, $1, jsonb_set($10::text::jsonb, '{v,activeAfter}', to_jsonb(g.active)) FROM g),
  ev AS (${insertEventsSql(s, 'g', '$12')})
  SELECT g.version, g.active AS active_after, kn.request_hash, kn.result,
         l.active, l.active_from, l.active_until, l.state IS NOT NULL AS projected, l.version - l.state_version AS tail
    FROM (SELECT 1) AS one LEFT JOIN g ON true LEFT JOIN known kn ON true LEFT JOIN ${s}.ledgers l ON l.customer_id = $1`;
}

interface BurnRow {
  version: string | number | null;
  active_after: string | number | null;
  request_hash: string | null;
  result: unknown;
  active: string | number | null;
  active_from: string | number | null;
  active_until: string | number | null;
  projected: boolean | null;
  tail: string | number | null;
}

function replayed(req: GuardedBurn, hash: string, result: unknown): GuardedBurnOutcome {
  if (hash !== req.requestHash) {
    throw new FidelisError('CONFLICT', `idempotencyKey: "${req.idempotencyKey}" was already used with a different request`, { idempotencyKey: req.idempotencyKey });
  }
  return { status: 'replayed', result: decodeJson(result) };
}

/**
 * `burnPoints` on PostgreSQL: one prepared statement (see {@link burnSql}); a concurrent twin
 * with the same key (a unique violation) is answered by reading the key.
 *
 * @example
 * ```ts
 * const outcome = await burnStatement(scope, request);
 * ```
 */
export async function burnStatement(scope: PostgresScope, req: GuardedBurn): Promise<GuardedBurnOutcome> {
  const { sql, schema: s } = scope;
  const points = -req.entry.points;
  const { text, options } = preparedStatement(`burn|${s}`, () => burnSql(s));
  const params = [req.customerId, req.idempotencyKey, points, req.entry.at.getTime(), req.maxTail, req.entry.id, req.entry.at.toISOString(), encodeJson(req.entry), req.requestHash, encodeJson(req.result), randomUUID(), eventsParam(req.events)];
  let row: BurnRow | undefined;
  try {
    row = (await withSerializationRetry(() => sql.query<BurnRow>(text, params, options), defaultRetryPolicy)).rows[0];
  } catch (error) {
    if (sqlStateOf(error) !== '23505') throw error;
    const { rows } = await sql.query<{ request_hash: string; result: unknown }>(`SELECT request_hash, result FROM ${s}.ledger_idempotency_keys WHERE key = $1`, [req.idempotencyKey]);
    const first = rows[0];
    if (first === undefined) throw error;
    return replayed(req, first.request_hash, first.result);
  }
  if (row === undefined) return { status: 'unguarded' };
  if (row.version !== null) {
    const activeAfter = Number(row.active_after);
    return { status: 'applied', version: Number(row.version), activeAfter, result: { ...req.result, activeAfter } };
  }
  if (row.request_hash !== null) return replayed(req, row.request_hash, row.result);
  return refusal(scope, req, row);
}

type RowView = Pick<BurnRow, 'active' | 'active_from' | 'active_until' | 'projected' | 'tail'>;

/** What a guard that did not apply says of the ledger row: too few points, or plan afresh. */
function verdict(req: GuardedBurn, row: RowView): GuardedBurnOutcome | 'changed' {
  const at = req.entry.at.getTime();
  const guarded = row.projected === true && Number(row.active_from) <= at && at < Number(row.active_until) && Number(row.tail) <= req.maxTail;
  if (!guarded) return { status: 'unguarded' }; // the interval or the tail does not hold: the engine plans afresh
  return Number(row.active) < -req.entry.points ? { status: 'insufficient', active: Number(row.active) } : 'changed';
}

/**
 * The statement's own columns show the row as its snapshot saw it; when `g` waited on a
 * concurrent burn, that snapshot still shows the points the other burn took. Only then is the
 * row read once more (a fresh snapshot) to tell "too few points" from "changed again" (burn again).
 */
async function refusal(scope: PostgresScope, req: GuardedBurn, seen: RowView): Promise<GuardedBurnOutcome> {
  const first = verdict(req, seen);
  if (first !== 'changed') return first;
  const { sql, schema: s } = scope;
  const text = `SELECT active, active_from, active_until, state IS NOT NULL AS projected, version - state_version AS tail FROM ${s}.ledgers WHERE customer_id = $1`;
  const { rows } = await sql.query<RowView>(text, [req.customerId], statementName(text));
  const now = rows[0];
  if (now === undefined) return { status: 'unguarded' };
  const second = verdict(req, now);
  return second === 'changed' ? burnStatement(scope, req) : second;
}
