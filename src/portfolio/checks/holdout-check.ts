// Checks of a purchase model fitted on a calibration period against what the customers did
// afterwards (the holdout period), as in Fader, Hardie & Lee (2005), figures 2-4, and the
// plots of lifetimes and BTYD.
import { FidelisError } from '../../core/errors.js';
import type { CustomerSummary } from '../summary.js';
import type { TransactionModel } from '../transaction-model.js';

/**
 * Options of {@link holdoutCheck}.
 *
 * @example
 * ```ts
 * import type { HoldoutCheckOptions } from 'fidelis';
 * const o: HoldoutCheckOptions = { holdoutLength: 39 }; // weeks after the calibration end
 * ```
 */
export interface HoldoutCheckOptions {
  /** Length of the holdout period, in the summaries' time unit (CDNOW: 39 weeks). */
  readonly holdoutLength: number;
  /** The cohort's repeat purchase times relative to the calibration end ({@link repeatPurchaseTimes}); without them the tracking has expected figures only. */
  readonly repeatTimes?: ArrayLike<number>;
  /** Length of one tracking step in time units (default 1: weekly with weekly summaries). */
  readonly step?: number;
  /** The last frequency bucket, which holds that many repeat purchases and more (default 7: 0…6, 7+). */
  readonly maxFrequency?: number;
  /** Number of equal-width P(alive) buckets (default 10). */
  readonly aliveBuckets?: number;
}

/**
 * One calibration-frequency bucket of the conditional-expectation check: customers with
 * `frequency` repeat purchases in calibration (the last bucket: that many or more).
 *
 * @example
 * ```ts
 * import type { FrequencyBucket } from 'fidelis';
 * const b: FrequencyBucket = { frequency: 0, label: '0', customers: 1411, actual: 0.236, predicted: 0.225 };
 * ```
 */
export interface FrequencyBucket {
  /** Repeat purchases in calibration (the lower end of the last bucket). */
  readonly frequency: number;
  /** '0' … '6', '7+'. */
  readonly label: string;
  /** Customers in the bucket. */
  readonly customers: number;
  /** Mean actual holdout purchases (conditional expectation check) or count of customers (period transactions). */
  readonly actual: number;
  /** Mean predicted holdout purchases, or expected count of customers. */
  readonly predicted: number;
}

/**
 * One step of the tracking check: repeat transactions of the cohort up to `time` (relative to
 * the calibration end, in time units; ≤ 0 in calibration) and in the step ending there.
 *
 * @example
 * ```ts
 * import type { TrackingPoint } from 'fidelis';
 * const p: TrackingPoint = { time: 1, actual: 80, expected: 84.2, actualCumulative: 2537, expectedCumulative: 2520.1 };
 * ```
 */
export interface TrackingPoint {
  /** End of the step, relative to the calibration end (0 = the calibration end). */
  readonly time: number;
  /** Actual repeat transactions in the step (NaN without `repeatTimes`). */
  readonly actual: number;
  /** Expected repeat transactions in the step. */
  readonly expected: number;
  /** Actual repeat transactions up to `time` (NaN without `repeatTimes`). */
  readonly actualCumulative: number;
  /** Expected repeat transactions up to `time`. */
  readonly expectedCumulative: number;
}

/**
 * A bucket of predicted P(alive) at the calibration end, with the share of its customers who
 * bought at least once in the holdout. Those alive need not buy in a finite holdout, so the
 * share is below the mean P(alive); both should rise together.
 *
 * @example
 * ```ts
 * import type { AliveBucket } from 'fidelis';
 * const b: AliveBucket = { from: 0.9, to: 1, customers: 1500, meanProbabilityAlive: 0.97, observedActive: 0.31 };
 * ```
 */
