import { createReadStream, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  bgNbdModel,
  type CustomerSummary,
  FidelisError,
  fitParetoNbd,
  formatHoldoutCheck,
  holdoutCheck,
  readTransactionsCsv,
  renderConditionalExpectationSvg,
  renderTrackingSvg,
  repeatPurchaseTimes,
  summarizeTransactionsCsv,
  type TransactionModel,
} from '../../src/index.js';

// A model whose every figure is worked out by hand.
const STUB: TransactionModel = {
  model: 'stub',
  expectedPurchases: () => 1,
  probabilityAlive: (s) => (s.frequency === 0 ? 0.95 : 0.25),
  expectedPurchasesNew: (t) => t / 10,
  probabilityOfPurchases: (n) => (n <= 1 ? 0.5 : 0),
  customerLogLikelihood: () => 0,
};
const summary = (frequency: number, T: number, holdoutFrequency: number): CustomerSummary => ({
  customerId: `c${frequency}${T}${holdoutFrequency}`,
  frequency,
  recency: frequency === 0 ? 0 : T / 2,
  T,
  monetaryValue: 0,
  totalValue: 0,
  purchaseCount: frequency + 1,
  holdoutFrequency,
});
const THREE = [summary(0, 2, 0), summary(1, 2, 1), summary(9, 1, 4)];

describe('holdoutCheck, by hand', () => {
  const check = holdoutCheck(STUB, THREE, { holdoutLength: 2, repeatTimes: [-1, 0.5, 1, 2, 2] });

  it('errors: actual 5, predicted 3, −40 %, MAE 4/3, RMSE √(10/3)', () => {
    expect(check.errors.actual).toBe(5);
    expect(check.errors.predicted).toBe(3);
    expect(check.errors.errorPercent).toBeCloseTo(-40, 12);
    expect(check.errors.mae).toBeCloseTo(4 / 3, 12);
    expect(check.errors.rmse).toBeCloseTo(Math.sqrt(10 / 3), 12);
    // Holdout steps: (1: actual 2, expected 0.3), (2: actual 2, expected 0.3).
    expect(check.errors.trackingMae).toBeCloseTo(1.7, 12);
    expect(check.errors.trackingRmse).toBeCloseTo(1.7, 12);
  });

  it('tracking: Σ (Tᵢ + τ)/10 expected and the repeat times counted, the calibration end at 0', () => {
    expect(check.tracking.map((p) => p.time)).toEqual([-2, -1, 0, 1, 2]);
    expect(check.tracking.map((p) => p.expectedCumulative)).toEqual([0, 0.2, 0.5, 0.8, 1.1].map((x) => expect.closeTo(x, 12)));
    expect(check.tracking.map((p) => p.actualCumulative)).toEqual([0, 1, 1, 3, 5]);
    expect(check.tracking.map((p) => p.actual)).toEqual([0, 1, 0, 2, 2]);
  });

  it('buckets: conditional expectation, period transactions, P(alive)', () => {
    expect(check.conditionalExpectation.map((b) => [b.label, b.customers, b.actual, b.predicted])).toEqual([
      ['0', 1, 0, 1],
      ['1', 1, 1, 1],
      ...[2, 3, 4, 5, 6].map((k) => [String(k), 0, Number.NaN, Number.NaN]),
      ['7+', 1, 4, 1],
    ]);
    // Σ P(X(Tᵢ) = n): 3 × 0.5 for n = 0 and 1, 0 after; 7+ takes the rest (0).
    expect(check.periodTransactions.map((b) => [b.actual, b.predicted])).toEqual([[1, 1.5], [1, 1.5], [0, 0], [0, 0], [0, 0], [0, 0], [0, 0], [1, 0]]);
    const used = check.aliveCalibration.filter((b) => b.customers > 0);
    expect(used).toEqual([
      { from: 0.2, to: 0.3, customers: 2, meanProbabilityAlive: 0.25, observedActive: 1 },
      { from: 0.9, to: 1, customers: 1, meanProbabilityAlive: 0.95, observedActive: 0 },
    ]);
  });

  it('formats as text, and the plots have their axes and series', () => {
    const text = formatHoldoutCheck(check);
    expect(text).toContain('holdout purchases: actual 5, predicted 3.0 (aggregate error -40.0 %); per customer MAE 1.33, RMSE 1.83');
    const tracking = renderTrackingSvg(check);
    expect(tracking.match(/<polyline class="series"/g)).toHaveLength(2);
    expect(tracking).toContain('class="marker"');
    expect(tracking).toContain('calibration end');
    expect(tracking.match(/class="x-tick"/g)?.length).toBeGreaterThanOrEqual(3);
    // Five points in each line.
    for (const m of tracking.matchAll(/points="([^"]*)"/g)) expect((m[1] as string).split(' ')).toHaveLength(5);
    const conditional = renderConditionalExpectationSvg(check);
    expect(conditional.match(/<polyline class="series"/g)).toHaveLength(2);
    expect(conditional).not.toContain('class="marker"');
    // Empty buckets are left out of the lines: 0, 1 and 7+.
    for (const m of conditional.matchAll(/points="([^"]*)"/g)) expect((m[1] as string).split(' ')).toHaveLength(3);
    const expectedOnly = renderTrackingSvg(holdoutCheck(STUB, THREE, { holdoutLength: 2 }));
    expect(expectedOnly.match(/<polyline class="series"/g)).toHaveLength(1);
  });

  it('the tracking counts every repeat time once, whatever the times (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -2, max: 2, noNaN: true })), (times) => {
        const c = holdoutCheck(STUB, THREE, { holdoutLength: 2, repeatTimes: times });
        const inside = times.filter((t) => t > -2 - 1e-9 && t <= 2 + 1e-9).length;
        expect(c.tracking[c.tracking.length - 1]?.actualCumulative).toBe(inside);
        expect(c.tracking.reduce((s, p) => s + p.actual, 0)).toBe(inside);
      }),
    );
  });

  it('bad input names the field', () => {
    const fails = (f: () => unknown, message: string): void => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(FidelisError);
        expect((e as FidelisError).code).toBe('VALIDATION_FAILED');
        expect((e as FidelisError).message).toBe(message);
        return;
      }
      throw new Error('expected a FidelisError');
    };
    fails(() => holdoutCheck(STUB, THREE, { holdoutLength: -3 }), 'holdoutLength: -3 is not a positive length (the holdout end must be after the calibration end)');
    const { holdoutFrequency: _, ...noHoldout } = THREE[1] as CustomerSummary;
    fails(() => holdoutCheck(STUB, [THREE[0] as CustomerSummary, noHoldout], { holdoutLength: 2 }), 'summaries[1].holdoutFrequency: is missing: summarise with calibrationEnd to have holdout figures');
    fails(() => holdoutCheck(STUB, [], { holdoutLength: 2 }), 'summaries: no customers');
  });
});

