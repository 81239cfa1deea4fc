// The limit each fidelis operation is compared with: the minimal SQL of the same work as ONE
// named prepared statement (what pgbench -M prepared would run), on tables of the same shape,
// sent from the same process through the same SqlClient (so the driver's cost is on both sides).
import type { SqlQueryable } from '../../src/adapters/postgres/sql-client.js';

/** The operations of the benchmark. */
export type Operation = 'reserve' | 'commit' | 'recordOrder (new customer)' | 'recordOrder (existing customer)' | 'redeemPoints' | 'replay of a key';

/** Create the minimal tables in `schema` (quoted), dropping what was there. */
export async function createRawTables(sql: SqlQueryable, schema: string): Promise<void> {
  await sql.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await sql.query(`CREATE SCHEMA ${schema}`);
  for (const ddl of [
    `CREATE TABLE ${schema}.keys (key text PRIMARY KEY, customer_id text NOT NULL, request_hash text NOT NULL, result jsonb)`,
    `CREATE TABLE ${schema}.claims (claim text PRIMARY KEY, customer_id text NOT NULL)`,
    `CREATE TABLE ${schema}.ledgers (customer_id text PRIMARY KEY, version integer NOT NULL, active bigint NOT NULL, projection jsonb NOT NULL)`,
    `CREATE TABLE ${schema}.entries (customer_id text NOT NULL, seq integer NOT NULL, data jsonb NOT NULL, PRIMARY KEY (customer_id, seq))`,
    `CREATE TABLE ${schema}.orders (order_id text PRIMARY KEY, customer_id text NOT NULL, placed_at timestamptz NOT NULL)`,
    `CREATE TABLE ${schema}.counters (promotion_id text NOT NULL, scope text NOT NULL, scope_key text NOT NULL, held integer NOT NULL, used integer NOT NULL, PRIMARY KEY (promotion_id, scope, scope_key))`,
    `CREATE TABLE ${schema}.reservations (reservation_id text PRIMARY KEY, promotion_id text NOT NULL, customer_id text NOT NULL, discount_minor bigint NOT NULL, status text NOT NULL, expires_at timestamptz NOT NULL)`,
  ]) {
    await sql.query(ddl);
  }
}

/** Give customers `${prefix}0 … ${prefix}${n-1}` a ledger row with `points` active (for redeemPoints). */
export async function seedRawBalances(sql: SqlQueryable, schema: string, prefix: string, n: number, points: number): Promise<void> {
  await sql.query(
    `INSERT INTO ${schema}.ledgers SELECT $1 || g, 1, $2::bigint, '{}'::jsonb FROM generate_series(0, $3::int - 1) g`,
    [prefix, points, n],
  );
}

// A projection and an entry of the size fidelis writes for one 80-point order (one open lot).
const PROJECTION = JSON.stringify({ v: 1, lots: [{ id: 'e1', seq: 0, p: 80, r: 80, c: 1772359200000, a: 1773568800000, e: 1806443999999, o: 'order', x: 0, m: 0 }], debt: 0, lifetime: { earned: 80, burned: 0, expired: 0, reversed: 0 }, activity: [] });
const ENTRY = JSON.stringify({ kind: 'earn', id: 'e1', customerId: 'c1', at: '2026-03-01T09:00:00.000Z', points: 80, activatesAt: '2026-03-15T09:00:00.000Z', expiresAt: '2027-03-31T21:59:59.999Z', source: { type: 'order', orderId: 'o1', programId: 'shop', lines: [{ lineId: 'l1', quantity: 1, points: 50 }, { lineId: 'l2', quantity: 3, points: 30 }] } });
const BURN = JSON.stringify({ kind: 'burn', id: 'b1', customerId: 'c1', at: '2026-03-01T12:00:00.000Z', points: -7, reason: 'redemption' });

/**
 * One call of the minimal statement of `op` for item `i` (keys and ids derived from `tag` and `i`).
 * recordOrder: idempotency key, claim, version-checked ledger upsert with the projection, entry,
 * order row. redeemPoints: key, guarded `active >= points` update, entry. reserve: guarded
 * total and per-customer counters, reservation row. commit: reservation → committed, counters
 * held → used. replay: the key's stored result.
 */