export interface AliveBucket {
  /** Lower end of the bucket (included). */
  readonly from: number;
  /** Upper end (excluded; the last bucket includes 1). */
  readonly to: number;
  /** Customers in the bucket. */
  readonly customers: number;
  /** Mean predicted P(alive) of its customers (NaN when empty). */
  readonly meanProbabilityAlive: number;
  /** Share of its customers with a holdout purchase (NaN when empty). */
  readonly observedActive: number;
}

/**
 * Errors of the holdout predictions.
 *
 * @example
 * ```ts
 * import type { HoldoutErrors } from 'fidelis';
 * const e: HoldoutErrors = { actual: 1788, predicted: 1749.3, errorPercent: -2.2, mae: 0.6, rmse: 1.2, trackingMae: 9.1, trackingRmse: 11.2 };
 * ```
 */
export interface HoldoutErrors {
  /** Total actual holdout purchases of the cohort. */
  readonly actual: number;
  /** Total predicted holdout purchases (Σ E[Y(holdout) | history]). */
  readonly predicted: number;
  /** (predicted − actual) / actual × 100: the aggregate error in %. */
  readonly errorPercent: number;
  /** Mean absolute error per customer, |actual − predicted| over customers. */
  readonly mae: number;
  /** Root mean squared error per customer. */
  readonly rmse: number;
  /** Mean absolute error of the holdout steps' incremental repeat transactions (tracking; NaN without `repeatTimes`). */
  readonly trackingMae: number;
  /** Root mean squared error of the holdout steps' incremental repeat transactions (NaN without `repeatTimes`). */
  readonly trackingRmse: number;
}

/**
 * The result of {@link holdoutCheck}.
 *
 * @example
 * ```ts
 * import type { HoldoutCheck } from 'fidelis';
 * const show = (c: HoldoutCheck) => console.log(`${c.model}: aggregate error ${c.errors.errorPercent.toFixed(1)} %`);
 * ```
 */
export interface HoldoutCheck {
  /** The model's name. */
  readonly model: string;
  /** Customers in the calibration cohort. */
  readonly customers: number;
  /** Holdout length in time units. */
  readonly holdoutLength: number;
  /** Mean actual vs predicted holdout purchases by calibration frequency (FHL 2005, figure 4). */
  readonly conditionalExpectation: readonly FrequencyBucket[];
  /** Customers with 0…7+ repeat purchases in calibration: actual count vs Σ P(X(Tᵢ) = n) (FHL 2005, figure 2). */
  readonly periodTransactions: readonly FrequencyBucket[];
  /** Repeat transactions step by step from the first purchase to the holdout end (FHL 2005, figure 3); time 0 is the calibration end. */
  readonly tracking: readonly TrackingPoint[];
  /** Aggregate and per-customer errors of the holdout predictions. */
  readonly errors: HoldoutErrors;
  /** P(alive) calibration: predicted P(alive) buckets vs share active in the holdout. */
  readonly aliveCalibration: readonly AliveBucket[];
}

function invalid(path: string, message: string): FidelisError {
  return new FidelisError('VALIDATION_FAILED', `${path}: ${message}`, { issues: [{ path, message }] });
}

/** Counts of customers by T (the tracking and period-transactions sums depend on T only). */
function countsByAge(summaries: readonly CustomerSummary[]): [Float64Array, Float64Array] {
  const counts = new Map<number, number>();
  for (const s of summaries) counts.set(s.T, (counts.get(s.T) ?? 0) + 1);
  const ages = Float64Array.from(counts.keys()).sort();
  return [ages, Float64Array.from(ages, (T) => counts.get(T) as number)];
}

