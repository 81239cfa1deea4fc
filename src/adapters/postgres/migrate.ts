import { FidelisError } from '../../core/errors.js';
import { migrations } from './migrations/index.js';
import { DEFAULT_SCHEMA, quoteIdentifier } from './schema-name.js';
import { type SqlClient, sqlStateOf } from './sql-client.js';

/**
 * What {@link migrate} did: the schema, the version before and after, and the steps applied now.
 *
 * @example
 * ```ts
 * const report: MigrationReport = { schema: 'fidelis', from: 0, to: 3, applied: [{ version: 1, name: 'ledger' }] };
 * ```
 */
export interface MigrationReport {
  /** The schema migrated (unquoted). */
  readonly schema: string;
  /** Version found before migrating (0 for an empty schema). */
  readonly from: number;
  /** Version after migrating (the latest this fidelis knows). */
  readonly to: number;
  /** Migrations applied by this call, in order (empty when already up to date). */
  readonly applied: ReadonlyArray<{ readonly version: number; readonly name: string }>;
}

/**
 * A database and schema to migrate: a `PostgresStore`, or `{ sql, schema? }` for a bare
 * {@link SqlClient}.
 *
 * @example
 * ```ts
 * const target: MigrationTarget = { sql: pgPoolSqlClient(pool), schema: 'loyalty' };
 * ```
 */
export interface MigrationTarget {
  /** The connection to run the migrations on. */
  readonly sql: SqlClient;
  /** Schema name (unquoted); `fidelis` by default. */
  readonly schema?: string;
}

/**
 * The latest schema version this build of fidelis ships.
 *
 * @example
 * ```ts
 * latestSchemaVersion() >= 1; // true
 * ```
 */
export function latestSchemaVersion(): number {
  return migrations.reduce((max, m) => Math.max(max, m.version), 0);
}

/** Races between two processes creating the same schema/table surface as these SQLSTATEs. */
const CREATE_RACE = new Set(['23505', '42P06', '42P07', '42710']);

async function ensureVersionTable(sql: SqlClient, s: string): Promise<void> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      await sql.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
      await sql.query(
        `CREATE TABLE IF NOT EXISTS ${s}.fidelis_schema_version (
          version integer PRIMARY KEY,
          name text NOT NULL,
          applied_at timestamptz NOT NULL DEFAULT now())`,
      );
      await sql.query(
        `INSERT INTO ${s}.fidelis_schema_version (version, name) VALUES (0, 'baseline') ON CONFLICT (version) DO NOTHING`,
      );
      return;
    } catch (error) {
      const state = sqlStateOf(error);
      if (state === undefined || !CREATE_RACE.has(state) || attempt >= 5) throw error;
    }
  }
}

/**
 * Bring the fidelis tables up to the latest version, in the schema of the store (or of
 * `options.schema`, or `fidelis` for a bare {@link SqlClient}). Safe to re-run and to run from
 * several processes at once: the version table is created with `IF NOT EXISTS`, then one
 * transaction locks its baseline row (`SELECT … FOR UPDATE`), reads the applied version, applies
 * the missing migrations in order and records each (version, name, time) in
 * `<schema>.fidelis_schema_version`. A schema newer than this build is refused (`STORE_FAILURE`).
 *
 * @example
 * ```ts
 * import { createPostgresStore, migrate, openPglite } from 'fidelis/postgres';
 * const store = createPostgresStore({ pglite: await openPglite() });
 * const report = await migrate(store);
 * console.log(`schema ${report.schema}: ${report.from} → ${report.to}`);
 * await migrate(pgPoolSqlClient(pool), { schema: 'loyalty' }); // without a store
 * ```
 */
export async function migrate(target: MigrationTarget | SqlClient, options: { readonly schema?: string } = {}): Promise<MigrationReport> {
  const { sql, schema: targetSchema } = 'sql' in target ? target : { sql: target, schema: undefined };
  const schema = options.schema ?? targetSchema ?? DEFAULT_SCHEMA;
  const s = quoteIdentifier(schema);
  await ensureVersionTable(sql, s);
  const latest = latestSchemaVersion();
  return sql.transaction(async (tx) => {
    await tx.query(`SELECT version FROM ${s}.fidelis_schema_version WHERE version = 0 FOR UPDATE`);
    const { rows } = await tx.query<{ v: number | string }>(
      `SELECT COALESCE(max(version), 0) AS v FROM ${s}.fidelis_schema_version`,
    );
    const from = Number(rows[0]?.v ?? 0);
    if (from > latest) {
      throw new FidelisError(
        'STORE_FAILURE',
        `schema ${schema} is at version ${from}, newer than this fidelis knows (${latest}): upgrade fidelis`,
        { schema, version: from, latest },
      );
    }
    const applied: Array<{ version: number; name: string }> = [];
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (m.version <= from) continue;
      for (const statement of m.statements(s)) await tx.query(statement);
      await tx.query(`INSERT INTO ${s}.fidelis_schema_version (version, name) VALUES ($1, $2)`, [m.version, m.name]);
      applied.push({ version: m.version, name: m.name });
    }
    return { schema, from, to: Math.max(from, latest), applied };
  });
}