export function rawOperation(sql: SqlQueryable, schema: string, op: Operation, tag: string): (i: number) => Promise<unknown> {
  const name = (s: string): string => `raw_${s}_${schema.replace(/\W/g, '')}`.slice(0, 63);
  switch (op) {
    case 'recordOrder (new customer)':
    case 'recordOrder (existing customer)': {
      const text = `WITH k AS (INSERT INTO ${schema}.keys VALUES ($1, $2, 'hash', '{"points":80}') ON CONFLICT DO NOTHING RETURNING 1),
        c AS (INSERT INTO ${schema}.claims SELECT $3, $2 FROM k ON CONFLICT DO NOTHING RETURNING 1),
        l AS (INSERT INTO ${schema}.ledgers SELECT $2, 1, 0, $4::jsonb FROM c
              ON CONFLICT (customer_id) DO UPDATE SET version = ledgers.version + 1, projection = EXCLUDED.projection
              WHERE ledgers.version = $5 RETURNING version),
        e AS (INSERT INTO ${schema}.entries SELECT $2, l.version, $6::jsonb FROM l RETURNING 1),
        o AS (INSERT INTO ${schema}.orders SELECT $7, $2, now() FROM l RETURNING 1)
        SELECT (SELECT count(*) FROM e) + (SELECT count(*) FROM o) AS n`;
      const existing = op === 'recordOrder (existing customer)';
      const again = existing ? '-again' : ''; // a second order of the customers the first run created
      return (i) => sql.query(text, [`${tag}-k${i}${again}`, `${tag}-c${i}`, `order:${tag}-o${i}${again}`, PROJECTION, existing ? 1 : 0, ENTRY, `${tag}-o${i}${again}`], { name: name('order') });
    }
    case 'redeemPoints': {
      const text = `WITH k AS (INSERT INTO ${schema}.keys VALUES ($1, $2, 'hash', '{"points":7}') ON CONFLICT DO NOTHING RETURNING 1),
        l AS (UPDATE ${schema}.ledgers SET version = version + 1, active = active - $3 FROM k WHERE customer_id = $2 AND active >= $3 RETURNING version),
        e AS (INSERT INTO ${schema}.entries SELECT $2, l.version, $4::jsonb FROM l RETURNING 1)
        SELECT count(*) AS n FROM e`;
      return (i) => sql.query(text, [`${tag}-k${i}`, `${tag}-c${i}`, 7, BURN], { name: name('redeem') });
    }
    case 'reserve': {
      const text = `WITH t AS (INSERT INTO ${schema}.counters VALUES ($2, 'total', '', 1, 0)
                ON CONFLICT (promotion_id, scope, scope_key) DO UPDATE SET held = counters.held + 1 WHERE counters.held + counters.used < $4 RETURNING 1),
        u AS (INSERT INTO ${schema}.counters SELECT $2, 'customer', $3, 1, 0 FROM t
                ON CONFLICT (promotion_id, scope, scope_key) DO UPDATE SET held = counters.held + 1 WHERE counters.held + counters.used < $5 RETURNING 1),
        r AS (INSERT INTO ${schema}.reservations SELECT $1, $2, $3, 500, 'reserved', now() + interval '15 minutes' FROM u RETURNING 1)
        SELECT count(*) AS n FROM r`;
      return (i) => sql.query(text, [`${tag}-r${i}`, `${tag}-promo`, `${tag}-c${i}`, 10_000_000, 1], { name: name('reserve') });
    }
    case 'commit': {
      const text = `WITH r AS (UPDATE ${schema}.reservations SET status = 'committed' WHERE reservation_id = $1 AND status = 'reserved' RETURNING promotion_id, customer_id),
        c AS (UPDATE ${schema}.counters SET held = held - 1, used = used + 1
                FROM r, LATERAL (VALUES ('total', ''), ('customer', r.customer_id)) AS v(scope, scope_key)
               WHERE counters.promotion_id = r.promotion_id AND counters.scope = v.scope AND counters.scope_key = v.scope_key RETURNING 1)
        SELECT count(*) AS n FROM c`;
      return (i) => sql.query(text, [`${tag}-r${i}`], { name: name('commit') });
    }
    case 'replay of a key':
      return (i) => sql.query(`SELECT result FROM ${schema}.keys WHERE key = $1`, [`${tag}-k${i}`], { name: name('replay') });
  }
}
