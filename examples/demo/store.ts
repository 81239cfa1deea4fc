import { createMemoryStore, type Store } from '../../src/index.js';
import { createPostgresStore, migrate, openPglite } from '../../src/adapters/postgres/index.js';

/**
 * Open the store the demo runs on: `memory` (the default; state is gone when the demo ends) or
 * `pglite:<dir>` (an embedded PostgreSQL kept in `<dir>`, migrated on open, so a second run
 * continues where the first stopped).
 */
export async function openDemoStore(spec: string): Promise<Store> {
  if (spec === 'memory') return createMemoryStore();
  if (spec.startsWith('pglite:') && spec.length > 'pglite:'.length) {
    const dir = spec.slice('pglite:'.length);
    const store = createPostgresStore({ pglite: await openPglite(dir), owned: true });
    const report = await migrate(store);
    const state = report.from === 0 ? 'new database' : `existing database, schema version ${report.from}`;
    console.log(`Store: PGlite in ${dir} (${state}${report.applied.length > 0 ? `, migrated to ${report.to}` : ''})`);
    return store;
  }
  throw new Error(`--store: "${spec}" is not supported (use "memory" or "pglite:<dir>")`);
}
