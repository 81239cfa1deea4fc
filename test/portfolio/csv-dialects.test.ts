// CSV dialects: European spreadsheet exports (semicolons, decimal commas, a BOM, quoted fields,
// day-first dates), date formats named explicitly, mixed delimiters, and long lines.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createDateReader,
  dateProblem,
  FidelisError,
  formatsReading,
  MAX_HEADER_LENGTH,
  readTransactionsCsv,
  summarizeTransactionsCsv,
  TRANSACTION_DATE_FORMATS,
  type TransactionCsvOptions,
  type TransactionDateFormat,
} from '../../src/index.js';
import { bytes, chunks, failure } from './csv-test-helpers.js';

async function rows(text: string, csv: TransactionCsvOptions): Promise<{ customerId: string; day: string; amount: string | number }[]> {
  const out = [];
  for await (const t of readTransactionsCsv(chunks(text), csv)) out.push({ customerId: t.customerId, day: t.at.toISOString().slice(0, 10), amount: t.amount });
  return out;
}

// An Excel "CSV (semicolon)" export: BOM, CRLF, ';', decimal commas, a quoted name holding ';'.
const EXCEL = '\ufeffKunde;Datum;Umsatz\r\n"Müller; Hans";03.01.2026;12,50\r\nB;04.01.2026;7\r\n"Müller; Hans";10.01.2026;"1,25"\r\n';
const EXCEL_CSV = { customerColumn: 'Kunde', dateColumn: 'Datum', amountColumn: 'Umsatz', delimiter: ';', decimal: ',', dateFormat: 'dd.mm.yyyy' } as const;

describe('European exports', () => {
  it('reads BOM, semicolons, decimal commas, quoted fields and dd.mm.yyyy; amounts come back with a point', async () => {
    expect(await rows(EXCEL, EXCEL_CSV)).toEqual([
      { customerId: 'Müller; Hans', day: '2026-01-03', amount: '12.50' },
      { customerId: 'B', day: '2026-01-04', amount: '7' },
      { customerId: 'Müller; Hans', day: '2026-01-10', amount: '1.25' },
    ]);
    // The delimiter is found on the first line when not given; bytes cut anywhere (the BOM too).
    const { summaries } = await summarizeTransactionsCsv(bytes(EXCEL, 3), { observationEnd: '2026-01-31', csv: { ...EXCEL_CSV, delimiter: 'auto' } });
    // Hans: 3 Jan and 10 Jan, one repeat of 1.25, T = 28 days (3 Jan to 31 Jan).
    expect(summaries.find((s) => s.customerId === 'Müller; Hans')).toMatchObject({ frequency: 1, recency: 7, T: 28, monetaryValue: 1.25, totalValue: 13.75 });
    expect(summaries.find((s) => s.customerId === 'B')).toMatchObject({ frequency: 0, totalValue: 7 });
  });

  it('a decimal comma where a point is expected (and the reverse) names line, column and the fix', async () => {
    const point = await failure(rows('customer_id,date,amount\na,2026-01-05,"12,50"\n', {}));
    expect(point.message).toBe('line 2, column 3 (amount): "12,50" is not a decimal number (it reads with decimal ",")');
    expect(point.details).toMatchObject({ line: 2, column: 'amount', position: 3, value: '12,50' });
    const thousands = await failure(rows('customer_id;date;amount\na;2026-01-05;1.234,56\n', { decimal: ',' }));
    expect(thousands.message).toBe('line 2, column 3 (amount): "1.234,56" is not a decimal number with decimal ","');
    const comma = await failure(rows('customer_id;date;amount\na;2026-01-05;12.5\n', { decimal: ',' }));
    expect(comma.message).toBe('line 2, column 3 (amount): "12.5" is not a decimal number with decimal "," (it reads with decimal ".")');
  });

  it('a line with another delimiter than the file is named as mixed delimiters', async () => {
    const e = await failure(rows('customer_id;date;amount\na;2026-01-05;1\nb,2026-01-06,2\n', {}));
    expect(e.code).toBe('PARSE_FAILED');
    expect(e.message).toBe(
      'line 3: 1 field, expected at least 3 (customer_id, date, amount): the line has a comma (",") but the file\'s delimiter is semicolon (";"); mixed delimiters, or name one with the delimiter option',
    );
    expect(e.details).toMatchObject({ line: 3, fields: 1, expected: 3, delimiter: ';' });
  });
});

