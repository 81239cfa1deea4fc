import { FidelisError } from '../core/errors.js';
import type { CustomerSummary } from './summary.js';

/**
 * The named RFM segments, from the recency score R and the frequency score F (the classic
 * R × F grid; M is reported but does not change the segment):
 *
 * | segment | R | F | what to do |
 * | --- | --- | --- | --- |
 * | `champions` | 5 | 4–5 | reward, ask for referrals |
 * | `loyal` | 3–4 | 4–5 | up-sell, loyalty programme |
 * | `potential-loyalists` | 4–5 | 2–3 | membership, recommendations |
 * | `new` | 5 | 1 | onboarding |
 * | `promising` | 4 | 1 | build the relationship |
 * | `need-attention` | 3 | 3 | limited-time offers |
 * | `about-to-sleep` | 3 | 1–2 | reactivate with relevant products |
 * | `cannot-lose` | 1–2 | 5 | win back personally |
 * | `at-risk` | 1–2 | 3–4 | personalised reactivation |
 * | `hibernating` | 1–2 | 1–2 | low-cost offers or let go |
 *
 * @example
 * ```ts
 * import type { RfmSegment } from 'fidelis';
 * const s: RfmSegment = 'at-risk';
 * ```
 */
export type RfmSegment =
  | 'champions'
  | 'loyal'
  | 'potential-loyalists'
  | 'new'
  | 'promising'
  | 'need-attention'
  | 'about-to-sleep'
  | 'cannot-lose'
  | 'at-risk'
  | 'hibernating';

/**
 * Every segment, in the order of the table of {@link RfmSegment} (best first).
 *
 * @example
 * ```ts
 * import { RFM_SEGMENTS } from 'fidelis';
 * RFM_SEGMENTS.length; // 10
 * ```
 */
export const RFM_SEGMENTS = [
  'champions',
  'loyal',
  'potential-loyalists',
  'new',
  'promising',
  'need-attention',
  'about-to-sleep',
  'cannot-lose',
  'at-risk',
  'hibernating',
] as const satisfies readonly RfmSegment[];

/**
 * One customer's RFM scores (1 = lowest fifth, 5 = highest) and segment.
 *
 * @example
 * ```ts
 * import type { RfmScore } from 'fidelis';
 * const s: RfmScore = { customerId: 'a', recency: 5, frequency: 4, monetary: 3, code: '543', total: 12, segment: 'champions' };
 * ```
 */
export interface RfmScore {
  /** The customer's id. */
  readonly customerId: string;
  /** Recency score: 5 = bought most recently (smallest T − recency). */
  readonly recency: number;
  /** Frequency score: 5 = most repeat purchases. */
  readonly frequency: number;
  /** Monetary score: 5 = highest value per purchase (or total value, see options). */
  readonly monetary: number;
  /** The three scores as a code, e.g. `'543'`. */
  readonly code: string;
  /** recency + frequency + monetary, 3–15. */
  readonly total: number;
  /** The named segment (see {@link RfmSegment}). */
  readonly segment: RfmSegment;
}

/**
 * Options of {@link rfmScores}.
 *
 * @example
 * ```ts
 * import type { RfmOptions } from 'fidelis';
 * const o: RfmOptions = { monetary: 'total' };
 * ```
 */
export interface RfmOptions {
  /** M from the mean value per purchase period (`'average'`, default) or the total value (`'total'`). */
  readonly monetary?: 'average' | 'total';
}

/**
 * Quantile scores 1–5 of `values`: score = 1 + ⌊5 · (number of values strictly smaller) / n⌋.
 * Equal values always get the same score (the score of the first of them in sorted order), so
 * the result does not depend on the input order; when many customers tie (one-time buyers) a
 * score may be skipped.
 *
 * @example
 * ```ts
 * import { quintileScores } from 'fidelis';
 * quintileScores([10, 20, 30, 40, 50]); // [1, 2, 3, 4, 5]
 * quintileScores([0, 0, 0, 7]);         // [1, 1, 1, 4]
 * ```
 */
export function quintileScores(values: ArrayLike<number>): number[] {
  const n = values.length;
  const sorted = Float64Array.from(values).sort();
  const scores = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    // Lower bound: number of values strictly below v.
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((sorted[mid] as number) < v) lo = mid + 1;
      else hi = mid;
    }
    scores[i] = 1 + Math.floor((5 * lo) / n);
  }
  return scores;
}

/**
 * The segment of a recency score and a frequency score (see the table of {@link RfmSegment}).
 *
 * @example
 * ```ts
 * import { rfmSegment } from 'fidelis';
 * rfmSegment(5, 5); // 'champions'
 * rfmSegment(1, 4); // 'at-risk'
 * ```
 */
export function rfmSegment(recency: number, frequency: number): RfmSegment {
  if (recency <= 2) return frequency === 5 ? 'cannot-lose' : frequency >= 3 ? 'at-risk' : 'hibernating';
  if (recency === 3) return frequency >= 4 ? 'loyal' : frequency === 3 ? 'need-attention' : 'about-to-sleep';
  if (frequency >= 4) return recency === 5 ? 'champions' : 'loyal';
  if (frequency >= 2) return 'potential-loyalists';
  return recency === 5 ? 'new' : 'promising';
}

/**
 * RFM scores of customer summaries, in input order: R from the time since the last purchase
 * (T − recency; more recent scores higher), F from `frequency`, M from the mean value per
 * purchase period (`totalValue / purchaseCount`) or the total value; each scored by
 * {@link quintileScores} (ties share a score, independent of order), then named by
 * {@link rfmSegment}.
 *
 * @example
 * ```ts
 * import { rfmScores } from 'fidelis';
 * const [best] = rfmScores(summaries);
 * best.segment; // e.g. 'champions'
 * ```
 */
export function rfmScores(summaries: readonly CustomerSummary[], options: RfmOptions = {}): RfmScore[] {
  const n = summaries.length;
  if (n === 0) throw new FidelisError('INSUFFICIENT_DATA', 'summaries: RFM scores need at least one customer', {});
  const r = new Float64Array(n);
  const f = new Float64Array(n);
  const m = new Float64Array(n);
  const total = options.monetary === 'total';
  for (let i = 0; i < n; i++) {
    const s = summaries[i] as CustomerSummary;
    r[i] = s.recency - s.T;
    f[i] = s.frequency;
    m[i] = total ? s.totalValue : s.purchaseCount > 0 ? s.totalValue / s.purchaseCount : 0;
    if (!Number.isFinite(r[i] as number) || !Number.isFinite(f[i] as number) || !Number.isFinite(m[i] as number)) {
      throw new FidelisError('VALIDATION_FAILED', `summaries[${i}]: recency, T, frequency and totalValue must be finite numbers`, {
        issues: [{ path: `summaries[${i}]`, message: 'recency, T, frequency and totalValue must be finite numbers' }],
      });
    }
  }
  const rs = quintileScores(r);
  const fs = quintileScores(f);
  const ms = quintileScores(m);
  return summaries.map((s, i) => {
    const recency = rs[i] as number;
    const frequency = fs[i] as number;
    const monetary = ms[i] as number;
    return {
      customerId: s.customerId,
      recency,
      frequency,
      monetary,
      code: `${recency}${frequency}${monetary}`,
      total: recency + frequency + monetary,
      segment: rfmSegment(recency, frequency),
    };
  });
}
