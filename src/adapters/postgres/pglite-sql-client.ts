import {
  type RetryPolicy,
  type SqlClient,
  type SqlQueryable,
  type SqlResult,
  defaultRetryPolicy,
  toStoreFailure,
  withSerializationRetry,
} from './sql-client.js';

/**
 * What the adapter needs of a PGlite transaction.
 *
 * @example
 * ```ts
 * await pglite.transaction(async (tx: PgliteQueryableLike) => tx.query('SELECT 1'));
 * ```
 */
export interface PgliteQueryableLike {
  /** PGlite's query method (one statement, positional parameters). */
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[]; affectedRows?: number }>;
}

/**
 * What the adapter needs of an `@electric-sql/pglite` instance; declared structurally so
 * `fidelis/postgres` never loads PGlite itself.
 *
 * @example
 * ```ts
 * import { PGlite } from '@electric-sql/pglite';
 * const db: PgliteLike = await PGlite.create();
 * ```
 */
export interface PgliteLike extends PgliteQueryableLike {
  /** PGlite's transaction method (BEGIN … COMMIT, serialised with other queries). */
  transaction<T>(fn: (tx: PgliteQueryableLike) => Promise<T>): Promise<T>;
  /** Shut the database down (flushes a persistent data directory). */
  close(): Promise<void>;
}

async function run<R>(db: PgliteQueryableLike, text: string, params?: readonly unknown[]): Promise<SqlResult<R>> {
  try {
    const result = await db.query(text, params === undefined ? undefined : [...params]);
    const rowCount = result.affectedRows !== undefined && result.affectedRows > 0 ? result.affectedRows : result.rows.length;
    return { rows: result.rows as R[], rowCount };
  } catch (error) {
    throw toStoreFailure(error);
  }
}

/**
 * A {@link SqlClient} over an in-process PGlite database. PGlite is one connection: it runs
 * statements and transactions one after the other. `close()` closes the database only when
 * `owned` is true (as for {@link openPglite}).
 *
 * @example
 * ```ts
 * import { PGlite } from '@electric-sql/pglite';
 * import { pgliteSqlClient } from 'fidelis/postgres';
 * const sql = pgliteSqlClient(await PGlite.create());
 * ```
 */
export function pgliteSqlClient(db: PgliteLike, options: { owned?: boolean; retry?: RetryPolicy } = {}): SqlClient {
  const policy = options.retry ?? defaultRetryPolicy;
  let closed = false;
  return {
    query: (text, params) => run(db, text, params),
    transaction: (fn) =>
      withSerializationRetry(
        () => db.transaction((tx) => fn({ query: (text, params) => run(tx, text, params) } satisfies SqlQueryable)),
        policy,
      ),
    close: async () => {
      if (closed) return;
      closed = true;
      if (options.owned === true) await db.close();
    },
  };
}

/**
 * Open an `@electric-sql/pglite` database, loading the package only now (it is an optional peer
 * dependency): in memory without `dir`, persisted in the directory `dir` otherwise.
 *
 * @example
 * ```ts
 * import { createPostgresStore, migrate, openPglite } from 'fidelis/postgres';
 * const pglite = await openPglite('./loyalty-data');
 * const store = createPostgresStore({ pglite });
 * await migrate(store);
 * ```
 */
export async function openPglite(dir?: string): Promise<PgliteLike> {
  const specifier = '@electric-sql/pglite';
  let mod: { PGlite: { create(dataDir?: string): Promise<PgliteLike> } };
  try {
    mod = (await import(specifier)) as typeof mod;
  } catch (error) {
    throw toStoreFailure(new Error(`cannot load ${specifier} (install it: npm install ${specifier}): ${String(error)}`));
  }
  try {
    return await mod.PGlite.create(dir);
  } catch (error) {
    throw toStoreFailure(error);
  }
}