/**
 * Check a model fitted on calibration summaries against the holdout: the conditional
 * expectation by calibration frequency, the period-transactions table, the tracking of
 * cumulative and incremental repeat transactions step by step (the calibration end at time 0),
 * the aggregate and per-customer errors, and the P(alive) calibration. Every summary needs
 * `holdoutFrequency` (summarise with `calibrationEnd`); a missing one, a holdout length ≤ 0 or
 * no customers is a `VALIDATION_FAILED` naming the field.
 *
 * Expected tracking figures are Σᵢ E[X(Tᵢ + τ)] of new customers (eq. 7 of FHL 2005), whose
 * first purchase was Tᵢ before the calibration end; predicted holdout purchases are
 * E[Y(t) | xᵢ, t_xᵢ, Tᵢ] (eq. 10). Pure: give the actual repeat times from
 * {@link repeatPurchaseTimes} for the actual tracking line.
 *
 * @example
 * ```ts
 * import { fitBgNbd, holdoutCheck, summarizeTransactions } from 'fidelis';
 * const summaries = summarizeTransactions(transactions, { calibrationEnd: '1997-09-30', observationEnd: '1998-06-30', timeUnit: 'week' });
 * const check = holdoutCheck(fitBgNbd(summaries), summaries, { holdoutLength: 39 });
 * check.errors.errorPercent; // aggregate error of the holdout forecast, in %
 * ```
 */
export function holdoutCheck(model: TransactionModel, summaries: readonly CustomerSummary[], options: HoldoutCheckOptions): HoldoutCheck {
  const { holdoutLength } = options;
  const step = options.step ?? 1;
  const maxFrequency = options.maxFrequency ?? 7;
  const aliveBuckets = options.aliveBuckets ?? 10;
  if (!(holdoutLength > 0 && Number.isFinite(holdoutLength))) throw invalid('holdoutLength', `${holdoutLength} is not a positive length (the holdout end must be after the calibration end)`);
  if (!(step > 0 && Number.isFinite(step))) throw invalid('step', `${step} is not a positive length`);
  if (!(Number.isInteger(maxFrequency) && maxFrequency >= 1)) throw invalid('maxFrequency', `${maxFrequency} is not a whole number ≥ 1`);
  if (!(Number.isInteger(aliveBuckets) && aliveBuckets >= 1)) throw invalid('aliveBuckets', `${aliveBuckets} is not a whole number ≥ 1`);
  if (summaries.length === 0) throw invalid('summaries', 'no customers');
  const buckets = maxFrequency + 1;
  const label = (k: number): string => (k === maxFrequency ? `${k}+` : String(k));
  const count = new Float64Array(buckets);
  const actualSum = new Float64Array(buckets);
  const predictedSum = new Float64Array(buckets);
  const alive = { n: new Float64Array(aliveBuckets), p: new Float64Array(aliveBuckets), active: new Float64Array(aliveBuckets) };
  let actual = 0;
  let predicted = 0;
  let absolute = 0;
  let squared = 0;
  for (let i = 0; i < summaries.length; i++) {
    const s = summaries[i] as CustomerSummary;
    const y = s.holdoutFrequency;
    if (y === undefined) throw invalid(`summaries[${i}].holdoutFrequency`, 'is missing: summarise with calibrationEnd to have holdout figures');
    const k = Math.min(s.frequency, maxFrequency);
    const e = model.expectedPurchases(holdoutLength, s);
    count[k] = (count[k] as number) + 1;
    actualSum[k] = (actualSum[k] as number) + y;
    predictedSum[k] = (predictedSum[k] as number) + e;
    actual += y;
    predicted += e;
    absolute += Math.abs(y - e);
    squared += (y - e) ** 2;
    const pa = model.probabilityAlive(s);
    const b = Math.min(aliveBuckets - 1, Math.floor(pa * aliveBuckets));
    alive.n[b] = (alive.n[b] as number) + 1;
    alive.p[b] = (alive.p[b] as number) + pa;
    if (y > 0) alive.active[b] = (alive.active[b] as number) + 1;
  }
  const n = summaries.length;
  const conditionalExpectation = Array.from({ length: buckets }, (_, k) => {
    const c = count[k] as number;
    return { frequency: k, label: label(k), customers: c, actual: c === 0 ? Number.NaN : (actualSum[k] as number) / c, predicted: c === 0 ? Number.NaN : (predictedSum[k] as number) / c };
  });
  const [ages, weights] = countsByAge(summaries);
  const expectedCount = new Float64Array(buckets);
  for (let a = 0; a < ages.length; a++) {
    let below = 0;
    for (let k = 0; k < maxFrequency; k++) {
      const p = model.probabilityOfPurchases(k, ages[a] as number);
      below += p;
      expectedCount[k] = (expectedCount[k] as number) + (weights[a] as number) * p;
    }
    expectedCount[maxFrequency] = (expectedCount[maxFrequency] as number) + (weights[a] as number) * Math.max(0, 1 - below);
  }
  const periodTransactions = Array.from({ length: buckets }, (_, k) => ({ frequency: k, label: label(k), customers: count[k] as number, actual: count[k] as number, predicted: expectedCount[k] as number }));
  const tracking = trackingPoints(model, ages, weights, holdoutLength, step, options.repeatTimes);
  let trackingAbs = 0;
  let trackingSq = 0;
  let holdoutSteps = 0;
  for (const p of tracking) {
    if (p.time <= 0) continue;
    holdoutSteps++;
    trackingAbs += Math.abs(p.actual - p.expected);
    trackingSq += (p.actual - p.expected) ** 2;
  }
  const aliveCalibration = Array.from({ length: aliveBuckets }, (_, b) => {
    const c = alive.n[b] as number;
    return {
      from: b / aliveBuckets,
      to: (b + 1) / aliveBuckets,
      customers: c,
      meanProbabilityAlive: c === 0 ? Number.NaN : (alive.p[b] as number) / c,
      observedActive: c === 0 ? Number.NaN : (alive.active[b] as number) / c,
    };
  });
  return {
    model: model.model,
    customers: n,
    holdoutLength,
    conditionalExpectation,
    periodTransactions,
    tracking,
    errors: {
      actual,
      predicted,
      errorPercent: actual === 0 ? Number.NaN : ((predicted - actual) / actual) * 100,
      mae: absolute / n,
      rmse: Math.sqrt(squared / n),
      trackingMae: holdoutSteps === 0 ? Number.NaN : trackingAbs / holdoutSteps,
      trackingRmse: holdoutSteps === 0 ? Number.NaN : Math.sqrt(trackingSq / holdoutSteps),
    },
    aliveCalibration,
  };
}

