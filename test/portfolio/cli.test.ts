import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../cli/captured-cli.js';
import { simulateTransactions } from '../../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'fidelis-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

// A simulated shop: 400 customers over a year, BG/NBD with CDNOW-like parameters (weeks).
const shop = simulateTransactions({
  params: { r: 0.5, alpha: 6, a: 0.8, b: 2.5 },
  customers: 400,
  start: new Date('2025-01-01T00:00:00Z'),
  end: new Date('2026-01-01T00:00:00Z'),
  acquisitionEnd: new Date('2025-07-01T00:00:00Z'),
  seed: 7,
});
const SHOP_CSV = file(
  'shop.csv',
  `customer_id,date,amount\n${shop.transactions.map((t) => `${t.customerId},${t.at.toISOString().slice(0, 10)},${t.amount}`).join('\n')}\n`,
);

describe('fidelis portfolio', () => {
  it('classifies a CSV end to end: table, SVG, CSV and JSON output', async () => {
    const svg = join(dir, 'p.svg');
    const csv = join(dir, 'p.csv');
    const r = await cli('portfolio', SHOP_CSV, '--observation-end', '2025-12-31', '--svg', svg, '--out', csv, '--budget', '5000', '--currency', 'USD');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`${shop.transactions.length.toLocaleString('en-US')} transactions, 400 customers summarised`);
    expect(r.out).toMatch(/BG\/NBD fit: r = [\d.]+, alpha = [\d.]+, a = [\d.]+, b = [\d.]+ \(log-likelihood -[\d.]+, converged/);
    expect(r.out).toMatch(/Gamma-Gamma fit: p = /);
    expect(r.out).toMatch(/^Total\s+400\s+100\.0%.*\$5,000\.00$/m);
    expect(r.out).toContain(`SVG written to ${svg}`);
    expect(readFileSync(svg, 'utf8')).toContain('class="threshold value"');
    const rows = readFileSync(csv, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('customer_id,value,potential,quadrant');
    expect(rows).toHaveLength(401);
    // The table's counts are the CSV's.
    for (const [label, q] of [['Stars', 'star'], ['Question marks', 'question-mark'], ['Profit customers', 'profit'], ['Selection customers', 'selection']] as const) {
      const count = Number(new RegExp(`^${label}\\s+([\\d,]+)`, 'm').exec(r.out)?.[1]?.replace(/,/g, ''));
      expect(rows.filter((row) => row.endsWith(`,${q}`))).toHaveLength(count);
    }
    const json = join(dir, 'p.json');
    const j = await cli('portfolio', SHOP_CSV, '--observation-end', '2025-12-31', '--model', 'paretonbd', '--out', json, '--time-unit', 'day');
    expect(j.code).toBe(0);
    expect(j.out).toMatch(/Pareto\/NBD fit: r = /);
    const parsed = JSON.parse(readFileSync(json, 'utf8')) as { counts: Record<string, number>; customers: unknown[] };
    expect(Object.values(parsed.counts).reduce((a, b) => a + b, 0)).toBe(400);
    expect(parsed.customers).toHaveLength(400);
  });

  it('whitespace files with yyyymmdd dates and renamed columns; potential rfm needs no model', async () => {
    const cdnow = file('cdnow.txt', ' customer_id  date number_of_cds  dollar_value\n 00001 19970101  1   11.77\n 00002 19970112  1   12.00\n 00002 19970212  5   77.00\n');
    const r = await cli('portfolio', cdnow, '--amount-column', 'dollar_value', '--date-format', 'yyyymmdd', '--observation-end', '1997-06-30', '--potential', 'rfm');
    expect(r.code).toBe(0);
    // Values 11.77 and 89 → median 50.385; RFM totals: 00001 R1 F1 M1 = 3, 00002 R5 F5 M5... → 00002 is the star.
    expect(r.out).toMatch(/^Stars\s+1\s+50\.0%\s+89\.00/m);
    expect(r.out).toMatch(/^Selection customers\s+1\s+50\.0%\s+11\.77/m);
  });

  it('a single customer: the model cannot be fitted, the potential falls back to RFM', async () => {
    const one = file('one.csv', 'customer_id,date,amount\nsolo,2025-01-05,10\nsolo,2025-02-05,20\n');
    const r = await cli('portfolio', one, '--observation-end', '2025-12-31');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/The purchase model cannot be fitted \(.+\); potential = RFM score instead\./);
    expect(r.out).toMatch(/^Stars\s+1\s+100\.0%/m);
  });

  it('bad input exits with code 2 and the FidelisError message', async () => {
    const expectError = async (argv: string[], message: RegExp): Promise<void> => {
      const r = await cli('portfolio', ...argv);
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toMatch(message);
    };
    await expectError([SHOP_CSV], /^fidelis portfolio: --observation-end: is required/);
    await expectError(['--observation-end', '2025-12-31'], /a transactions file is needed/);
    await expectError([join(dir, 'nope.csv'), '--observation-end', '2025-12-31'], /ENOENT/);
    await expectError([SHOP_CSV, '--observation-end', '2025-12-31', '--colour', 'red'], /Unknown option '--colour'/);
    await expectError([SHOP_CSV, '--observation-end', '2025-12-31', '--out', 'x.txt'], /--out: "x\.txt" must end in \.csv or \.json/);
    await expectError([SHOP_CSV, '--observation-end', '2025-12-31', '--model', 'magic'], /--model: "magic" is not one of bgnbd, paretonbd/);
    await expectError([SHOP_CSV, '--observation-end', '31/12/2025'], /^fidelis portfolio: --observation-end: "31\/12\/2025" is not ISO \(YYYY-MM-DD\); use --date-format dd\/mm\/yyyy$/m);
    const missing = file('missing.csv', 'customer,date,amount\na,2025-01-01,1\n');
    await expectError([missing, '--observation-end', '2025-12-31'], /^fidelis portfolio: line 1: missing column "customer_id" \(the columns are: customer, date, amount\)/);
    const bad = file('bad.csv', 'customer_id,date,amount\na,2025-01-01,1\nb,2025-01-01,-3\n');
    await expectError([bad, '--observation-end', '2025-12-31'], /^fidelis portfolio: line 3, column 3 \(amount\): "-3" is negative/);
    const nan = file('nan.csv', 'customer_id,date,amount\na,2025-01-01,NaN\n');
    await expectError([nan, '--observation-end', '2025-12-31'], /line 2, column 3 \(amount\): "NaN" is not a decimal number/);
    const huge = file('huge.csv', 'customer_id,date,amount\na,2025-01-01,1e15\n');
    await expectError([huge, '--observation-end', '2025-12-31'], /line 2, column 3 \(amount\): "1e15" is not a decimal number/);
    const date = file('date.csv', 'customer_id,date,amount\na,yesterday,1\n');
    await expectError([date, '--observation-end', '2025-12-31'], /line 2, column 2 \(date\): "yesterday" is not a date in format auto \(e\.g\. 2026-12-31 or 20261231\)$/m);
    await expectError([file('empty.csv', ''), '--observation-end', '2025-12-31'], /the file is empty/);
    await expectError([file('header.csv', 'customer_id,date,amount\n'), '--observation-end', '2025-12-31'], /the file has no data rows/);
  });

  it('European exports: --delimiter ";" --decimal , --date-format DD.MM.YYYY, the end flags in that format too', async () => {
    const excel = file('excel.csv', '\ufeffcustomer_id;date;amount\r\n"a;1";03.01.2026;12,50\r\nb;04.01.2026;7\r\n"a;1";10.01.2026;1,25\r\n');
    const out = join(dir, 'excel.csv.out.csv');
    const r = await cli('portfolio', excel, '--delimiter', ';', '--decimal', ',', '--date-format', 'DD.MM.YYYY', '--observation-end', '31.01.2026', '--potential', 'rfm', '--out', out);
    expect(r.err).toBe('');
    expect(r.out).toContain('3 transactions, 2 customers summarised');
    expect(readFileSync(out, 'utf8').split('\n')[1]).toMatch(/^a;1,13\.75,/);
  });

  it('dialect mistakes name the fix in flag words, and nothing is written', async () => {
    const out = join(dir, 'never.csv');
    const expectError = async (argv: string[], message: string): Promise<void> => {
      const r = await cli('portfolio', ...argv, '--out', out);
      expect(r.code).toBe(2);
      expect(r.err).toBe(`fidelis portfolio: ${message}\n`);
      expect(existsSync(out)).toBe(false);
    };
    const dotted = file('dotted.csv', 'customer_id;date;amount\na;01.01.1997;12,5\n');
    await expectError([dotted, '--observation-end', '1997-06-30', '--decimal', ','], 'line 2, column 2 (date): "01.01.1997" is not a date in format auto (e.g. 2026-12-31 or 20261231); use --date-format dd.mm.yyyy');
    await expectError([dotted, '--observation-end', '1997-06-30', '--date-format', 'dd.mm.yyyy'], 'line 2, column 3 (amount): "12,5" is not a decimal number (it reads with --decimal ,)');
    await expectError([dotted, '--observation-end', '30.06.1997'], '--observation-end: "30.06.1997" is not ISO (YYYY-MM-DD); use --date-format dd.mm.yyyy');
    await expectError([dotted, '--observation-end', '01/02/1997'], '--observation-end: "01/02/1997" is not ISO (YYYY-MM-DD); it is ambiguous (dd/mm/yyyy or mm/dd/yyyy): name one with --date-format');
    await expectError([dotted, '--observation-end', '1997-06-30', '--date-format', 'yyyy.mm.dd'], '--date-format: "yyyy.mm.dd" is not one of auto, iso, yyyymmdd, dd/mm/yyyy, mm/dd/yyyy, dd.mm.yyyy');
    await expectError([dotted, '--observation-end', '1997-06-30', '--decimal', ';'], '--decimal: ";" is not one of ., ,');
    const mixed = file('mixed.csv', 'customer_id;date;amount\na;1997-01-01;1\nb,1997-01-02,2\n');
    await expectError(
      [mixed, '--observation-end', '1997-06-30'],
      'line 3: 1 field, expected at least 3 (customer_id, date, amount): the line has a comma (",") but the file\'s delimiter is semicolon (";"); mixed delimiters, or name one with --delimiter',
    );
  });

  it('--calibration-end and --holdout-end print the holdout check; --plots writes the two SVGs', async () => {
    const plots = join(dir, 'plots');
    const r = await cli('portfolio', SHOP_CSV, '--calibration-end', '2025-07-31', '--holdout-end', '2025-12-31', '--plots', plots);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Holdout check of BG\/NBD: [\d,]+ customers, holdout 21\.86 time units$/m);
    expect(r.out).toMatch(/holdout purchases: actual [\d,]+, predicted [\d.]+ \(aggregate error -?[\d.]+ %\); per customer MAE [\d.]+, RMSE [\d.]+/);
    expect(r.out).toMatch(/^\s+7\+\s+\d+/m);
    expect(readFileSync(join(plots, 'tracking.svg'), 'utf8')).toContain('class="marker"');
    expect(readFileSync(join(plots, 'conditional-expectation.svg'), 'utf8').match(/<polyline/g)).toHaveLength(2);
    const bad = async (argv: string[], message: string): Promise<void> => {
      const e = await cli('portfolio', SHOP_CSV, ...argv, '--plots', join(dir, 'never'));
      expect(e.code).toBe(2);
      expect(e.err).toBe(`fidelis portfolio: ${message}\n`);
      expect(existsSync(join(dir, 'never'))).toBe(false);
    };
    await bad(['--calibration-end', '2025-07-31', '--holdout-end', '2025-06-30'], '--holdout-end: 2025-06-30 is not after --calibration-end 2025-07-31');
    await bad(['--holdout-end', '2025-06-30'], '--holdout-end: needs --calibration-end (the holdout starts after it)');
    await bad(['--calibration-end', '2025-07-31', '--observation-end', '2025-12-31'], '--plots: needs --holdout-end (the plots show the holdout check)');
    await bad(['--calibration-end', '2025-07-31', '--holdout-end', '2025-12-31', '--observation-end', '2025-11-30'], '--holdout-end: 2025-12-31 differs from --observation-end 2025-11-30: the holdout end is the observation end; give one of them');
  });

  it('--out rounds money to the currency and expected purchases to 4 decimals; a far observation end is a warning naming the gap', async () => {
    const shopFile = file('round.csv', 'customer_id,date,amount\na,2025-01-01,10.555\na,2025-02-01,3.3333\nb,2025-01-02,7\nb,2025-03-01,1.25\nc,2025-01-05,2\n');
    const jpy = join(dir, 'round-jpy.csv');
    const r = await cli('portfolio', shopFile, '--observation-end', '2025-03-31', '--potential', 'expected-purchases', '--currency', 'JPY', '--out', jpy);
    expect(r.err).toBe('');
    const rows = readFileSync(jpy, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    // Revenue 13.8883 → 14 yen, 8.25 → 8, 2 → 2; potentials with at most 4 decimals.
    expect(rows.map((x) => [x[0], x[1]])).toEqual([['a', '14'], ['b', '8'], ['c', '2']]);
    for (const x of rows) expect(x[2]).toMatch(/^\d+(\.\d{1,4})?$/);
    const eur = join(dir, 'round-eur.json');
    await cli('portfolio', shopFile, '--observation-end', '2025-03-31', '--potential', 'rfm', '--out', eur);
    const json = JSON.parse(readFileSync(eur, 'utf8')) as { customers: { value: number }[]; ties: unknown };
    expect(json.customers.map((c) => c.value)).toEqual([13.89, 8.25, 2]);
    expect(json.ties).toBeDefined();
    const late = await cli('portfolio', shopFile, '--observation-end', '2026-12-31', '--potential', 'rfm');
    expect(late.code).toBe(0);
    // The last purchase (1 March 2025) is 670 days before 31 December 2026.
    expect(late.err).toBe(
      'fidelis portfolio: warning: the last purchase is 670 days before --observation-end 2026-12-31: every customer looks long gone, so P(alive), expected purchases and CLV come out near zero; end the period at the data\'s end\n',
    );
    const bad = await cli('portfolio', shopFile, '--observation-end', '2025-03-31', '--currency', 'XXQ', '--out', join(dir, 'never.json'));
    expect(bad.code).toBe(2);
    expect(existsSync(join(dir, 'never.json'))).toBe(false);
  });

  it('--help and the usage list', async () => {
    const help = await cli('portfolio', '--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('Usage: fidelis portfolio <transactions.csv>');
    const usage = await cli('--help');
    expect(usage.out).toContain('portfolio <transactions.csv>');
  });
});
