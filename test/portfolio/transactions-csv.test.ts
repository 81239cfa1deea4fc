import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDateReader, FidelisError, readTransactionsCsv, summarizeTransactionsCsv, type Transaction } from '../../src/index.js';
import { fileRecords } from '../../src/portfolio/csv-records.js';
import { bytes, chunks, failure } from './csv-test-helpers.js';

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

const CDNOW_LIKE = ` customer_id  date number_of_cds  dollar_value
 00001 19970101  1   11.77
 00002 19970112  1   12.00
 00002 19970112  5   77.00
 00003 19970102  2   20.76
 00003 19970330  2   20.76
 00003 19970402  2   19.54
`;

describe('reading transaction files', () => {
  it('whitespace-separated CDNOW with yyyymmdd dates and a renamed amount column', async () => {
    const { summaries, stats } = await summarizeTransactionsCsv(chunks(CDNOW_LIKE), {
      observationEnd: '1997-04-30',
      calibrationEnd: '1997-03-31',
      csv: { amountColumn: 'dollar_value' },
    });
    expect(stats.rows).toBe(6);
    expect(summaries).toEqual([
      { customerId: '00001', frequency: 0, recency: 0, T: 89, monetaryValue: 0, totalValue: 11.77, purchaseCount: 1, holdoutFrequency: 0, holdoutValue: 0 },
      { customerId: '00002', frequency: 0, recency: 0, T: 78, monetaryValue: 0, totalValue: 89, purchaseCount: 1, holdoutFrequency: 0, holdoutValue: 0 },
      { customerId: '00003', frequency: 1, recency: 87, T: 88, monetaryValue: 20.76, totalValue: 41.52, purchaseCount: 2, holdoutFrequency: 1, holdoutValue: 19.54 },
    ]);
  });

  it('a file given as an opener is read a second time only when some customer is out of order', async () => {
    const options = { observationEnd: '1997-04-30', calibrationEnd: '1997-03-31', csv: { amountColumn: 'dollar_value' } };
    const expected = (await summarizeTransactionsCsv(chunks(CDNOW_LIKE), options)).summaries;
    const lines = CDNOW_LIKE.split('\n');
    // Customer 00003's rows reversed: out of time order.
    const unsorted = [lines[0], lines[6], lines[1], lines[5], lines[2], lines[3], lines[4], ''].join('\n');
    for (const [text, opened] of [
      [CDNOW_LIKE, 1],
      [unsorted, 2],
    ] as const) {
      let opens = 0;
      const passes: number[] = [];
      const { summaries, stats } = await summarizeTransactionsCsv(
        () => {
          opens++;
          return chunks(text);
        },
        { ...options, progressEvery: 1, onProgress: (p) => passes.push(p.pass) },
      );
      expect(opens).toBe(opened);
      expect(passes).toEqual(opened === 1 ? [1, 1, 1, 1, 1, 1] : [1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2]);
      expect(stats.rows).toBe(6);
      expect([...summaries].sort((a, b) => a.customerId.localeCompare(b.customerId))).toEqual(expected);
    }
    // Declared chronological, the unsorted file is an error naming the row: 19970102 after 19970330
    // (calibration and holdout are counted apart, so the holdout row on line 2 before them is no error).
    const e = await failure(summarizeTransactionsCsv(() => chunks(unsorted), { ...options, order: 'chronological' }));
    expect(e.message).toBe("line 7.at: earlier than a previous transaction of the same customer, but order 'chronological' was declared (use order 'any')");
  });

  it('comma CSV with quotes, a BOM, CRLF line ends, margins and custom column names, from bytes', async () => {
    const text = '\uFEFFclient;when;total;profit\r\n"Dupont; Marie";05/01/2026;"1 000"\r\n';
    // "1 000" is not a decimal: line 2 names the column.
    const e = await failure(summarizeTransactionsCsv(bytes(text), { observationEnd: '2026-01-31', csv: { customerColumn: 'client', dateColumn: 'when', amountColumn: 'total', dateFormat: 'dd/mm/yyyy' } }));
    expect(e.code).toBe('PARSE_FAILED');
    expect(e.message).toBe('line 2, column 3 (total): "1 000" is not a decimal number');
    const good = 'client,when,total,profit\r\n"Dupont, Marie",05/01/2026,"12.50",3\r\n"Dupont, Marie",06/01/2026,7.5,\r\n"He said ""hi""",2026-01-07T23:30:00+01:00,1,0.5\r\n';
    const { summaries } = await summarizeTransactionsCsv(bytes(good), {
      observationEnd: '2026-01-31',
      csv: { customerColumn: 'client', dateColumn: 'when', amountColumn: 'total', marginColumn: 'profit', dateFormat: 'auto' },
    }).catch(() => ({ summaries: [] }));
    // "05/01/2026" is not auto-detected: only yyyymmdd and ISO are.
    expect(summaries).toEqual([]);
    const r = await summarizeTransactionsCsv(bytes(good.replace('05/01/2026', '2026-01-05').replace('06/01/2026', '2026-01-06')), {
      observationEnd: '2026-01-31',
      csv: { customerColumn: 'client', dateColumn: 'when', amountColumn: 'total', marginColumn: 'profit' },
    });
    expect(r.summaries).toEqual([
      { customerId: 'Dupont, Marie', frequency: 1, recency: 1, T: 26, monetaryValue: 7.5, totalValue: 20, totalMargin: 3, purchaseCount: 2 },
      // 23:30 at +01:00 is 22:30 UTC, still Jan 7 in UTC.
      { customerId: 'He said "hi"', frequency: 0, recency: 0, T: 24, monetaryValue: 0, totalValue: 1, totalMargin: 0.5, purchaseCount: 1 },
    ]);
  });

  it('a file without a header, named with columns (CDNOW_sample layout)', async () => {
    const text = ' 00004 0001 19970101  2   29.33\r\n 00004 0001 19970118  2   29.73\r\n 00021 0002 19970101  3   63.34\r\n';
    const { summaries } = await summarizeTransactionsCsv(chunks(text, 3), {
      observationEnd: '1997-09-30',
      timeUnit: 'week',
      csv: { columns: ['master_id', 'customer_id', 'date', 'cds', 'amount'] },
    });
    expect(summaries.map((s) => [s.customerId, s.frequency, s.recency, s.T])).toEqual([
      ['0001', 1, 17 / 7, 272 / 7],
      ['0002', 0, 0, 272 / 7],
    ]);
  });

  it('readTransactionsCsv yields transactions with the exact decimal text', async () => {
    const rows = await collect(readTransactionsCsv(chunks('customer_id,date,amount,margin\na,20260105,0.10,0.02\nb,2026-01-06,3,\n'), { marginColumn: 'margin' }));
    expect(rows).toEqual<Transaction[]>([
      { customerId: 'a', at: new Date('2026-01-05T12:00:00Z'), amount: '0.10', margin: '0.02' },
      { customerId: 'b', at: new Date('2026-01-06T12:00:00Z'), amount: '3' },
    ]);
  });

  it('dates without an offset are local to the time zone', async () => {
    const text = 'customer_id,date,amount\na,2026-01-05T23:30:00,1\na,2026-01-06T00:30:00,1\n';
    const utc = await summarizeTransactionsCsv(chunks(text), { observationEnd: '2026-01-31' });
    expect(utc.summaries[0]?.frequency).toBe(1);
    const tokyo = await summarizeTransactionsCsv(chunks(text), { observationEnd: '2026-01-31', timeZone: 'Asia/Tokyo' });
    expect(tokyo.summaries[0]).toMatchObject({ frequency: 1, recency: 1, T: 26 });
  });

  it('date formats', () => {
    const utc = (y: number, m: number, d: number, h = 12, mi = 0, s = 0, ms = 0): number => Date.UTC(y, m - 1, d, h, mi, s, ms);
    expect(createDateReader('yyyymmdd', 'UTC')('19970101')).toBe(utc(1997, 1, 1));
    expect(createDateReader('dd/mm/yyyy', 'UTC')('5/1/2026')).toBe(utc(2026, 1, 5));
    expect(createDateReader('dd.mm.yyyy', 'UTC')('05.01.2026')).toBe(utc(2026, 1, 5));
    expect(createDateReader('mm/dd/yyyy', 'UTC')('01/05/2026')).toBe(utc(2026, 1, 5));
    const iso = createDateReader('iso', 'UTC');
    expect(iso('2026-01-05')).toBe(utc(2026, 1, 5));
    expect(iso('2026-01-05 10:15')).toBe(utc(2026, 1, 5, 10, 15));
    expect(iso('2026-01-05T10:15:30.25Z')).toBe(utc(2026, 1, 5, 10, 15, 30, 250));
    expect(iso('2026-01-05T10:15:30+0130')).toBe(utc(2026, 1, 5, 8, 45, 30));
    expect(createDateReader('iso', 'Europe/Paris')('2026-07-01T09:00')).toBe(utc(2026, 7, 1, 7));
    for (const bad of ['2026-02-30', '2026-13-01', '2026-01-05T25:00', '05/01/2026', '', 'yesterday']) expect(iso(bad)).toBeNaN();
    expect(createDateReader('yyyymmdd', 'UTC')('19970229')).toBeNaN();
    expect(createDateReader('auto', 'UTC')('19970228')).toBe(utc(1997, 2, 28));
  });
});

