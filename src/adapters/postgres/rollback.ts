import type { SqlClient, SqlQueryable } from './sql-client.js';

/** Thrown inside a transaction to roll it back while still returning a (business) outcome. */
class Rollback<T> {
  constructor(readonly outcome: T) {}
}

/**
 * Roll the current transaction back and make {@link transactionOutcome} return `outcome`:
 * for results such as "stale" or "limit reached" that must write nothing.
 *
 * @example
 * ```ts
 * if (rows.length === 0) rollbackWith({ status: 'stale', version });
 * ```
 */
export function rollbackWith<T>(outcome: T): never {
  throw new Rollback(outcome);
}

/**
 * Run `fn` in one transaction of `sql`; its value is committed, or, when `fn` called
 * {@link rollbackWith}, everything is rolled back and that outcome returned.
 *
 * @example
 * ```ts
 * const outcome = await transactionOutcome(sql, async (tx) => {
 *   const r = await tx.query('UPDATE t SET used = used + 1 WHERE id = $1 AND used < max RETURNING used', [id]);
 *   return r.rowCount === 1 ? { ok: true } : rollbackWith({ ok: false });
 * });
 * ```
 */
export async function transactionOutcome<T>(sql: SqlClient, fn: (tx: SqlQueryable) => Promise<T>): Promise<T> {
  try {
    return await sql.transaction(fn);
  } catch (error) {
    if (error instanceof Rollback) return error.outcome as T;
    throw error;
  }
}
