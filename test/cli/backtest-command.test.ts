import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from './captured-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'fidelis-backtest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

// The history of test/rules/backtest-program.test.ts, as files (worked on paper there).
const DRAFT = file('draft.json', JSON.stringify({
  id: 'draft', currency: 'EUR', timeZone: 'UTC', pending: 'P14D', expiry: { after: 'P1M', roundTo: 'month' }, pointsPayment: { valuePerPoint: '0.01' },
  tiers: { basis: 'points', window: { rolling: 'P12M' }, levels: [{ id: 'member', threshold: '0' }, { id: 'gold', threshold: '150', multiplier: '1.5' }] },
  earnRules: [{ id: 'base', kind: 'points-per-unit', rate: '1' }, { id: 'welcome', kind: 'first-order-bonus', points: 50 }],
}));
const CURRENT = file('current.json', JSON.stringify({ id: 'current', currency: 'EUR', timeZone: 'UTC', pointsPayment: { valuePerPoint: '0.01' }, earnRules: [{ id: 'base', kind: 'points-per-unit', rate: '1' }] }));
const ORDERS = file('orders.csv', [
  'order_id,customer_id,placed_at,line_id,quantity,amount',
  'oB0,B,2025-12-20T10:00:00Z,l1,1,10.00',
  'oA1,A,2026-01-05T10:00:00Z,l1,2,60.00',
  'oB1,B,2026-01-25T15:00:00Z,l1,1,25.50',
  'oA2,A,2026-02-10T12:00:00Z,l1,1,50.00',
  'oA3,A,2026-03-03T09:00:00Z,l1,1,20.00',
  'oA3,A,2026-03-03T09:00:00Z,l2,1,20.00',
  'oB2,B,2026-03-20T08:00:00Z,l1,3,30.00',
  'oC1,C,2026-04-02T08:00:00Z,l1,1,10.00',
  '',
].join('\n'));
const RETURNS = file('returns.csv', 'return_id;order_id;returned_at;line_id\nrA3;oA3;2026-03-10T00:00:00Z;l2\nrB0;oB0;2026-01-02;\n');

describe('fidelis backtest', () => {
  it('replays the files, prints the months, the liability and the comparison, and writes the JSON report', async () => {
    const out = join(dir, 'report.json');
    const r = await cli('backtest', '--program', DRAFT, '--orders', ORDERS, '--returns', RETURNS, '--compare', CURRENT, '--from', '2026-01-01', '--until', '2026-03-31', '--out', out);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('draft: 5 orders replayed, 100.0 % earned points, 1 earlier orders counted as history, 1 after --until left out; 1 returns (1 left out)');
    expect(r.out).toMatch(/^2026-01 +2 +135 +110 +0 +0 +110 +25$/m);
    expect(r.out).toMatch(/^2026-02 +1 +50 +75 +0 +0 +185 +0$/m);
    expect(r.out).toMatch(/^2026-03 +2 +90 +30 +30 +135 +80 +30$/m);
    expect(r.out).toContain('Liability at 2026-03-31T23:59:59.999Z: 110 points (80 burnable, 30 pending) = 1.10 EUR');
    expect(r.out).toMatch(/^ {2}welcome +50 points on 1 orders = 0\.50 EUR$/m);
    expect(r.out).toMatch(/^ {2}gold +60 points on 1 orders, 20 from the tier multiplier$/m);
    expect(r.out).toContain('Draft draft − current current: issued +70, expired +135, burnable at the end -105, outstanding -75 points (liability -0.75 EUR)');
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report.draft.totals).toMatchObject({ issued: 275, reversed: 30, expired: 135 });
    expect(report.difference.liabilityValue).toBe('-0.75');
  });

  it('names the file, line and column of a bad amount, and writes nothing', async () => {
    const bad = file('bad.csv', 'order_id,customer_id,placed_at,amount\no1,A,2026-01-05,12.5x\n');
    const out = join(dir, 'never.json');
    const r = await cli('backtest', '--program', DRAFT, '--orders', bad, '--out', out);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`fidelis backtest: ${bad} line 2, column amount: "12.5x" is not an amount ≥ 0 in EUR`);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a draft program that fails validation, naming the field', async () => {
    const broken = file('broken.json', JSON.stringify({ id: 'draft', currency: 'EUR', timeZone: 'UTC', earnRules: [{ id: 'base', kind: 'points-per-unit', rate: '-1' }] }));
    const r = await cli('backtest', '--program', broken, '--orders', ORDERS);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^fidelis backtest: Invalid program: earnRules\[0\]\.rate: /);
  });

  it('refuses --from after --until', async () => {
    const r = await cli('backtest', '--program', DRAFT, '--orders', ORDERS, '--from', '2026-04-01', '--until', '2026-03-31');
    expect(r.code).toBe(2);
    expect(r.err).toContain('from: 2026-04-01T00:00:00.000Z is after until (2026-03-31T23:59:59.999Z)');
  });
});

