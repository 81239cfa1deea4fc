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
