import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createPostgresStore,
  latestSchemaVersion,
  migrate,
  pgPoolSqlClient,
} from '../../src/adapters/postgres/index.js';
import { runCli } from '../../src/cli/run.js';
import { isFidelisError } from '../../src/core/errors.js';
import { pgliteStores } from './pglite-store.js';
import { freshSchemaName, openPool, serverLabel, serverUrl } from './server-store.js';
import { APPLIED_AFTER_4 } from './schema4-writes.js';
import { appendEntries, orderEarn } from './workload.js';
import { undoCouponCheckouts, undoEventOutbox } from './undo-migrations.js';

function capture(): { io: { stdout: Writable; stderr: Writable }; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  const sink = (add: (s: string) => void): Writable =>
    new Writable({
      write(chunk: Buffer, _enc, done) {
        add(chunk.toString());
        done();
      },
    });
  return { io: { stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)) }, out: () => out, err: () => err };
}

describe('migrate (PGlite)', () => {
  const stores = pgliteStores('mig');

  it('applies every version to an empty schema, records each, and changes nothing when re-run', async () => {
    const store = await stores(); // already migrated once by the factory
    const again = await migrate(store);
    expect(again).toEqual({ schema: store.schema, from: 12, to: 12, applied: [] });
    expect(latestSchemaVersion()).toBe(12);
    const { rows } = await store.sql.query<{ version: number; name: string }>(
      `SELECT version, name FROM "${store.schema}".fidelis_schema_version ORDER BY version`,
    );
    expect(rows.map((r) => `${r.version}:${r.name}`)).toEqual(['0:baseline', '1:ledger', '2:coupons', '3:contacts', '4:ledger-budgets', '5:ledger-projection', '6:coupon-counters', '7:ledger-revision', '8:coupon-checkouts', '9:event-outbox', '10:partner-entries', '11:webhooks', '12:customer-segments']);
  });

  it('upgrades a schema left at an older version by applying only the missing steps', async () => {
    const store = await stores();
    const s = `"${store.schema}"`;
    for (const column of ['state', 'state_version', 'active', 'active_from', 'active_until']) await store.sql.query(`ALTER TABLE ${s}.ledgers DROP COLUMN ${column}`);
    await store.sql.query(`ALTER TABLE ${s}.ledger_entries DROP COLUMN order_id`);
    await store.sql.query(`ALTER TABLE ${s}.ledger_budgets DROP COLUMN limit_points`);
    await store.sql.query(`ALTER TABLE ${s}.ledgers DROP COLUMN revision`);
    await store.sql.query(`DROP TABLE ${s}.coupon_counters`);
    await store.sql.query(`ALTER TABLE ${s}.coupon_codes DROP COLUMN voucher_held_minor`);
    await undoEventOutbox(store.sql, s);
    await undoCouponCheckouts(store.sql, s);
    await store.sql.query(`DELETE FROM ${s}.fidelis_schema_version WHERE version >= 5`);
    expect(await migrate(store)).toEqual({
      schema: store.schema,
      from: 4,
      to: 12,
      applied: APPLIED_AFTER_4,
    });
    expect(await store.ledger.budgetUsage(['b'])).toEqual({ b: 0 });
  });

  it('reports what it applied on a fresh schema, and works for a schema name that needs quoting', async () => {
    const base = await stores();
    const odd = createPostgresStore({ sql: base.sql, schema: 'shop "north"; x' });
    expect(await migrate(odd)).toEqual({
      schema: 'shop "north"; x',
      from: 0,
      to: 12,
      applied: [
        { version: 1, name: 'ledger' },
        { version: 2, name: 'coupons' },
        { version: 3, name: 'contacts' },
        { version: 4, name: 'ledger-budgets' },
        ...APPLIED_AFTER_4,
      ],
    });
    expect(await appendEntries(odd, { customerId: 'c1', entries: [orderEarn('c1', 'e1', 'o1', 5)], expectedVersion: 0 })).toMatchObject({ status: 'applied', version: 1 });
    expect((await base.ledger.readCustomer({ customerId: 'c1' })).version).toBe(0); // another schema, another ledger
  });

  it('refuses a schema migrated by a newer fidelis', async () => {
    const store = await stores();
    await store.sql.query(`INSERT INTO "${store.schema}".fidelis_schema_version (version, name) VALUES (99, 'future')`);
    const error = await migrate(store).catch((e: unknown) => e);
    expect(isFidelisError(error, 'STORE_FAILURE')).toBe(true);
    expect((error as Error).message).toMatch(/version 99, newer than this fidelis knows \(12\)/);
  });
});