describe('date formats', () => {
  it('are named, never guessed between day-first and month-first', () => {
    expect(formatsReading('01.01.1997')).toEqual(['dd.mm.yyyy']);
    expect(formatsReading('13/01/1997')).toEqual(['dd/mm/yyyy']);
    expect(formatsReading('01/13/1997')).toEqual(['mm/dd/yyyy']);
    expect(formatsReading('01/02/1997')).toEqual(['dd/mm/yyyy', 'mm/dd/yyyy']);
    expect(formatsReading('19970101')).toEqual(['yyyymmdd']);
    expect(formatsReading('1997-01-01')).toEqual(['iso']);
    expect(formatsReading('1997-02-30')).toEqual([]);
    expect(dateProblem('01.01.1997', 'iso')).toBe('"01.01.1997" is not a date in format iso (e.g. 2026-12-31); use dateFormat dd.mm.yyyy');
    expect(dateProblem('01/02/1997', 'auto')).toBe('"01/02/1997" is not a date in format auto (e.g. 2026-12-31 or 20261231); it is ambiguous (dd/mm/yyyy or mm/dd/yyyy): name one with dateFormat');
    expect(dateProblem('13/01/1997', 'mm/dd/yyyy')).toBe('"13/01/1997" is not a date in format mm/dd/yyyy (e.g. 12/31/2026); use dateFormat dd/mm/yyyy');
  });

  it('every valid date written in a format is read back by that format and found by formatsReading', () => {
    const write: Record<Exclude<TransactionDateFormat, 'auto'>, (y: string, m: string, d: string) => string> = {
      iso: (y, m, d) => `${y}-${m}-${d}`,
      yyyymmdd: (y, m, d) => `${y}${m}${d}`,
      'dd/mm/yyyy': (y, m, d) => `${d}/${m}/${y}`,
      'mm/dd/yyyy': (y, m, d) => `${m}/${d}/${y}`,
      'dd.mm.yyyy': (y, m, d) => `${d}.${m}.${y}`,
    };
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }), fc.constantFrom(...TRANSACTION_DATE_FORMATS.filter((f) => f !== 'auto')), (date, format) => {
        const [y, m, d] = date.toISOString().slice(0, 10).split('-') as [string, string, string];
        const text = write[format](y, m, d);
        expect(new Date(createDateReader(format, 'UTC')(text)).toISOString().slice(0, 10)).toBe(`${y}-${m}-${d}`);
        expect(formatsReading(text)).toContain(format);
        // Only a day ≤ 12 makes a slashed date ambiguous.
        if (format === 'dd/mm/yyyy') expect(formatsReading(text).includes('mm/dd/yyyy')).toBe(Number(d) <= 12);
      }),
    );
  });

  it('a wrong format in a file names line, column, an example and the format that reads it', async () => {
    const e = await failure(rows('customer_id,date,amount\na,01.01.1997,1\n', { dateFormat: 'iso' }));
    expect(e.message).toBe('line 2, column 2 (date): "01.01.1997" is not a date in format iso (e.g. 2026-12-31); use dateFormat dd.mm.yyyy');
    const ambiguous = await failure(rows('customer_id,date,amount\na,01/02/1997,1\n', {}));
    expect(ambiguous.message).toMatch(/it is ambiguous \(dd\/mm\/yyyy or mm\/dd\/yyyy\): name one with dateFormat$/);
    const unknown = await failure(rows('customer_id,date,amount\n', { dateFormat: 'yyyy.mm.dd' as TransactionDateFormat }));
    expect(unknown.code).toBe('VALIDATION_FAILED');
    expect(unknown.message).toMatch(/dateFormat/);
  });
});

describe('long lines', () => {
  it('a first line without a line break is refused after MAX_HEADER_LENGTH characters, whatever follows', async () => {
    let served = 0;
    async function* endless(): AsyncGenerator<string> {
      for (let i = 0; i < 1000; i++) {
        served++;
        yield 'x'.repeat(65_536); // 65 MB if it were all read
      }
    }
    const e = await failure(summarizeTransactionsCsv(endless(), { observationEnd: '2026-01-31' }));
    expect(e.message).toBe('line 1: the first line is longer than 65,536 characters (131,072 read without a line break): not a transaction table');
    expect(e.details).toEqual({ line: 1, limit: MAX_HEADER_LENGTH });
    expect(served).toBe(2);
    // A header of exactly the limit is read.
    const header = `customer_id,date,amount,${'n'.repeat(MAX_HEADER_LENGTH - 24)}`;
    expect(header).toHaveLength(MAX_HEADER_LENGTH);
    expect(await rows(`${header}\na,2026-01-05,1,\n`, {})).toEqual([{ customerId: 'a', day: '2026-01-05', amount: '1' }]);
  });

  it('a huge field is cut to a short excerpt in the message and the details', async () => {
    const huge = '9'.repeat(5_000_000);
    const e = await failure(rows(`customer_id,date,amount\na,${huge},1\n`, {}));
    expect(e.message).toBe(`line 2, column 2 (date): "${'9'.repeat(40)}…" (5,000,000 characters) is not a date in format auto (e.g. 2026-12-31 or 20261231)`);
    expect(e.details['value']).toBe(`${'9'.repeat(40)}…`);
    const names = await failure(rows(`${'h'.repeat(60_000)}\na\n`, {}));
    expect(names.message.length).toBeLessThan(300);
    expect((names.details['columns'] as string[])[0]).toBe(`${'h'.repeat(40)}…`);
  });
});