describe('repeatPurchaseTimes', () => {
  const at = (customerId: string, day: string) => ({ customerId, at: new Date(`${day}T12:00:00Z`), amount: 1 });
  it('repeat days of the calibration cohort relative to the calibration end, one per day', async () => {
    const times = await repeatPurchaseTimes(
      [at('a', '1997-01-01'), at('a', '1997-01-08'), at('a', '1997-01-08'), at('a', '1997-10-07'), at('b', '1997-10-01'), at('b', '1997-10-08'), at('a', '1998-07-01')],
      { calibrationEnd: '1997-09-30', holdoutEnd: '1998-06-30', timeUnit: 'week' },
    );
    // a: 8 Jan is 265 days before 30 Sep, 7 Oct one week after; b first bought after the calibration end.
    expect([...times]).toEqual([-265 / 7, 1]);
  });

  it('a holdout end before the calibration end is refused', async () => {
    await expect(repeatPurchaseTimes([], { calibrationEnd: '1997-09-30', holdoutEnd: '1997-09-01' })).rejects.toThrow('holdoutEnd: 1997-09-01 is not after calibrationEnd 1997-09-30');
  });
});

const CDNOW = fileURLToPath(new URL('../../../shared/data/cdnow/CDNOW_sample.txt', import.meta.url));