describe('bad files', () => {
  const options = { observationEnd: '2026-01-31' } as const;

  it('a bad row is reported with its line number (blank lines and quoted line breaks counted)', async () => {
    const text = 'customer_id,date,amount\na,2026-01-05,1\n\n"multi\nline",2026-01-05,2\nb,2026-01-32,3\n';
    const e = await failure(summarizeTransactionsCsv(chunks(text), options));
    expect(e.code).toBe('PARSE_FAILED');
    expect(e.details['line']).toBe(6);
    expect(e.message).toBe('line 6, column 2 (date): "2026-01-32" is not a date in format auto (e.g. 2026-12-31 or 20261231)');
  });

  it('in a file without quotes (split line by line) too: CRLF, blank lines and a line of blanks counted', async () => {
    const text = 'customer_id;date;amount\r\na;2026-01-05;1\r\n\r\n   \r\nb;2026-01-06;2\r\nb;2026-01-32;3\r\n';
    for (const size of [3, 7, 1000]) {
      const e = await failure(summarizeTransactionsCsv(chunks(text, size), options));
      expect(e.message).toBe('line 6, column 2 (date): "2026-01-32" is not a date in format auto (e.g. 2026-12-31 or 20261231)');
    }
  });

  it('negative, NaN-like and huge amounts, empty ids, short rows', async () => {
    const row = async (line: string): Promise<string> => (await failure(summarizeTransactionsCsv(chunks(`customer_id date amount\n a 20260105 1\n${line}\n`), options))).message;
    expect(await row('b 20260105 -4')).toBe('line 3, column 3 (amount): "-4" is negative (net returns against their purchase, or record them as 0)');
    expect(await row('b 20260105 NaN')).toBe('line 3, column 3 (amount): "NaN" is not a decimal number');
    expect(await row('b 20260105 1e400')).toBe('line 3, column 3 (amount): "1e400" is not a decimal number');
    expect(await row('b 20260105 123456789012345')).toBe('line 3, column 3 (amount): "123456789012345" exceeds the largest accepted amount 100000000000');
    expect(await row('b 20260105')).toBe('line 3: 2 fields, expected at least 3 (customer_id, date, amount)');
    const empty = await failure(summarizeTransactionsCsv(chunks('customer_id,date,amount\n,20260105,1\n'), options));
    expect(empty.message).toBe('line 2, column 1 (customer_id): is empty');
  });

  it('missing columns are named, with the columns found', async () => {
    const e = await failure(summarizeTransactionsCsv(chunks('id,day,value\n1,20260105,3\n'), options));
    expect(e.code).toBe('PARSE_FAILED');
    expect(e.details['line']).toBe(1);
    expect(e.details['missing']).toEqual(['customer_id', 'date', 'amount']);
    expect(e.message).toBe('line 1: missing columns "customer_id", "date", "amount" (the columns are: id, day, value); name them with the column options');
  });

  it('an empty file, a header without rows, an unclosed quote', async () => {
    expect((await failure(summarizeTransactionsCsv(chunks(''), options))).message).toBe('line 1: the file is empty (no header line)');
    const header = await failure(summarizeTransactionsCsv(chunks('customer_id,date,amount\n'), options));
    expect(header.code).toBe('INSUFFICIENT_DATA');
    expect(header.message).toBe('transactions: the file has no data rows');
    const open = await failure(summarizeTransactionsCsv(chunks('customer_id,date,amount\n"a,2026-01-05,1\nb,2026-01-05,1\n'), options));
    expect(open.message).toBe('line 2: a quoted field opened on this line is not closed before the end of the file');
    // Early in a long file (30 MB after it, in 64 KB chunks): each character is scanned once, not once a chunk.
    const long = `customer_id,date,amount\nz,2026-01-05,1\n"a,2026-01-05,1\n${'b,2026-01-05,1\n'.repeat(2_000_000)}`;
    expect((await failure(summarizeTransactionsCsv(chunks(long, 65_536), options))).message).toBe('line 3: a quoted field opened on this line is not closed before the end of the file');
    const stray = await failure(summarizeTransactionsCsv(chunks('customer_id,date,amount\n"a"x,2026-01-05,1\n'), options));
    expect(stray.code).toBe('PARSE_FAILED');
    expect(stray.details['line']).toBe(2);
    expect(stray.message).toMatch(/^line 2: Invalid Closing Quote: got "x"/);
  });

  it('bad CSV options name the option', async () => {
    const e = await failure(summarizeTransactionsCsv(chunks('a,b\n'), { ...options, csv: { delimiter: '::' } }));
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.message).toMatch(/delimiter/);
  });
});