// Worked by hand (Paris; ties between the two order-level promotions go by id: five, then ten
// on what five left):
//   k1 A 50.00            ten 5.00                          budget spent 5.00
//   k2 B 30.00 SAVE5      five 5.00, ten 10 % of 25.00 = 2.50     spent 7.50
//   k3 A 40.00 SAVE5      five 5.00, ten 10 % of 35.00 = 3.50 capped to the 2.50 left: exhausted
//                         (a date without a time: 2026-03-03 00:00 Paris = 2026-03-02T23:00Z)
//   k4 B 20.00 SAVE5      five refused (B used it: limit), ten refused (budget)
//   k5 C (April)          after --until
// → 4 carts, 3 affected, discount 20.00: ten 10.00 on 3 carts, five 10.00 on 2 carts.
const PROMOTIONS = file('promotions.json', JSON.stringify([
  { id: 'ten', name: '10 % off', activation: 'automatic', effect: { type: 'percent-off', percent: '10' }, limits: { budget: { EUR: '10.00' } } },
  { id: 'five', name: '5 EUR off with SAVE5', codes: ['SAVE5'], effect: { type: 'amount-off', amount: { EUR: '5.00' } }, limits: { perCustomer: 1 } },
]));
const CARTS = file('carts.csv', [
  'order_id,customer_id,placed_at,line_id,quantity,unit_price,codes',
  'k1,A,2026-03-01T10:00:00Z,l1,2,20.00,',
  'k1,A,2026-03-01T10:00:00Z,l2,1,10.00,',
  'k2,B,2026-03-02T10:00:00Z,l1,1,30.00,SAVE5',
  'k3,A,2026-03-03,l1,1,40.00,SAVE5',
  'k4,B,2026-03-05T09:00:00+01:00,l1,1,20.00,SAVE5',
  'k5,C,2026-04-01T10:00:00Z,l1,1,10.00,',
  '',
].join('\n'));

describe('fidelis backtest --promotion', () => {
  it('replays the carts: discount, carts affected, budget exhaustion, refusals, and the JSON report', async () => {
    const out = join(dir, 'promotions-report.json');
    const r = await cli('backtest', '--promotion', PROMOTIONS, '--carts', CARTS, '--currency', 'EUR', '--time-zone', 'Europe/Paris', '--until', '2026-03-31', '--out', out);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('4 carts replayed, 3 affected by a promotion; discount 20.00 EUR');
    expect(r.out).toMatch(/^ {2}ten +3 carts, discount 10\.00 EUR; budget 10\.00 EUR, exhausted at 2026-03-02T23:00:00\.000Z; refused 1 for the budget, 0 for a limit$/m);
    expect(r.out).toMatch(/^ {2}five +2 carts, discount 10\.00 EUR; no budget; refused 0 for the budget, 1 for a limit$/m);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report).toMatchObject({ carts: 4, cartsAffected: 3, discount: { EUR: '20.00' } });
    expect(report.promotions.map((p: { promotionId: string; carts: number; discount: unknown }) => [p.promotionId, p.carts, p.discount])).toEqual([
      ['ten', 3, { EUR: '10.00' }],
      ['five', 2, { EUR: '10.00' }],
    ]);
  });

  it('names the missing or misplaced flag, and a promotion field that fails validation; nothing is written', async () => {
    const out = join(dir, 'never-promotions.json');
    const run = (...flags: string[]) => cli('backtest', '--promotion', PROMOTIONS, ...flags, '--out', out);
    expect((await run('--currency', 'EUR', '--time-zone', 'UTC')).err).toBe('fidelis backtest: --carts: is required with --promotion (the cart history as CSV, e.g. the orders file)\n');
    expect((await run('--carts', CARTS, '--time-zone', 'UTC')).err).toContain('--currency: is required with --promotion');
    expect((await run('--carts', CARTS, '--currency', 'euro', '--time-zone', 'UTC')).err).toContain('--currency: "euro" is not an ISO 4217 code');
    expect((await run('--carts', CARTS, '--currency', 'EUR')).err).toContain('--time-zone: is required with --promotion');
    expect((await run('--carts', CARTS, '--currency', 'EUR', '--time-zone', 'Mars/Olympus')).err).toContain('--time-zone: "Mars/Olympus" is not an IANA time zone');
    expect((await run('--carts', CARTS, '--currency', 'EUR', '--time-zone', 'UTC', '--orders', ORDERS)).err).toContain('--orders: does not go with --promotion');
    const broken = file('broken-promotion.json', JSON.stringify({ id: 'ten', name: 'x', activation: 'automatic', effect: { type: 'percent-off', percent: '120' } }));
    const bad = await cli('backtest', '--promotion', broken, '--carts', CARTS, '--currency', 'EUR', '--time-zone', 'UTC', '--out', out);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^fidelis backtest: --promotion .*broken-promotion\.json: .*\[0\]\.effect\.percent/);
    expect(existsSync(out)).toBe(false);
    const program = await cli('backtest', '--program', DRAFT, '--orders', ORDERS, '--carts', CARTS);
    expect(program.err).toContain('--carts: does not go with --program');
  });

  it('lists the promotion flags in --help', async () => {
    const r = await cli('backtest', '--help');
    expect(r.out).toContain('fidelis backtest --promotion draft.json --carts carts.csv --currency EUR --time-zone Europe/Paris');
    expect(r.out).toContain('--carts <file.csv>');
  });
});