describe.skipIf(!existsSync(CDNOW))('CDNOW 1/10th sample: FHL 2005 calibration 39 weeks to 1997-09-30, holdout 39 weeks (skipped without ../shared/data)', () => {
  const csv = { columns: ['master_id', 'customer_id', 'date', 'cds', 'amount'] };
  const options = { calibrationEnd: '1997-09-30', observationEnd: '1998-06-30', timeUnit: 'week' } as const;
  // read in beforeAll: a skipped block's body still runs at collection, and the data is optional
  let summaries: CustomerSummary[] = [];
  let repeatTimes: Float64Array | readonly number[] = [];
  beforeAll(async () => {
    summaries = (await summarizeTransactionsCsv(() => createReadStream(CDNOW), { ...options, csv })).summaries;
    repeatTimes = await repeatPurchaseTimes(readTransactionsCsv(createReadStream(CDNOW), csv), { calibrationEnd: '1997-09-30', holdoutEnd: '1998-06-30', timeUnit: 'week' });
  });
  const published = bgNbdModel({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 });

  it('the repeat times agree with the summaries (a second reading): 2,457 calibration and 1,882 holdout repeat purchases', () => {
    const before = [...repeatTimes].filter((t) => t <= 0).length;
    expect(before).toBe(summaries.reduce((s, c) => s + c.frequency, 0));
    expect(before).toBe(2457);
    expect(repeatTimes.length - before).toBe(summaries.reduce((s, c) => s + (c.holdoutFrequency ?? 0), 0));
    expect(repeatTimes.length - before).toBe(1882);
  });

  it('BG/NBD with the published parameters: the check equals per-customer sums computed directly', () => {
    const check = holdoutCheck(published, summaries, { holdoutLength: 39, repeatTimes });
    // Second method: plain loops over the customers, no grouping by T, no buckets.
    let predicted = 0;
    let abs = 0;
    for (const s of summaries) {
      const e = published.expectedPurchases(39, s);
      predicted += e;
      abs += Math.abs((s.holdoutFrequency ?? 0) - e);
    }
    expect(check.errors.actual).toBe(1882);
    expect(check.errors.predicted).toBeCloseTo(predicted, 8);
    expect(check.errors.predicted).toBeCloseTo(1653.94, 2);
    expect(check.errors.errorPercent).toBeCloseTo(-12.12, 2);
    expect(check.errors.mae).toBeCloseTo(abs / summaries.length, 10);
    const direct = (n: number): number => summaries.reduce((sum, s) => sum + published.probabilityOfPurchases(n, s.T), 0);
    expect(check.periodTransactions[0]?.predicted).toBeCloseTo(direct(0), 8);
    expect(check.periodTransactions[2]?.predicted).toBeCloseTo(direct(2), 8);
    expect(check.periodTransactions.map((b) => b.actual)).toEqual([1411, 439, 214, 100, 62, 38, 29, 64]);
    const ones = summaries.filter((s) => s.frequency === 1);
    expect(check.conditionalExpectation[1]?.predicted).toBeCloseTo(ones.reduce((t, s) => t + published.expectedPurchases(39, s), 0) / ones.length, 10);
    expect(check.conditionalExpectation[1]?.actual).toBeCloseTo(ones.reduce((t, s) => t + (s.holdoutFrequency ?? 0), 0) / ones.length, 12);
    // Tracking: week 78 (holdout end) expected Σ E[X(Tᵢ + 39)] by a direct loop; actual 4,339.
    const end = check.tracking[check.tracking.length - 1];
    expect(end?.time).toBe(39);
    expect(end?.expectedCumulative).toBeCloseTo(summaries.reduce((t, s) => t + published.expectedPurchasesNew(s.T + 39), 0), 6);
    expect(end?.expectedCumulative).toBeCloseTo(4166.37, 1);
    expect(end?.actualCumulative).toBe(4339);
    expect(check.tracking.find((p) => p.time === 0)?.actualCumulative).toBe(2457);
  });

  it('Pareto/NBD fitted on the calibration: the same check runs', () => {
    const fit = fitParetoNbd(summaries);
    const check = holdoutCheck(fit, summaries, { holdoutLength: 39, repeatTimes });
    expect(check.model).toBe('Pareto/NBD');
    expect(check.errors.predicted).toBeCloseTo(summaries.reduce((t, s) => t + fit.expectedPurchases(39, s), 0), 6);
    expect(check.errors.predicted).toBeCloseTo(1665.5, 1);
  });
});
