// sqlLiteral: the literals PGlite's prepared statements are executed with must read back as the
// value they stand for, whatever the text (quotes, backslashes, braces, commas, Unicode).
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { type PgliteLike, openPglite } from '../../src/adapters/postgres/index.js';
import { sqlLiteral } from '../../src/adapters/postgres/sql-literal.js';

let db: Promise<PgliteLike> | undefined;
const open = (): Promise<PgliteLike> => (db ??= openPglite());
afterAll(async () => {
  if (db !== undefined) await (await db).close();
});

// PostgreSQL text cannot hold NUL.
const text = fc.string({ unit: 'binary' }).filter((s) => !s.includes('\u0000'));

describe('sqlLiteral', () => {
  it('writes the documented forms', () => {
    expect(sqlLiteral("it's")).toBe("E'it\\'s'");
    expect(sqlLiteral('a\\b')).toBe("E'a\\\\b'");
    expect(sqlLiteral(['a', null])).toBe(`E'{"a",NULL}'`);
    expect(sqlLiteral(null)).toBe('NULL');
    expect(sqlLiteral(-9007199254740991)).toBe("E'-9007199254740991'");
    expect(sqlLiteral(new Date('2026-03-01T10:00:00Z'))).toBe("E'2026-03-01T10:00:00.000Z'");
    expect(() => sqlLiteral(Number.NaN)).toThrow(TypeError);
  });

  it('any text reads back unchanged, alone and as array elements (PGlite)', async () => {
    const pg = await open();
    await fc.assert(
      fc.asyncProperty(text, fc.array(fc.option(text, { nil: null }), { maxLength: 5 }), async (s, list) => {
        const { rows } = await pg.query(`SELECT ${sqlLiteral(s)}::text AS s, ${sqlLiteral(list)}::text[] AS list`);
        expect(rows[0]).toEqual({ s, list });
      }),
      { numRuns: 200 },
    );
  });

  it('numbers, instants and JSON coerce to the types the statement gives them (PGlite)', async () => {
    const pg = await open();
    const { rows } = await pg.query(
      `SELECT ${sqlLiteral(-9007199254740991)}::bigint::text AS big, ${sqlLiteral(new Date('2026-03-01T10:00:00Z'))}::timestamptz = '2026-03-01T10:00:00Z' AS same,
              ${sqlLiteral([1, 2])}::bigint[] AS nums, (${sqlLiteral('{"a":"it\'s \\\\ ok"}')}::jsonb)->>'a' AS a`,
    );
    expect(rows[0]).toEqual({ big: '-9007199254740991', same: true, nums: [1, 2], a: "it's \\ ok" });
  });
});