/**
 * Steps ending at time 0 (the calibration end) and every `step` before it back to the oldest
 * first purchase, and after it to the holdout end: expected Σ weightᵢ E[X(Tᵢ + τ)], actual the
 * repeat times ≤ τ.
 */
function trackingPoints(
  model: TransactionModel,
  ages: Float64Array,
  weights: Float64Array,
  holdoutLength: number,
  step: number,
  repeatTimes: ArrayLike<number> | undefined,
): TrackingPoint[] {
  const oldest = ages[ages.length - 1] as number;
  const times: number[] = [];
  for (let j = Math.ceil(oldest / step); j >= 1; j--) times.push(-j * step);
  for (let j = 0; j * step < holdoutLength + 1e-9; j++) times.push(Math.min(j * step, holdoutLength));
  if ((times[times.length - 1] as number) < holdoutLength - 1e-9) times.push(holdoutLength);
  const sorted = repeatTimes === undefined ? undefined : Float64Array.from(repeatTimes).sort();
  const out: TrackingPoint[] = [];
  let previous = { actual: 0, expected: 0 };
  let r = 0;
  for (const time of times) {
    let expected = 0;
    for (let a = 0; a < ages.length; a++) {
      const age = (ages[a] as number) + time;
      if (age > 0) expected += (weights[a] as number) * model.expectedPurchasesNew(age);
    }
    let actual = Number.NaN;
    if (sorted !== undefined) {
      while (r < sorted.length && (sorted[r] as number) <= time + 1e-9) r++;
      actual = r;
    }
    out.push({ time, actual: actual - previous.actual, expected: expected - previous.expected, actualCumulative: actual, expectedCumulative: expected });
    previous = { actual, expected };
  }
  return out;
}
