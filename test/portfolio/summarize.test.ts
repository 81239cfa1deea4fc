import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createPeriodIndexer,
  type CustomerSummary,
  FidelisError,
  localDateString,
  summarizeTransactions,
  type Transaction,
  TransactionSummarizer,
} from '../../src/index.js';

const at = (iso: string): Date => new Date(iso);

// The hand-made log. Calibration ends 2026-02-10 (end of that UTC day), observation 2026-03-31.
// A: same-day duplicates (Jan 5), a zero-value return (Jan 12), a purchase at the very last
//    instant of calibration, holdout purchases (two on Feb 11), one after the observation end.
// B: one purchase with a 3-decimal amount. C: first purchase in the holdout (left out).
// D: only zero-value rows. E: out of order and interleaved with the others.
const LOG: Transaction[] = [
  { customerId: 'E', at: at('2026-02-05T08:00:00Z'), amount: 8 },
  { customerId: 'A', at: at('2026-01-05T10:00:00Z'), amount: '20.00', margin: 6 },
  { customerId: 'A', at: at('2026-01-05T18:30:00Z'), amount: 5.5 },
  { customerId: 'E', at: at('2026-01-10T08:00:00Z'), amount: 4 },
  { customerId: 'A', at: at('2026-01-07T12:00:00Z'), amount: 1 },
  { customerId: 'A', at: at('2026-01-12T12:00:00Z'), amount: 0 },
  { customerId: 'B', at: at('2026-02-01T12:00:00Z'), amount: '12.345' },
  { customerId: 'E', at: at('2026-02-05T20:00:00Z'), amount: 2 },
  { customerId: 'A', at: at('2026-01-20T12:00:00Z'), amount: 14.25, margin: '-1.25' },
  { customerId: 'D', at: at('2026-01-31T12:00:00Z'), amount: 0 },
  { customerId: 'D', at: at('2026-01-31T13:00:00Z'), amount: '0.00' },
  { customerId: 'A', at: at('2026-02-10T23:59:59.999Z'), amount: 10 },
  { customerId: 'E', at: at('2026-01-10T21:00:00Z'), amount: 1 },
  { customerId: 'A', at: at('2026-02-11T00:00:00Z'), amount: 30, margin: 100 },
  { customerId: 'A', at: at('2026-02-11T09:00:00Z'), amount: 2.5 },
  { customerId: 'C', at: at('2026-03-05T12:00:00Z'), amount: 40 },
  { customerId: 'A', at: at('2026-03-01T12:00:00Z'), amount: 7 },
  { customerId: 'A', at: at('2026-04-01T12:00:00Z'), amount: 99 },
];
const SPLIT = { observationEnd: '2026-03-31', calibrationEnd: '2026-02-10' } as const;

function byId(summaries: readonly CustomerSummary[]): Record<string, CustomerSummary> {
  return Object.fromEntries(summaries.map((s) => [s.customerId, s]));
}

async function* stream<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}