describe('fidelis db migrate (CLI)', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('migrates a PGlite directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fidelis-cli-'));
    dirs.push(dir);
    const first = capture();
    expect(await runCli(['db', 'migrate', '--pglite', dir, '--schema', 'shop'], first.io)).toBe(0);
    expect(first.out()).toBe('schema "shop" migrated from version 0 to 12 (applied 001 ledger, 002 coupons, 003 contacts, 004 ledger-budgets, 005 ledger-projection, 006 coupon-counters, 007 ledger-revision, 008 coupon-checkouts, 009 event-outbox, 010 partner-entries, 011 webhooks, 012 customer-segments)\n');
  });

  it('needs exactly one of --url and --pglite', async () => {
    const none = capture();
    expect(await runCli(['db', 'migrate'], none.io)).toBe(2);
    expect(none.err()).toMatch(/exactly one of --url or --pglite/);
    const both = capture();
    expect(await runCli(['db', 'migrate', '--url', 'postgres://x', '--pglite', '/tmp/x'], both.io)).toBe(2);
    const badUrl = capture();
    expect(await runCli(['db', 'migrate', '--url', 'mysql://x'], badUrl.io)).toBe(2);
    expect(badUrl.err()).toMatch(/--url: must be a postgres:\/\/ or postgresql:\/\/ URL/);
    const unknown = capture();
    expect(await runCli(['db', 'upgrade'], unknown.io)).toBe(2);
    expect(unknown.err()).toMatch(/unknown subcommand "upgrade"/);
  });
});

const url = serverUrl;
if (url !== undefined) {
  describe(`migrate on PostgreSQL server ${serverLabel()}`, () => {
    const pool = openPool(10);
    const schemas: string[] = [];
    afterAll(async () => {
      for (const s of schemas) await pool.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
      await pool.end();
    });

    it('8 concurrent migrate() calls on separate connections to one fresh schema: all succeed, the steps apply exactly once', async () => {
      const schema = freshSchemaName('fidelis_mig');
      schemas.push(schema);
      const sql = pgPoolSqlClient(pool);
      const reports = await Promise.all(Array.from({ length: 8 }, () => migrate({ sql, schema })));
      expect(reports.flatMap((r) => r.applied.map((a) => a.name)).sort()).toEqual(['contacts', 'coupon-checkouts', 'coupon-counters', 'coupons', 'customer-segments', 'event-outbox', 'ledger', 'ledger-budgets', 'ledger-projection', 'ledger-revision', 'partner-entries', 'webhooks']);
      expect(reports.every((r) => r.to === 12)).toBe(true);
      const { rows } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM "${schema}".fidelis_schema_version`);
      expect(Number(rows[0]?.n)).toBe(13); // baseline + 12
    });

    it('runs on one pg.Client too (operations queued on the connection), migrated from a bare SqlClient', async () => {
      const schema = freshSchemaName('fidelis_client');
      schemas.push(schema);
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const store = createPostgresStore({ client, schema });
        expect((await migrate(store.sql, { schema })).applied).toHaveLength(12);
        const appends = await Promise.all(
          Array.from({ length: 10 }, (_, i) => appendEntries(store, { customerId: 'c1', entries: [orderEarn('c1', `e${i}`, 'o1', 5)], expectedVersion: 0, claims: ['order:o1'] })),
        );
        expect(appends.map((a) => a.status).sort()).toEqual(['applied', ...Array.from({ length: 9 }, () => 'claimed')]);
        expect((await store.ledger.readCustomer({ customerId: 'c1' })).version).toBe(1);
        await store.close(); // does not end the caller's client
        expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      } finally {
        await client.end();
      }
    });

    it('the CLI migrates by URL', async () => {
      const schema = freshSchemaName('fidelis_cli');
      schemas.push(schema);
      const c = capture();
      expect(await runCli(['db', 'migrate', '--url', url, '--schema', schema], c.io)).toBe(0);
      expect(c.out()).toBe(`schema "${schema}" migrated from version 0 to 12 (applied 001 ledger, 002 coupons, 003 contacts, 004 ledger-budgets, 005 ledger-projection, 006 coupon-counters, 007 ledger-revision, 008 coupon-checkouts, 009 event-outbox, 010 partner-entries, 011 webhooks, 012 customer-segments)\n`);
    });
  });
}
