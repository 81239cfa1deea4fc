import { FidelisError } from '../../core/errors.js';
import type { Store } from '../../storage/store.js';
import { createPgContactStore } from './contacts.js';
import { createPgCouponStore } from './coupons.js';
import { createPgEventStore } from './events.js';
import { createPgLedgerStore } from './ledger.js';
import { createPgSegmentStore } from './segments.js';
import type { MigrationTarget } from './migrate.js';
import { type PgConnectionLike, type PgPoolLike, pgClientSqlClient, pgPoolSqlClient } from './pg-sql-client.js';
import { type PgliteLike, pgliteSqlClient } from './pglite-sql-client.js';
import { DEFAULT_SCHEMA, quoteIdentifier } from './schema-name.js';
import type { RetryPolicy, SqlClient } from './sql-client.js';

/**
 * Where the PostgreSQL store connects: exactly one of a `pg.Pool` (`pool`), one connected
 * `pg.Client` (`client`), an `@electric-sql/pglite` instance (`pglite`) or a ready
 * {@link SqlClient} (`sql`); plus the schema its tables live in (`fidelis` by default) and the
 * retry policy for serialization failures. The store closes what it was given only when `owned` is true.
 *
 * @example
 * ```ts
 * import pg from 'pg';
 * const options: PostgresStoreOptions = { pool: new pg.Pool({ connectionString: process.env.DATABASE_URL }), schema: 'loyalty' };
 * ```
 */
export interface PostgresStoreOptions {
  /** A `pg.Pool`: transactions run in parallel on its connections (the server deployment). */
  readonly pool?: PgPoolLike;
  /** One connected `pg.Client`: operations run one after the other. */
  readonly client?: PgConnectionLike;
  /** An embedded PGlite database (see {@link openPglite}). */
  readonly pglite?: PgliteLike;
  /** A ready query interface (advanced: custom drivers, instrumentation). */
  readonly sql?: SqlClient;
  /** Schema of the fidelis tables (unquoted, quoted safely by the adapter); `fidelis` by default. */
  readonly schema?: string;
  /** Retries of transactions on serialization failure / deadlock. */
  readonly retry?: RetryPolicy;
  /** When true, `close()` also ends the `pool` or closes the `pglite` database (the store owns it). Default false. */
  readonly owned?: boolean;
}

/**
 * The {@link Store} on PostgreSQL (server or PGlite), with the query interface and schema it
 * runs on, so `migrate(store)` knows where to apply the migrations.
 *
 * @example
 * ```ts
 * const store: PostgresStore = createPostgresStore({ pglite: await openPglite() });
 * await migrate(store);
 * ```
 */
export interface PostgresStore extends Store, MigrationTarget {
  /** The query interface every operation runs on. */
  readonly sql: SqlClient;
  /** The schema of the fidelis tables (unquoted). */
  readonly schema: string;
}

/**
 * Where the store's statements run: the query interface and the quoted schema name that
 * qualifies every table (`${schema}.ledger_entries`). Shared by the store's parts.
 *
 * @example
 * ```ts
 * const scope: PostgresScope = { sql: pgPoolSqlClient(pool), schema: '"fidelis"' };
 * ```
 */
export interface PostgresScope {
  /** The query interface. */
  readonly sql: SqlClient;
  /** The schema name, already quoted. */
  readonly schema: string;
}

function sqlClientOf(options: PostgresStoreOptions): SqlClient {
  const given = (['pool', 'client', 'pglite', 'sql'] as const).filter((k) => options[k] !== undefined);
  if (given.length !== 1) {
    throw new FidelisError(
      'VALIDATION_FAILED',
      `createPostgresStore: give exactly one of pool, client, pglite or sql (got ${given.length === 0 ? 'none' : given.join(', ')})`,
      { issues: [{ path: given.length === 0 ? '' : given.join(','), message: 'exactly one connection option is required' }] },
    );
  }
  const retry = options.retry === undefined ? {} : { retry: options.retry };
  const owned = { ...retry, owned: options.owned === true };
  if (options.pool !== undefined) return pgPoolSqlClient(options.pool, owned);
  if (options.client !== undefined) return pgClientSqlClient(options.client, retry);
  if (options.pglite !== undefined) return pgliteSqlClient(options.pglite, owned);
  return options.sql as SqlClient;
}

/**
 * Create the {@link Store} on PostgreSQL: every operation is one guarded statement or one short
 * transaction (conditional updates, unique constraints on idempotency keys, row locks taken in
 * key order), so any number of processes can share one database. Run {@link migrate} once
 * before use (or `fidelis db migrate --url …`).
 *
 * @example
 * ```ts
 * import pg from 'pg';
 * import { createLoyaltyEngine } from 'fidelis';
 * import { createPostgresStore, migrate } from 'fidelis/postgres';
 * const store = createPostgresStore({ pool: new pg.Pool({ connectionString: process.env.DATABASE_URL }) });
 * await migrate(store);
 * const engine = createLoyaltyEngine({ store });
 * ```
 */
export function createPostgresStore(options: PostgresStoreOptions): PostgresStore {
  const schema = options.schema ?? DEFAULT_SCHEMA;
  const sql = sqlClientOf(options);
  const scope: PostgresScope = { sql, schema: quoteIdentifier(schema) };
  return {
    ledger: createPgLedgerStore(scope),
    coupons: createPgCouponStore(scope),
    contacts: createPgContactStore(scope),
    segments: createPgSegmentStore(scope),
    events: createPgEventStore(scope),
    sql,
    schema,
    close: () => sql.close(),
  };
}
