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
    if (report.from === 0) {
      console.log(`Store: new PGlite database in ${dir} (schema version ${report.to}); run the demo again to continue from here.`);
    } else {
      const customers = await store.ledger.listLedgerCustomers(undefined, 100_000);
      const promotions = await store.coupons.couponActivity({ from: new Date(0), to: new Date('9999-12-31T00:00:00Z') });
      const redeemed = promotions.reduce((n, p) => n + p.redeemed, 0);
      console.log(
        `Store: PGlite in ${dir}, kept from earlier runs: ${customers.length} customer ledger(s), ` +
          `${promotions.length} promotion(s), ${redeemed} coupon redemption(s)` +
          (report.applied.length > 0 ? ` (migrated from version ${report.from} to ${report.to})` : ''),
      );
    }
    return store;
  }
  throw new Error(`--store: "${spec}" is not supported (use "memory" or "pglite:<dir>")`);
}
