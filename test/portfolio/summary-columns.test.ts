import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compressRfm,
  FidelisError,
  fitBgNbd,
  fitParetoNbd,
  simulatedTransactions,
  summarizeTransactionsCsv,
  summarizeTransactionsCsvColumns,
  summariesOf,
  summaryAt,
  type SummaryColumns,
  summaryColumnsOf,
  TransactionSummarizer,
} from '../../src/index.js';

const rows = (columns: SummaryColumns) => Array.from({ length: columns.size }, (_, i) => summaryAt(columns, i));

async function* text(s: string): AsyncGenerator<string> {
  yield s;
}

describe('summaries as columns', () => {
  const tx = fc.record({
    customerId: fc.constantFrom('a', 'b', 'c', 'd', 'e'),
    at: fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2025, 11, 31) }).map((ms) => new Date(ms)),
    amount: fc.integer({ min: 0, max: 100_000 }).map((c) => c / 100),
    margin: fc.option(fc.integer({ min: -5_000, max: 50_000 }).map((c) => c / 100), { nil: undefined }),
  });

  it('row by row the same figures as the objects, with and without a split and margins', () => {
    fc.assert(
      fc.property(fc.array(tx, { minLength: 1, maxLength: 60 }), fc.boolean(), fc.constantFrom('day', 'week'), (log, split, timeUnit) => {
        const options = { observationEnd: '2025-12-31', timeUnit, ...(split ? { calibrationEnd: '2025-09-30' } : {}) } as const;
        const input = log.map(({ margin, ...t }) => (margin === undefined ? t : { ...t, margin }));
        const objects = new TransactionSummarizer(options);
        const columns = new TransactionSummarizer(options);
        for (const t of input) {
          objects.add(t);
          columns.add(t);
        }
        let expected;
        try {
          expected = objects.finish();
        } catch (e) {
          expect((e as FidelisError).code).toBe('INSUFFICIENT_DATA');
          expect(() => columns.finishColumns()).toThrow(FidelisError);
          return;
        }
        const c = columns.finishColumns();
        expect(rows(c)).toEqual(expected);
        expect(c.size).toBe(expected.length);
        expect(c.totalMargin !== undefined).toBe(expected[0]?.totalMargin !== undefined);
        expect(c.holdoutFrequency !== undefined).toBe(split);
        expect(columns.stats()).toEqual(objects.stats());
        expect(columns.finishColumns()).toBe(c);
        // Either order of the two finishes gives the same figures.
        expect(columns.finish()).toEqual(expected);
        expect(rows(objects.finishColumns())).toEqual(expected);
        expect(() => columns.add(input[0]!)).toThrow(/finished; add every transaction before finish/);
      }),
      { numRuns: 150 },
    );
  });

  it('from a CSV file: the same summaries as summarizeTransactionsCsv, worked out by hand', async () => {
    const csv = 'customer_id,date,amount\na,2025-01-01,10\nb,2025-01-03,5\na,2025-01-01,5\na,2025-01-15,20\nb,2025-03-01,1\nc,2025-04-01,7\n';
    const options = { observationEnd: '2025-03-31', timeUnit: 'week' } as const;
    const { columns, stats } = await summarizeTransactionsCsvColumns(text(csv), options);
    const { summaries } = await summarizeTransactionsCsv(text(csv), options);
    expect(rows(columns)).toEqual(summaries);
    expect(stats).toMatchObject({ rows: 6, afterObservationEnd: 1, customers: 2 });
    // a: purchases on Jan 1 (10 + 5) and Jan 15 (20): x = 1, t_x = 2 weeks, T = (Mar 31 − Jan 1) = 89 days.
    expect(summaryAt(columns, 0)).toEqual({ customerId: 'a', frequency: 1, recency: 2, T: 89 / 7, monetaryValue: 20, totalValue: 35, purchaseCount: 2 });
    expect([...columns.frequency]).toEqual([1, 1]);
    expect(() => summaryAt(columns, 2)).toThrow('summaryAt: row 2 is not an integer in 0…1');
  });

  it('an empty file is INSUFFICIENT_DATA, as for objects', async () => {
    await expect(summarizeTransactionsCsvColumns(text('customer_id,date,amount\n'), { observationEnd: '2025-03-31' })).rejects.toThrow('the file has no data rows');
  });

  it('the fits take the columns as they are: the same estimates as from the objects', () => {
    const options = { observationEnd: '2025-12-31', timeUnit: 'week' } as const;
    const log = [...simulatedTransactions({ params: { r: 0.5, alpha: 8, a: 0.6, b: 2.5 }, customers: 800, start: new Date('2024-01-01T00:00:00Z'), end: new Date('2026-01-01T00:00:00Z'), seed: 7 })];
    const s = new TransactionSummarizer(options);
    for (const t of log) s.add(t);
    const columns = s.finishColumns();
    const objects = rows(columns);
    expect(fitBgNbd(columns).params).toEqual(fitBgNbd(objects).params);
    expect(fitParetoNbd(columns).logLikelihood).toBe(fitParetoNbd(objects).logLikelihood);
    expect(compressRfm(columns)).toEqual(compressRfm(objects));
  });

  it('columns of different lengths or bad values are VALIDATION_FAILED naming the row', () => {
    expect(() => compressRfm({ frequency: [1, 2], recency: [1], T: [3, 4] })).toThrow(/differ in length/);
    let error: unknown;
    try {
      compressRfm({ frequency: [1, 0.5], recency: [1, 0], T: [3, 4] });
    } catch (e) {
      error = e;
    }
    expect((error as FidelisError).code).toBe('VALIDATION_FAILED');
    expect((error as FidelisError).issues.map((i) => i.path)).toEqual(['summaries[1].frequency']);
  });
});

describe('summaries ⇄ columns', () => {
  const base = { customerId: 'a', frequency: 2, recency: 3.5, T: 10, monetaryValue: 12.25, totalValue: 30, purchaseCount: 3 };

  it('summaryColumnsOf and summariesOf give back the same summaries, for each of the four shapes', () => {
    for (const extra of [{}, { totalMargin: -4.5 }, { holdoutFrequency: 1, holdoutValue: 9.99 }, { totalMargin: 7, holdoutFrequency: 0, holdoutValue: 0 }]) {
      const list = [
        { ...base, ...extra },
        { ...base, ...extra, customerId: 'b', frequency: 0, recency: 0, monetaryValue: 0, purchaseCount: 1 },
      ];
      const columns = summaryColumnsOf(list);
      expect(columns.size).toBe(2);
      expect(columns.totalMargin === undefined).toBe(!('totalMargin' in extra));
      expect(columns.holdoutValue === undefined).toBe(!('holdoutValue' in extra));
      expect(summariesOf(columns)).toEqual(list);
      expect(summaryAt(columns, 1)).toEqual(list[1]);
    }
    expect(summariesOf(summaryColumnsOf([]))).toEqual([]);
  });

  it('summaries of different shapes are refused, naming the first odd one', () => {
    expect(() => summaryColumnsOf([base, { ...base, totalMargin: 1 }])).toThrow(
      'summaries[1]: has a totalMargin where summaries[0] has none: the summaries must come from one summariser',
    );
    expect(() => summaryColumnsOf([{ ...base, holdoutFrequency: 1, holdoutValue: 2 }, base])).toThrow(
      'summaries[1]: has no holdoutFrequency/holdoutValue where summaries[0] has one: the summaries must come from one summariser',
    );
  });
});