describe('summarizeTransactions: the hand-made log', () => {
  it('days, in days: every field as worked out by hand', () => {
    const s = summarizeTransactions(LOG, SPLIT);
    expect(s.map((x) => x.customerId)).toEqual(['E', 'A', 'B', 'D']); // first appearance; C left out
    const m = byId(s);
    // A: purchase days Jan 5 (25.50), Jan 7 (1), Jan 12 (0), Jan 20 (14.25), Feb 10 (10).
    expect(m['A']).toEqual({
      customerId: 'A',
      frequency: 4,
      recency: 36, // Jan 5 → Feb 10
      T: 36,
      monetaryValue: 25.25 / 4, // (50.75 − 25.50) / 4
      totalValue: 50.75,
      totalMargin: 4.75, // 6 − 1.25; the holdout margin 100 is not calibration
      purchaseCount: 5,
      holdoutFrequency: 2, // Feb 11 (two rows), Mar 1; Apr 1 is after the observation end
      holdoutValue: 39.5,
    });
    expect(m['B']).toEqual({
      customerId: 'B',
      frequency: 0,
      recency: 0,
      T: 9,
      monetaryValue: 0,
      totalValue: 12.345,
      totalMargin: 0,
      purchaseCount: 1,
      holdoutFrequency: 0,
      holdoutValue: 0,
    });
    // D: a day with only zero-value rows is a purchase day (CDNOW convention).
    expect(m['D']).toEqual({
      customerId: 'D',
      frequency: 0,
      recency: 0,
      T: 10,
      monetaryValue: 0,
      totalValue: 0,
      totalMargin: 0,
      purchaseCount: 1,
      holdoutFrequency: 0,
      holdoutValue: 0,
    });
    // E: Jan 10 (4 + 1), Feb 5 (8 + 2), given out of order.
    expect(m['E']).toEqual({
      customerId: 'E',
      frequency: 1,
      recency: 26,
      T: 31,
      monetaryValue: 10,
      totalValue: 15,
      totalMargin: 0,
      purchaseCount: 2,
      holdoutFrequency: 0,
      holdoutValue: 0,
    });
  });

  it('weeks as the time unit divide by 7', () => {
    const m = byId(summarizeTransactions(LOG, { ...SPLIT, timeUnit: 'week' }));
    expect(m['A']?.recency).toBe(36 / 7);
    expect(m['A']?.T).toBe(36 / 7);
    expect(m['E']?.T).toBe(31 / 7);
  });

  it("zeroValue 'ignore' drops zero rows: A loses Jan 12, D disappears", () => {
    const summarizer = new TransactionSummarizer({ ...SPLIT, zeroValue: 'ignore' });
    for (const t of LOG) summarizer.add(t);
    const m = byId(summarizer.finish());
    expect(m['D']).toBeUndefined();
    expect(m['A']?.frequency).toBe(3);
    expect(m['A']?.monetaryValue).toBe(25.25 / 3);
    expect(summarizer.stats()).toEqual({ rows: 18, afterObservationEnd: 1, zeroValueIgnored: 3, customers: 3, notInCalibration: 1 });
  });

  it('input read twice (forRereadableInput): the same figures; a second pass only when some customer is out of order', () => {
    const reversed = [...LOG].reverse();
    for (const options of [SPLIT, { ...SPLIT, zeroValue: 'ignore' as const, period: 'week' as const }]) {
      const s = TransactionSummarizer.forRereadableInput(options);
      for (const t of reversed) s.add(t);
      expect(s.beginSecondPass()).toBe(true);
      expect(s.beginSecondPass()).toBe(false); // once
      for (const t of reversed) s.add(t);
      expect(byId(s.finish())).toEqual(byId(summarizeTransactions(LOG, options)));
      expect(s.stats()).toEqual(TransactionSummarizer.summarizeArray(LOG, options).stats()); // rows counted once
    }
    const sorted = [...LOG].sort((x, y) => x.at.getTime() - y.at.getTime());
    const once = TransactionSummarizer.forRereadableInput(SPLIT);
    for (const t of sorted) once.add(t);
    expect(once.beginSecondPass()).toBe(false);
    expect(byId(once.finish())).toEqual(byId(summarizeTransactions(LOG, SPLIT)));
  });

  it('input out of order without its second pass is an error, not a wrong count', () => {
    const s = TransactionSummarizer.forRereadableInput(SPLIT);
    for (const t of [...LOG].reverse()) s.add(t);
    expect(() => s.finish()).toThrow(/^transactions: 2 customers' rows came out of time order; call beginSecondPass\(\) and add the same input again before finish\(\)$/);
  });

  it('period week merges purchases of one ISO week (Monday start)', () => {
    const m = byId(summarizeTransactions(LOG, { ...SPLIT, period: 'week' }));
    // A: weeks of Mon Jan 5 (25.50 + 1), Jan 12 (0), Jan 19 (14.25), Feb 9 (10).
    expect(m['A']).toMatchObject({ frequency: 3, recency: 35, T: 35, monetaryValue: 24.25 / 3, purchaseCount: 4 });
    // Holdout: Feb 11 is in the week of Feb 9 (which straddles the split), Mar 1 in that of Feb 23.
    expect(m['A']?.holdoutFrequency).toBe(2);
    // E: weeks of Jan 5 and Feb 2 (28 days apart); calibration end is in the week of Feb 9.
    expect(m['E']).toMatchObject({ frequency: 1, recency: 28, T: 35 });
  });

  it('period month merges purchases of one calendar month', () => {
    const m = byId(summarizeTransactions(LOG, { ...SPLIT, period: 'month' }));
    expect(m['A']).toMatchObject({ frequency: 1, recency: 31, T: 31, monetaryValue: 10, totalValue: 50.75 });
  });

  it('without a split, T runs to the observation end and there are no holdout fields', () => {
    const m = byId(summarizeTransactions(LOG, { observationEnd: '2026-03-31' }));
    expect(m['A']).toEqual({
      customerId: 'A',
      frequency: 6, // + Feb 11, Mar 1
      recency: 55, // Jan 5 → Mar 1
      T: 85, // Jan 5 → Mar 31
      monetaryValue: (50.75 + 39.5 - 25.5) / 6,
      totalValue: 90.25,
      totalMargin: 104.75,
      purchaseCount: 7,
    });
    expect(m['C']).toMatchObject({ frequency: 0, T: 26, totalValue: 40 });
  });

  it('the same figures from an async iterable, a generator, and in chronological mode', async () => {
    const expected = summarizeTransactions(LOG, SPLIT);
    await expect(summarizeTransactions(stream(LOG), SPLIT)).resolves.toEqual(expected);
    expect(summarizeTransactions(new Set(LOG), SPLIT)).toEqual(expected);
    const sorted = [...LOG].sort((a, b) => a.at.getTime() - b.at.getTime());
    const chrono = byId(summarizeTransactions(sorted, { ...SPLIT, order: 'chronological' }));
    expect(chrono).toEqual(byId(expected));
  });

  it("order 'chronological' rejects an earlier transaction after a later one, naming the row (E: Jan 10 after Feb 5)", () => {
    expect(() => summarizeTransactions(LOG, { ...SPLIT, order: 'chronological' })).toThrow(/transactions\[3\]\.at: earlier than a previous transaction/);
  });

  it('calibrationEnd given as instants: a Date and an ISO date-time with offset', () => {
    const viaDate = summarizeTransactions(LOG, { observationEnd: new Date('2026-03-31T23:59:59.999Z'), calibrationEnd: new Date('2026-02-10T23:59:59.999Z') });
    const viaIso = summarizeTransactions(LOG, { observationEnd: '2026-04-01T00:00:00+00:00', calibrationEnd: '2026-02-11T00:59:59.999+01:00' });
    const expected = summarizeTransactions(LOG, SPLIT);
    expect(viaDate).toEqual(expected);
    // 2026-04-01T00:00Z includes nothing more (Apr 1 12:00 is later).
    expect(viaIso).toEqual(expected);
  });
});

describe('summarizeTransactions: time zones', () => {
  it('a day is the local day of the zone', () => {
    const log: Transaction[] = [
      { customerId: 'x', at: at('2026-01-05T10:00:00Z'), amount: 1 },
      { customerId: 'x', at: at('2026-01-05T23:30:00Z'), amount: 1 }, // Jan 6 00:30 in Paris
    ];
    expect(summarizeTransactions(log, { observationEnd: '2026-01-31' })[0]?.frequency).toBe(0);
    const paris = summarizeTransactions(log, { observationEnd: '2026-01-31', timeZone: 'Europe/Paris' })[0];
    expect(paris).toMatchObject({ frequency: 1, recency: 1, T: 26 });
  });

  it('the cached day index equals the local calendar date for any instant and zone', () => {
    const zones = ['UTC', 'Europe/Paris', 'Pacific/Chatham', 'America/St_Johns', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/Sao_Paulo'];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.array(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2040, 0, 1) }), { minLength: 1, maxLength: 20 }),
        (zone, instants) => {
          const days = createPeriodIndexer('day', zone);
          for (const ms of instants) {
            const local = localDateString(new Date(ms), zone);
            expect(days.index(ms)).toBe(Date.parse(`${local}T00:00:00Z`) / 86_400_000);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('daylight-saving days: instants on both sides of the change map to the right local day', () => {
    const days = createPeriodIndexer('day', 'Europe/Paris');
    const day = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
    expect(days.index(Date.parse('2026-03-28T23:30:00Z'))).toBe(day('2026-03-29')); // 00:30 CET
    expect(days.index(Date.parse('2026-03-29T21:30:00Z'))).toBe(day('2026-03-29')); // 23:30 CEST
    expect(days.index(Date.parse('2026-03-29T22:30:00Z'))).toBe(day('2026-03-30')); // 00:30 CEST
    expect(days.index(Date.parse('2026-10-25T22:30:00Z'))).toBe(day('2026-10-25')); // 23:30 CET
    expect(days.index(Date.parse('2026-10-25T23:30:00Z'))).toBe(day('2026-10-26'));
  });

  it('weeks start on Monday and months follow the calendar', () => {
    const weeks = createPeriodIndexer('week', 'UTC');
    expect(weeks.index(Date.parse('2026-01-04T23:59:59Z'))).toBe(weeks.index(Date.parse('2025-12-29T00:00:00Z'))); // Sun, Mon before
    expect(weeks.index(Date.parse('2026-01-05T00:00:00Z'))).toBe(weeks.index(Date.parse('2026-01-04T00:00:00Z')) + 1);
    const months = createPeriodIndexer('month', 'UTC');
    const feb = months.index(Date.parse('2024-02-29T12:00:00Z'));
    expect(months.index(Date.parse('2024-02-01T00:00:00Z'))).toBe(feb);
    expect(months.index(Date.parse('2024-03-01T00:00:00Z'))).toBe(feb + 1);
    expect(months.startDay(feb)).toBe(Date.UTC(2024, 1, 1) / 86_400_000);
    expect(months.index(Date.parse('1969-12-31T12:00:00Z'))).toBe(1969 * 12 + 11);
  });
});

describe('summarizeTransactions: invariants', () => {
  const tx = fc.record({
    customerId: fc.constantFrom('a', 'b', 'c', 'd'),
    at: fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2025, 11, 31) }).map((ms) => new Date(ms)),
    amount: fc.integer({ min: 0, max: 100_000 }).map((c) => c / 100),
  });

  it('the summaries do not depend on the order of the transactions (array, stream, any order)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(tx, { minLength: 1, maxLength: 60 }), fc.integer(), async (log, seed) => {
        const options = { observationEnd: '2025-12-31', calibrationEnd: '2025-09-30' } as const;
        const shuffled = [...log].sort((x, y) => ((x.at.getTime() * 31 + seed) % 97) - ((y.at.getTime() * 31 + seed) % 97));
        let a: CustomerSummary[];
        try {
          a = summarizeTransactions(log, options);
        } catch (e) {
          expect((e as FidelisError).code).toBe('INSUFFICIENT_DATA'); // every first purchase after calibration
          return;
        }
        const b = await summarizeTransactions(stream(shuffled), options);
        expect(byId(b)).toEqual(byId(a));
        for (const s of a) {
          expect(s.frequency).toBe(s.purchaseCount - 1);
          expect(s.recency).toBeGreaterThanOrEqual(0);
          expect(s.recency).toBeLessThanOrEqual(s.T);
          if (s.frequency === 0) expect(s.monetaryValue).toBe(0);
        }
      }),
      { numRuns: 100 },
    );
  });
  it('every field as a direct computation gives it, in every order and reading mode (purchase weeks; a week across the calibration end counts on both sides)', async () => {
    // Calibration ends on Wednesday 2025-10-01: the week of Monday 2025-09-29 holds calibration
    // and holdout purchases. Reference, per customer and side: distinct Monday-based week
    // numbers (1970-01-01 was a Thursday: week = floor((day + 3) / 7), starting on day 7w − 3),
    // sums in cents.
    const options = { observationEnd: '2025-12-31', calibrationEnd: '2025-10-01', period: 'week' } as const;
    const calibrationEnd = Date.UTC(2025, 9, 2) - 1;
    const week = (t: { at: Date }): number => Math.floor((Math.floor(t.at.getTime() / 86_400_000) + 3) / 7);
    const near = fc.record({
      customerId: fc.constantFrom('a', 'b', 'c'),
      at: fc.integer({ min: Date.UTC(2025, 8, 1), max: Date.UTC(2025, 10, 15) }).map((ms) => new Date(ms)),
      amount: fc.integer({ min: 0, max: 10_000 }).map((cents) => cents / 100),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(near, { minLength: 1, maxLength: 80 }), fc.integer(), async (log, seed) => {
        const expected: Record<string, object> = {};
        const cents = (list: readonly { amount: number }[]): number => list.reduce((sum, t) => sum + Math.round(t.amount * 100), 0);
        for (const id of new Set(log.map((t) => t.customerId))) {
          const calibration = log.filter((t) => t.customerId === id && t.at.getTime() <= calibrationEnd);
          const holdout = log.filter((t) => t.customerId === id && t.at.getTime() > calibrationEnd);
          const weeks = new Set(calibration.map(week));
          if (weeks.size === 0) continue; // not in the calibration cohort
          const first = Math.min(...weeks);
          const frequency = weeks.size - 1;
          expected[id] = {
            customerId: id,
            frequency,
            recency: 7 * (Math.max(...weeks) - first),
            T: 7 * (week({ at: new Date(calibrationEnd) }) - first),
            monetaryValue: frequency === 0 ? 0 : (cents(calibration) - cents(calibration.filter((t) => week(t) === first))) / (100 * frequency),
            totalValue: cents(calibration) / 100,
            purchaseCount: weeks.size,
            holdoutFrequency: new Set(holdout.map(week)).size,
            holdoutValue: cents(holdout) / 100,
          };
        }
        const shuffled = [...log].sort((x, y) => ((x.at.getTime() * 31 + seed) % 97) - ((y.at.getTime() * 31 + seed) % 97));
        const sorted = [...log].sort((x, y) => x.at.getTime() - y.at.getTime());
        const runs: CustomerSummary[][] = [];
        try {
          runs.push(summarizeTransactions(shuffled, options)); // array: counted, out-of-order customers recounted
        } catch (e) {
          expect((e as FidelisError).code).toBe('INSUFFICIENT_DATA');
          expect(expected).toEqual({});
          return;
        }
        runs.push(await summarizeTransactions(stream(shuffled), options)); // stream, order 'any': periods kept
        runs.push(await summarizeTransactions(stream(sorted), { ...options, order: 'chronological' })); // counted
        const twice = TransactionSummarizer.forRereadableInput(options); // counted, out-of-order customers read again
        for (const t of shuffled) twice.add(t);
        if (twice.beginSecondPass()) for (const t of shuffled) twice.add(t);
        runs.push(twice.finish());
        for (const run of runs) expect(byId(run)).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });
});

describe('summarizeTransactions: bad input', () => {
  const base = { customerId: 'a', at: at('2026-01-05T10:00:00Z'), amount: 1 };
  const fails = (t: unknown, pattern: RegExp): void => {
    let error: unknown;
    try {
      summarizeTransactions([base, t as Transaction], { observationEnd: '2026-01-31' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FidelisError);
    expect((error as FidelisError).code).toBe('VALIDATION_FAILED');
    expect((error as FidelisError).message).toMatch(pattern);
    expect((error as FidelisError).details['row']).toBe(1);
  };

  it('names the row and the field', () => {
    fails({ ...base, amount: -5 }, /^transactions\[1\]\.amount: -5 is negative/);
    fails({ ...base, amount: Number.NaN }, /^transactions\[1\]\.amount: NaN is not a decimal number/);
    fails({ ...base, amount: Number.POSITIVE_INFINITY }, /^transactions\[1\]\.amount: Infinity is not finite/);
    fails({ ...base, amount: 1e12 }, /^transactions\[1\]\.amount: 1000000000000 exceeds the largest accepted amount/);
    fails({ ...base, amount: '12abc' }, /^transactions\[1\]\.amount: "12abc" is not a decimal number/);
    fails({ ...base, amount: '' }, /^transactions\[1\]\.amount: "" is not a decimal number/);
    fails({ ...base, at: new Date('nope') }, /^transactions\[1\]\.at: Invalid Date is not a valid Date/);
    fails({ ...base, at: '2026-01-05' }, /^transactions\[1\]\.at: 2026-01-05 is not a valid Date/);
    fails({ ...base, customerId: '' }, /^transactions\[1\]\.customerId: "" is not a non-empty string/);
    fails({ ...base, margin: 'x' }, /^transactions\[1\]\.margin: "x" is not a decimal number/);
    fails(null, /^transactions\[1\]: is not an object/);
  });

  it('a negative margin is fine (a loss-making sale)', () => {
    expect(summarizeTransactions([{ ...base, margin: -3 }], { observationEnd: '2026-01-31' })[0]?.totalMargin).toBe(-3);
  });

  it('empty input and nothing in calibration are INSUFFICIENT_DATA', async () => {
    expect(() => summarizeTransactions([], { observationEnd: '2026-01-31' })).toThrow(/the input is empty/);
    await expect(summarizeTransactions(stream([]), { observationEnd: '2026-01-31' })).rejects.toThrow(/the input is empty/);
    expect(() => summarizeTransactions([base], { observationEnd: '2026-01-31', calibrationEnd: '2026-01-01' })).toThrow(
      expect.objectContaining({ code: 'INSUFFICIENT_DATA' }),
    );
  });

  it('a single customer is summarised', () => {
    expect(summarizeTransactions([base], { observationEnd: '2026-01-31' })).toEqual([
      { customerId: 'a', frequency: 0, recency: 0, T: 26, monetaryValue: 0, totalValue: 1, purchaseCount: 1 },
    ]);
  });

  it('bad options name the option', () => {
    expect(() => summarizeTransactions([base], { observationEnd: '2026-02-30' })).toThrow(/observationEnd/);
    expect(() => summarizeTransactions([base], { observationEnd: '2026-01-31', timeZone: 'Mars/Base' })).toThrow(/timeZone/);
    expect(() => summarizeTransactions([base], { observationEnd: '2026-01-31', calibrationEnd: '2026-02-01' })).toThrow(/calibrationEnd: must not be after observationEnd/);
    // @ts-expect-error an unknown period
    expect(() => summarizeTransactions([base], { observationEnd: '2026-01-31', period: 'hour' })).toThrow(/period/);
  });
});
