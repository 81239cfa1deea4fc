import {
  type RetryPolicy,
  type SqlClient,
  type SqlQueryable,
  type SqlResult,
  defaultRetryPolicy,
  sqlStateOf,
  toStoreFailure,
  withSerializationRetry,
} from './sql-client.js';
import { sqlLiteral } from './sql-literal.js';

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

/** Per database: names prepared (`PREPARE … AS`), and names PostgreSQL could not prepare. */
const preparedIn = new WeakMap<PgliteQueryableLike, { ready: Set<string>; refused: Set<string> }>();

/**
 * A named statement on PGlite: prepared once per database (`PREPARE name AS text`), then run as
 * `EXECUTE name(literals)`, so PGlite parses and plans it once instead of on every call (a
 * plan of the ledger append costs about as much as running it, in WebAssembly: see
 * bench/postgres.bench.ts). PGlite's `EXECUTE` takes no bind parameters, so the values go as
 * literals (`sqlLiteral`). A statement PostgreSQL cannot prepare (a parameter of unknown type)
 * runs as a plain parameterised query.
 */
async function runNamed<R>(db: PgliteQueryableLike, name: string, text: string, params: readonly unknown[]): Promise<SqlResult<R>> {
  let state = preparedIn.get(db);
  if (state === undefined) preparedIn.set(db, (state = { ready: new Set(), refused: new Set() }));
  if (state.refused.has(name)) return run(db, text, params);
  if (!state.ready.has(name)) {
    try {
      await db.query(`PREPARE ${name} AS ${text}`);
      state.ready.add(name);
    } catch (error) {
      // 42P05: prepared by another client of this database (same name, same text); another
      // class 42 error (a parameter of unknown type): run it unprepared from now on.
      const code = sqlStateOf(error);
      if (code === '42P05') state.ready.add(name);
      else if (code?.startsWith('42') === true) {
        state.refused.add(name);
        return run(db, text, params);
      } else throw toStoreFailure(error);
    }
  }
  try {
    return await run(db, params.length === 0 ? `EXECUTE ${name}` : `EXECUTE ${name}(${params.map(sqlLiteral).join(', ')})`);
  } catch (error) {
    // 26000: the session lost it (DEALLOCATE by other code): prepare it again on the next call
    if (sqlStateOf(error) === '26000') state.ready.delete(name);
    throw error;
  }
}

/**
 * A {@link SqlClient} over an in-process PGlite database. PGlite is one connection: it runs
 * statements and transactions one after the other. A statement given a name (outside a
 * transaction) is prepared once and executed by name. `close()` closes the database only when
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
    query: (text, params, options) => (options?.name === undefined ? run(db, text, params) : runNamed(db, options.name, text, params ?? [])),
    transaction: (fn) =>
      withSerializationRetry(
        // Inside a transaction statements run unprepared: a PREPARE that fails there would abort it.
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
