// `fidelis portfolio … --store-segments --pglite <dir>`: the classification stored per customer in
// an embedded PGlite directory, and an engine opened on that directory afterwards reads it as
// customer.segment.* facts.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresStore, migrate, openPglite } from '../../src/adapters/postgres/index.js';
import { cli } from './captured-cli.js';
import { createLoyaltyEngine } from '../../src/engine/loyalty-engine.js';
import { parseProgram } from '../../src/rules/parse-program.js';

const dir = mkdtempSync(join(tmpdir(), 'fidelis-segments-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));


// Four customers, observation end 2026-06-30, value = revenue, potential = RFM total (no model):
//   a: 3 purchases, the last in June, 300.00 → high revenue, recent and frequent: star
//   b: 1 purchase in January, 200.00       → high revenue, old and once: profit
//   c: 3 purchases, the last in June, 30.00 → low revenue, recent and frequent: question mark
//   d: 1 purchase in January, 10.00        → low revenue, old and once: selection
// (median revenue between 30 and 200; RFM totals of a and c above those of b and d).
const TX = join(dir, 'tx.csv');
writeFileSync(TX, [
  'customer_id,date,amount',
  'a,2026-02-01,100.00', 'a,2026-04-01,100.00', 'a,2026-06-20,100.00',
  'b,2026-01-10,200.00',
  'c,2026-02-01,10.00', 'c,2026-04-01,10.00', 'c,2026-06-20,10.00',
  'd,2026-01-10,10.00',
  '',
].join('\n'));

const STARS_ONLY = parseProgram({
  id: 'shop', currency: 'EUR', timeZone: 'UTC',
  earnRules: [{ id: 'stars', kind: 'fixed-bonus', points: 10, conditions: { fact: 'customer.segment.quadrant', operator: 'equal', value: 'star' } }],
});

describe('fidelis portfolio --store-segments', () => {
  it('stores each customer\'s quadrant and RFM segment, dated, in a PGlite directory an engine then reads', async () => {
    const db = join(dir, 'db');
    const out = join(dir, 'p.json');
    const r = await cli('portfolio', TX, '--observation-end', '2026-06-30', '--potential', 'rfm', '--out', out, '--store-segments', '--pglite', db);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`Segments of 4 customers stored as of 2026-06-30T23:59:59.999Z in PGlite in ${db} (4 written`);
    const written = JSON.parse(readFileSync(out, 'utf8')) as { customers: { customerId: string; quadrant: string }[] };

    const store = createPostgresStore({ pglite: await openPglite(db), owned: true });
    try {
      await migrate(store); // already at the latest version: changes nothing
      const engine = createLoyaltyEngine({ store, programs: [STARS_ONLY] });
      const quadrants = Object.fromEntries(await Promise.all(['a', 'b', 'c', 'd'].map(async (id) => [id, (await engine.segmentOf(id))?.quadrant])));
      expect(quadrants).toEqual({ a: 'star', b: 'profit', c: 'question-mark', d: 'selection' });
      expect(Object.fromEntries(written.customers.map((c) => [c.customerId, c.quadrant]))).toEqual(quadrants); // what --out wrote
      const a = await engine.segmentOf('a');
      expect(a?.asOf).toEqual(new Date('2026-06-30T23:59:59.999Z'));
      expect(a?.rfm).toEqual(expect.any(String));
      expect(a?.pAlive).toBeUndefined(); // potential rfm: no purchase model, no P(alive)
      const order = (customerId: string) => ({ id: `o-${customerId}`, customerId, placedAt: '2026-07-01T10:00:00Z', currency: 'EUR', lines: [{ id: 'l1', sku: 'X', quantity: 1, unitPrice: '10.00' }] });
      expect((await engine.previewOrder(order('a'), {})).totalPoints).toBe(10);
      expect((await engine.previewOrder(order('c'), {})).totalPoints).toBe(0);
    } finally {
      await store.close();
    }

    // The same classification again: an equal date changes nothing.
    const again = await cli('portfolio', TX, '--observation-end', '2026-06-30', '--potential', 'rfm', '--store-segments', '--pglite', db);
    expect(again.code).toBe(0);
    expect(again.out).toContain('(0 written; an earlier or equal date changes nothing)');
  }, 60_000);

  it('names the missing or misplaced store flag before reading anything', async () => {
    const run = (...flags: string[]) => cli('portfolio', TX, '--observation-end', '2026-06-30', '--potential', 'rfm', ...flags);
    expect((await run('--store-segments')).err).toBe('fidelis portfolio: --store-segments: needs --pglite <dir> or --url <postgres-url> (where to store the segments)\n');
    expect((await run('--pglite', join(dir, 'x'))).err).toContain('--pglite: goes with --store-segments');
    expect((await run('--store-segments', '--url', 'mysql://x')).err).toContain('--url: "mysql://x" is not a postgres:// or postgresql:// URL');
    expect((await run('--store-segments', '--url', 'postgres://x/y', '--pglite', join(dir, 'x'))).err).toContain('--store-segments: give one of --pglite <dir> or --url <postgres-url>, not both');
  });
});