describe('streamed delimited records match csv-parse on the whole text', () => {
  // Mostly plain fields (read without csv-parse until the first quote), some needing quotes.
  const field = fc.oneof({ arbitrary: fc.stringMatching(/^[a-z0-9 .-]{0,6}$/), weight: 4 }, { arbitrary: fc.stringMatching(/^[a-z ,";\r\n]{0,6}$/), weight: 1 });
  const quoteIfNeeded = (f: string): string => (/[",\r\n]/.test(f) || f.trim() === '' ? `"${f.replace(/"/g, '""')}"` : f);

  it('on generated files cut into random chunks', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(field, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 9 }), fc.constantFrom('\n', '\r\n'), async (rows, size, end) => {
        const text = `${rows.map((r) => r.map(quoteIfNeeded).join(',')).join(end)}${end}`;
        const expected = parse(text, { relax_column_count: true, skip_empty_lines: true }) as string[][];
        const batches = await collect(fileRecords(chunks(text, size), ','));
        expect(batches.flat().map((r) => r.fields)).toEqual(expected);
        // Each record is numbered by the line it starts on: quoted line breaks push later rows down.
        let next = 1;
        const starts = rows.map((r) => {
          const start = next;
          next += 1 + r.reduce((n, f) => n + (f.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
          return start;
        });
        expect(batches.flat().map((r) => r.line)).toEqual(starts);
      }),
      { numRuns: 300 },
    );
  });
});

const CDNOW = '../shared/data/cdnow';

describe.skipIf(!existsSync(`${CDNOW}/CDNOW_sample.txt`))('CDNOW reference (skipped when ../shared/data/cdnow is absent)', () => {
  it('summarising CDNOW_sample reproduces the published summary of all 2,357 customers', async () => {
    const { summaries } = await summarizeTransactionsCsv(createReadStream(`${CDNOW}/CDNOW_sample.txt`), {
      observationEnd: '1998-06-30',
      calibrationEnd: '1997-09-30',
      timeUnit: 'week',
      csv: { columns: ['master_id', 'customer_id', 'date', 'cds', 'amount'] },
    });
    const published = readFileSync(`${CDNOW}/cdnow_customers_summary_with_transactions.csv`, 'utf8').trim().split('\n').slice(1);
    const ours = new Map(summaries.map((s) => [String(Number(s.customerId)), s]));
    expect(ours.size).toBe(published.length);
    for (const line of published) {
      const [id, x, tx, T, zbar] = line.split(',').map((v, i) => (i === 0 ? v : Number(v))) as [string, number, number, number, number];
      const s = ours.get(id);
      expect(s?.frequency).toBe(x);
      expect(Math.abs((s?.recency ?? Number.NaN) - tx)).toBeLessThanOrEqual(0.005 + 1e-9); // published with 2 decimals
      expect(Math.abs((s?.T ?? Number.NaN) - T)).toBeLessThanOrEqual(0.005 + 1e-9); // published with 2 decimals
      expect(Math.abs((s?.monetaryValue ?? Number.NaN) - zbar)).toBeLessThanOrEqual(0.005 + 1e-9); // published with 2 decimals
    }
  });
});
