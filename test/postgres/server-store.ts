// Test support for a real PostgreSQL server (FIDELIS_TEST_PG_URL): one pg.Pool per test file,
// one fresh schema per store, every schema dropped after the file.
import pg from 'pg';
import { afterAll } from 'vitest';
import { type PostgresStore, createPostgresStore, migrate } from '../../src/adapters/postgres/index.js';

/** The server under test, or undefined when FIDELIS_TEST_PG_URL is not set. */
export const serverUrl: string | undefined = process.env['FIDELIS_TEST_PG_URL'] || undefined;

/** `host:port/db` of the server, for test names (no credentials). */
export function serverLabel(): string {
  if (serverUrl === undefined) return 'no server';
  const u = new URL(serverUrl);
  return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
}

/** A schema name unique to this process and call. */
export function freshSchemaName(prefix: string): string {
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6).toString(36)}`;
}

/** Opens a pool on the test server (errors of idle clients are swallowed: tests terminate backends on purpose). */
export function openPool(max = 20): pg.Pool {
  const pool = new pg.Pool({ connectionString: serverUrl, max });
  pool.on('error', () => {});
  return pool;
}

/** A factory of fresh migrated stores on the server; the pool is ended and the schemas dropped after the file. */
export function serverStores(prefix = 'fidelis_t'): { factory: () => Promise<PostgresStore>; pool: () => pg.Pool } {
  let pool: pg.Pool | undefined;
  const schemas: string[] = [];
  const getPool = (): pg.Pool => (pool ??= openPool());
  afterAll(async () => {
    if (pool === undefined) return;
    for (const schema of schemas) await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  });
  return {
    pool: getPool,
    factory: async () => {
      const schema = freshSchemaName(prefix);
      schemas.push(schema);
      const store = createPostgresStore({ pool: getPool(), schema });
      await migrate(store);
      return store;
    },
  };
}
