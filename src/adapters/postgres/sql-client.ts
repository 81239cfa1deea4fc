import { FidelisError } from '../../core/errors.js';

/**
 * The rows a statement returned and how many rows it touched.
 *
 * @example
 * ```ts
 * const result: SqlResult<{ used: number }> = { rows: [{ used: 3 }], rowCount: 1 };
 * ```
 */
export interface SqlResult<R> {
  /** Returned rows (for `RETURNING` or `SELECT`), column names as keys. */
  readonly rows: R[];
  /** Rows inserted, updated, deleted or selected by the statement. */
  readonly rowCount: number;
}

/**
 * Options of one statement.
 *
 * @example
 * ```ts
 * await sql.query('SELECT state FROM fidelis.ledgers WHERE customer_id = $1', ['c1'], { name: 'fidelis_ledger_state' });
 * ```
 */
export interface QueryOptions {
  /** A prepared-statement name (unique per statement text, ≤ 63 bytes). */
  readonly name?: string;
}

/**
 * Something that runs one parameterised statement (`$1`, `$2`, …): a connection, or a
 * transaction in progress.
 *
 * @example
 * ```ts
 * const { rows } = await sql.query<{ n: number }>('SELECT $1::int AS n', [42]);
 * ```
 */
export interface SqlQueryable {
  /**
   * Run one statement with positional parameters. With `options.name` the statement is a named
   * prepared statement on drivers that support it (`pg`: parsed and planned once per connection,
   * then only bound and executed); the same name must always carry the same text.
   */
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[], options?: QueryOptions): Promise<SqlResult<R>>;
}

/**
 * The small query interface the PostgreSQL adapter runs on; it serves `pg` (a Pool or a Client)
 * and `@electric-sql/pglite` alike. `transaction` runs `fn` between `BEGIN` and `COMMIT` on one
 * connection and runs it again (after a short random back-off) when PostgreSQL reports a
 * serialization failure or a deadlock (SQLSTATE 40001 / 40P01), so `fn` must be safe to re-run:
 * it only issues statements. Driver errors surface as `FidelisError` `STORE_FAILURE`
 * (`details.sqlstate` carries the SQLSTATE); errors thrown by `fn` itself pass through.
 *
 * @example
 * ```ts
 * import { pgPoolSqlClient } from 'fidelis/postgres';
 * const sql = pgPoolSqlClient(pool);
 * const id = await sql.transaction(async (tx) => {
 *   const { rows } = await tx.query<{ id: string }>('INSERT INTO t(v) VALUES ($1) RETURNING id', ['x']);
 *   return rows[0]?.id;
 * });
 * ```
 */
export interface SqlClient extends SqlQueryable {
  /** Run `fn` in one transaction, retried on serialization failure or deadlock. */
  transaction<T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T>;
  /** Release what this client owns (a pool or PGlite it opened itself); a no-op for instances the caller passed in. Idempotent. */
  close(): Promise<void>;
}

/**
 * How {@link SqlClient.transaction} retries: attempts in total and the back-off bounds.
 * The wait before attempt n is a random duration in [0, min(maxDelayMs, baseDelayMs·2ⁿ)] ("full jitter").
 *
 * @example
 * ```ts
 * const retry: RetryPolicy = { maxAttempts: 10, baseDelayMs: 2, maxDelayMs: 250 };
 * ```
 */
export interface RetryPolicy {
  /** Attempts in total, the first included (≥ 1). */
  readonly maxAttempts: number;
  /** Back-off scale in milliseconds. */
  readonly baseDelayMs: number;
  /** Upper bound of one wait in milliseconds. */
  readonly maxDelayMs: number;
}

/**
 * The default retry policy: 12 attempts, waits of at most 2·2ⁿ ms capped at 250 ms.
 *
 * @example
 * ```ts
 * defaultRetryPolicy.maxAttempts; // 12
 * ```
 */
export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 12, baseDelayMs: 2, maxDelayMs: 250 };

/** SQLSTATEs after which re-running the whole transaction is correct. */
const RETRYABLE = new Set(['40001', '40P01']);

/**
 * The SQLSTATE of a driver error (`pg` and PGlite both put it in `code`), or of a
 * `STORE_FAILURE` built from one; `undefined` for anything else.
 *
 * @example
 * ```ts
 * sqlStateOf({ code: '40001', message: 'could not serialize access' }); // '40001'
 * sqlStateOf(new Error('boom')); // undefined
 * ```
 */
export function sqlStateOf(error: unknown): string | undefined {
  if (error instanceof FidelisError) {
    const s = error.details['sqlstate'];
    return typeof s === 'string' ? s : undefined;
  }
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/**
 * Turn a driver error into `FidelisError('STORE_FAILURE')` carrying its SQLSTATE; a
 * `FidelisError` (a business outcome thrown inside a transaction) is returned unchanged.
 *
 * @example
 * ```ts
 * const e = toStoreFailure({ code: '23505', message: 'duplicate key' });
 * e.code; // 'STORE_FAILURE'
 * e.details['sqlstate']; // '23505'
 * ```
 */
export function toStoreFailure(error: unknown): FidelisError {
  if (error instanceof FidelisError) return error;
  const sqlstate = sqlStateOf(error);
  const message = error instanceof Error ? error.message : String(error);
  const details: Record<string, unknown> = { cause: error };
  if (sqlstate !== undefined) details['sqlstate'] = sqlstate;
  const prefix = sqlstate === undefined ? 'PostgreSQL adapter' : `PostgreSQL error ${sqlstate}`;
  return new FidelisError('STORE_FAILURE', `${prefix}: ${message}`, details);
}

function backoffMs(attempt: number, policy: RetryPolicy): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  const random = crypto.getRandomValues(new Uint32Array(1))[0] ?? 0;
  return (random / 0x1_0000_0000) * ceiling;
}

/**
 * Run `attempt` until it succeeds, retrying (with full-jitter back-off) only on serialization
 * failures and deadlocks. Other database errors, and the last retryable one, become
 * `STORE_FAILURE`; errors without a SQLSTATE (a `FidelisError` for a business outcome, anything
 * the transaction's function throws itself) pass through unchanged. Used by every {@link SqlClient}.
 *
 * @example
 * ```ts
 * const value = await withSerializationRetry(() => runOneTransaction(), defaultRetryPolicy);
 * ```
 */
export async function withSerializationRetry<T>(attempt: () => Promise<T>, policy: RetryPolicy): Promise<T> {
  for (let n = 0; ; n += 1) {
    try {
      return await attempt();
    } catch (error) {
      const state = sqlStateOf(error);
      if (state === undefined) throw error;
      if (!RETRYABLE.has(state) || n + 1 >= policy.maxAttempts) throw toStoreFailure(error);
      await new Promise((resolve) => setTimeout(resolve, backoffMs(n, policy)));
    }
  }
}
