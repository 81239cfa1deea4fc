// Test support: one PGlite database per test file, one fresh schema per store (PGlite takes
// seconds to start; a schema takes milliseconds), so every test sees an empty, migrated store.
import { afterAll } from 'vitest';
import {
  type PgliteLike,
  type PostgresStore,
  createPostgresStore,
  migrate,
  openPglite,
} from '../../src/adapters/postgres/index.js';
import { type Store, createMemoryStore } from '../../src/storage/index.js';

/** Returns a factory of fresh migrated stores on one shared in-memory PGlite, closed after the file. */
export function pgliteStores(prefix = 't'): () => Promise<PostgresStore> {
  let db: Promise<PgliteLike> | undefined;
  let n = 0;
  afterAll(async () => {
    if (db !== undefined) await (await db).close();
  });
  return async () => {
    db ??= openPglite();
    const store = createPostgresStore({ pglite: await db, schema: `${prefix}_${++n}` });
    await migrate(store);
    return store;
  };
}

/**
 * The stores an engine behaviour test runs on: the memory store, and PGlite (a fresh schema
 * each) unless `FIDELIS_TEST_ENGINE_BACKENDS=memory` (CI's third time zone, where the Store
 * conformance suites still run on both but the engine's tests only on the memory store).
 */
export function engineBackends(prefix: string): [string, () => Promise<Store>][] {
  const memory: [string, () => Promise<Store>] = ['memory', async () => createMemoryStore()];
  return process.env['FIDELIS_TEST_ENGINE_BACKENDS'] === 'memory' ? [memory] : [memory, ['PGlite', pgliteStores(prefix)]];
}
