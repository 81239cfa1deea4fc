import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type PgConnectionLike,
  type PgPoolConnectionLike,
  type PgPoolLike,
  pgClientSqlClient,
  pgPoolSqlClient,
  quoteIdentifier,
  sqlStateOf,
  withSerializationRetry,
} from '../../src/adapters/postgres/index.js';
import { decodeJson, encodeJson } from '../../src/adapters/postgres/json-codec.js';
import { chunks, inList, valuesList } from '../../src/adapters/postgres/sql-values.js';
import { FidelisError, isFidelisError } from '../../src/core/errors.js';

const fast = { maxAttempts: 4, baseDelayMs: 0, maxDelayMs: 0 };

describe('withSerializationRetry', () => {
  it('re-runs on serialization failure (40001) and deadlock (40P01), then returns the value', async () => {
    const codes = ['40001', '40P01'];
    let calls = 0;
    const value = await withSerializationRetry(async () => {
      const code = codes[calls++];
      if (code !== undefined) throw Object.assign(new Error('retry me'), { code });
      return 'done';
    }, fast);
    expect(value).toBe('done');
    expect(calls).toBe(3);
  });

  it('gives up after maxAttempts with STORE_FAILURE carrying the SQLSTATE', async () => {
    let calls = 0;
    const error = await withSerializationRetry(async () => {
      calls++;
      throw Object.assign(new Error('could not serialize access'), { code: '40001' });
    }, fast).catch((e: unknown) => e);
    expect(calls).toBe(4);
    expect(isFidelisError(error, 'STORE_FAILURE')).toBe(true);
    expect(sqlStateOf(error)).toBe('40001');
  });

  it('does not retry other database errors, and lets business errors through unchanged', async () => {
    let calls = 0;
    const unique = await withSerializationRetry(async () => {
      calls++;
      throw Object.assign(new Error('duplicate key'), { code: '23505' });
    }, fast).catch((e: unknown) => e);
    expect(calls).toBe(1);
    expect((unique as FidelisError).message).toBe('PostgreSQL error 23505: duplicate key');
    const business = new FidelisError('INSUFFICIENT_POINTS', 'points: 50 asked, 10 active');
    expect(await withSerializationRetry(async () => Promise.reject(business), fast).catch((e: unknown) => e)).toBe(business);
  });
});

/** A fake pg connection that logs statements, answering after a random short delay. */
function fakeConnection(log: string[], fail?: (text: string) => unknown): PgPoolConnectionLike & { released: unknown[] } {
  const released: unknown[] = [];
  return {
    released,
    query: async (text) => {
      await new Promise((r) => setTimeout(r, Math.random() * 3));
      log.push(text);
      const error = fail?.(text);
      if (error !== undefined) throw error;
      return { rows: [{ text }], rowCount: 1 };
    },
    on: () => undefined,
    removeListener: () => undefined,
    release: (e) => {
      released.push(e);
    },
  };
}

describe('pgClientSqlClient (one connection)', () => {
  it('runs concurrent transactions one after the other, never interleaving their statements', async () => {
    const log: string[] = [];
    const sql = pgClientSqlClient(fakeConnection(log) as PgConnectionLike);
    await Promise.all(
      ['a', 'b', 'c'].map((t) =>
        sql.transaction(async (tx) => {
          await tx.query(`${t}1`);
          await tx.query(`${t}2`);
        }),
      ),
    );
    expect(log).toEqual(['BEGIN', 'a1', 'a2', 'COMMIT', 'BEGIN', 'b1', 'b2', 'COMMIT', 'BEGIN', 'c1', 'c2', 'COMMIT']);
  });
});

describe('pgPoolSqlClient', () => {
  it('rolls back and retries a transaction that hit a serialization failure, on a fresh checkout', async () => {
    const log: string[] = [];
    let failures = 1;
    const conns: Array<ReturnType<typeof fakeConnection>> = [];
    const pool: PgPoolLike = {
      query: async () => ({ rows: [], rowCount: 0 }),
      connect: async () => {
        const c = fakeConnection(log, (text) => (text === 'COMMIT' && failures-- > 0 ? Object.assign(new Error('serialize'), { code: '40001' }) : undefined));
        conns.push(c);
        return c;
      },
      end: async () => {},
    };
    const sql = pgPoolSqlClient(pool, { retry: fast });
    expect(await sql.transaction(async (tx) => (await tx.query('x')).rowCount)).toBe(1);
    expect(log).toEqual(['BEGIN', 'x', 'COMMIT', 'ROLLBACK', 'BEGIN', 'x', 'COMMIT']);
    expect(conns.map((c) => c.released)).toEqual([[undefined], [undefined]]);
  });

  it('destroys a connection whose ROLLBACK failed (dropped) instead of returning it to the pool', async () => {
    const log: string[] = [];
    const conn = fakeConnection(log, (text) => (text === 'x' || text === 'ROLLBACK' ? new Error('connection terminated') : undefined));
    const pool: PgPoolLike = { query: async () => ({ rows: [], rowCount: 0 }), connect: async () => conn, end: async () => {} };
    const error = await pgPoolSqlClient(pool).transaction((tx) => tx.query('x')).catch((e: unknown) => e);
    expect(isFidelisError(error, 'STORE_FAILURE')).toBe(true);
    expect(conn.released).toHaveLength(1);
    expect(conn.released[0]).toBeInstanceOf(Error);
  });
});

describe('encodeJson / decodeJson', () => {
  it('keeps dates (nested too), null and undefined apart', () => {
    const value = { at: new Date('2026-03-01T10:00:00.000Z'), list: [{ d: new Date(0) }, null], n: 1.5, s: 'x' };
    expect(decodeJson(JSON.parse(encodeJson(value)))).toEqual(value);
    expect(decodeJson(encodeJson(undefined))).toBeUndefined();
    expect(decodeJson(encodeJson(null))).toBeNull();
    expect(encodeJson({ at: new Date('2026-03-01T10:00:00.000Z') })).toBe('{"v":{"at":{"$date":"2026-03-01T10:00:00.000Z"}}}');
  });

  it('keeps a "__proto__" key as data', () => {
    const value: unknown = JSON.parse('{"__proto__": {"$date": "2026-01-01T00:00:00.000Z"}, "a": 1}');
    const back = decodeJson(encodeJson(value)) as Record<string, unknown>;
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.keys(back)).toEqual(['__proto__', 'a']);
    expect(Object.getOwnPropertyDescriptor(back, '__proto__')?.value).toEqual(new Date('2026-01-01T00:00:00.000Z'));
  });

  it('round-trips any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(decodeJson(encodeJson(v))).toEqual(JSON.parse(JSON.stringify(v)));
      }),
    );
  });
});

describe('SQL text helpers', () => {
  it('numbers VALUES placeholders from `first`, with casts', () => {
    expect(valuesList([['a', 1], ['b', 2]], 2, ['', '::bigint'])).toEqual({ text: '($2, $3::bigint), ($4, $5::bigint)', params: ['a', 1, 'b', 2] });
    expect(inList(3, 4)).toBe('$4, $5, $6');
    expect(chunks([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('quotes schema names safely and refuses impossible ones', () => {
    expect(quoteIdentifier('fidelis')).toBe('"fidelis"');
    expect(quoteIdentifier('a"; DROP SCHEMA x; --')).toBe('"a""; DROP SCHEMA x; --"');
    expect(() => quoteIdentifier('')).toThrow(/schema/);
    expect(() => quoteIdentifier('x'.repeat(64))).toThrow(/63 bytes/);
  });
});
