import {
  type QueryOptions,
  type RetryPolicy,
  type SqlClient,
  type SqlQueryable,
  type SqlResult,
  defaultRetryPolicy,
  toStoreFailure,
  withSerializationRetry,
} from './sql-client.js';

/**
 * What the adapter needs of a `pg` connection (`pg.Client` or a pooled `PoolClient`); declared
 * structurally so `fidelis/postgres` never loads `pg` itself.
 *
 * @example
 * ```ts
 * import pg from 'pg';
 * const client: PgConnectionLike = new pg.Client({ connectionString: process.env.DATABASE_URL });
 * ```
 */
export interface PgConnectionLike {
  /** `pg`'s query method. */
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[]; rowCount: number | null }>;
  /** Error listener registration (a dropped connection emits `error`). */
  on(event: 'error', listener: (error: Error) => void): unknown;
  /** Error listener removal. */
  removeListener(event: 'error', listener: (error: Error) => void): unknown;
}

/**
 * A connection checked out of a `pg.Pool`.
 *
 * @example
 * ```ts
 * const conn: PgPoolConnectionLike = await pool.connect();
 * conn.release();
 * ```
 */
export interface PgPoolConnectionLike extends PgConnectionLike {
  /** Return the connection to the pool; with an error, the pool destroys it instead. */
  release(error?: Error | boolean): void;
}

/**
 * What the adapter needs of a `pg.Pool`.
 *
 * @example
 * ```ts
 * import pg from 'pg';
 * const pool: PgPoolLike = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 16 });
 * ```
 */
export interface PgPoolLike {
  /** One-shot query on any idle connection. */
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[]; rowCount: number | null }>;
  /** Check a connection out for a transaction. */
  connect(): Promise<PgPoolConnectionLike>;
  /** Close every connection. */
  end(): Promise<void>;
}

async function run<R>(conn: PgConnectionLike | PgPoolLike, text: string, params?: readonly unknown[], options?: QueryOptions): Promise<SqlResult<R>> {
  try {
    const values = params === undefined ? undefined : [...params];
    // `pg` takes a query config for named (prepared) statements; the `…Like` types only promise the (text, values) form.
    const result =
      options?.name === undefined
        ? await conn.query(text, values)
        : await (conn as unknown as { query(config: object): ReturnType<PgConnectionLike['query']> }).query({ name: options.name, text, values });
    return { rows: result.rows as R[], rowCount: result.rowCount ?? 0 };
  } catch (error) {
    throw toStoreFailure(error);
  }
}

const ignore = (): void => {};

/** One transaction on one connection: BEGIN, fn, COMMIT; ROLLBACK on error. Returns whether the connection is still usable. */
async function inTransaction<T>(conn: PgConnectionLike, fn: (tx: SqlQueryable) => Promise<T>): Promise<{ value: T } | { error: unknown; broken: boolean }> {
  const tx: SqlQueryable = { query: (text, params, options) => run(conn, text, params, options) };
  try {
    await run(conn, 'BEGIN');
    const value = await fn(tx);
    await run(conn, 'COMMIT');
    return { value };
  } catch (error) {
    try {
      await conn.query('ROLLBACK');
      return { error, broken: false };
    } catch {
      return { error, broken: true };
    }
  }
}

/**
 * A {@link SqlClient} over a `pg.Pool`: each transaction checks out its own connection, so
 * transactions run in parallel up to the pool's size. A connection whose transaction could not
 * be rolled back (it was dropped) is destroyed, not returned to the pool. `close()` does not end
 * the pool unless `owned` is true (the pool belongs to the caller).
 *
 * @example
 * ```ts
 * import pg from 'pg';
 * import { pgPoolSqlClient } from 'fidelis/postgres';
 * const sql = pgPoolSqlClient(new pg.Pool({ connectionString: process.env.DATABASE_URL }));
 * ```
 */
export function pgPoolSqlClient(pool: PgPoolLike, options: { owned?: boolean; retry?: RetryPolicy } = {}): SqlClient {
  const policy = options.retry ?? defaultRetryPolicy;
  let closed = false;
  return {
    query: (text, params, options) => run(pool, text, params, options),
    transaction: (fn) =>
      withSerializationRetry(async () => {
        let conn: PgPoolConnectionLike;
        try {
          conn = await pool.connect();
        } catch (error) {
          throw toStoreFailure(error);
        }
        // A connection dropped mid-transaction emits 'error'; without a listener Node would crash.
        conn.on('error', ignore);
        const outcome = await inTransaction(conn, fn);
        conn.removeListener('error', ignore);
        if ('value' in outcome) {
          conn.release();
          return outcome.value;
        }
        conn.release(outcome.broken ? new Error('connection lost during a transaction') : undefined);
        throw outcome.error;
      }, policy),
    close: async () => {
      if (closed) return;
      closed = true;
      if (options.owned === true) await pool.end();
    },
  };
}

/**
 * A {@link SqlClient} over one `pg.Client` connection. One connection runs one transaction at a
 * time, so statements and transactions are queued and run one after the other. `close()` does
 * not end the client (it belongs to the caller).
 *
 * @example
 * ```ts
 * import pg from 'pg';
 * import { pgClientSqlClient } from 'fidelis/postgres';
 * const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
 * await client.connect();
 * const sql = pgClientSqlClient(client);
 * ```
 */
export function pgClientSqlClient(client: PgConnectionLike, options: { retry?: RetryPolicy } = {}): SqlClient {
  const policy = options.retry ?? defaultRetryPolicy;
  let tail: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(task: () => Promise<T>): Promise<T> => {
    const result = tail.then(task, task);
    tail = result.catch(ignore);
    return result;
  };
  return {
    query: (text, params, options) => exclusive(() => run(client, text, params, options)),
    transaction: (fn) =>
      withSerializationRetry(
        () =>
          exclusive(async () => {
            const outcome = await inTransaction(client, fn);
            if ('value' in outcome) return outcome.value;
            throw outcome.error;
          }),
        policy,
      ),
    close: async () => {},
  };
}
