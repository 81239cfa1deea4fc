import { FidelisError } from '../../core/errors.js';
import { endOfLocalDate } from '../../core/time.js';
import { createPeriodIndexer } from '../purchase-periods.js';
import type { Transaction } from '../summarize-options.js';

/**
 * Options of {@link repeatPurchaseTimes}: the calibration end and the holdout end (`YYYY-MM-DD`
 * local days, as in {@link SummarizeOptions}), the time unit and the zone of the summaries the
 * check compares with.
 *
 * @example
 * ```ts
 * import type { RepeatPurchaseTimesOptions } from 'fidelis';
 * const o: RepeatPurchaseTimesOptions = { calibrationEnd: '1997-09-30', holdoutEnd: '1998-06-30', timeUnit: 'week' };
 * ```
 */
export interface RepeatPurchaseTimesOptions {
  /** Last day of the calibration period (`YYYY-MM-DD`). */
  readonly calibrationEnd: string;
  /** Last day of the holdout period (`YYYY-MM-DD`). */
  readonly holdoutEnd: string;
  /** Unit of the times (default `'day'`, as the summaries'). */
  readonly timeUnit?: 'day' | 'week';
  /** What a local day is (default `'UTC'`). */
  readonly timeZone?: string;
}

/**
 * When the calibration cohort made its repeat purchases: for every customer whose first
 * purchase is on or before `calibrationEnd`, each later purchase day (several purchases on one
 * day count once, as in the summaries with `period: 'day'`) up to `holdoutEnd`, as a time
 * relative to the calibration end in `timeUnit` (negative or zero in calibration, positive in
 * the holdout), sorted. These are the actual figures of the tracking check of
 * {@link holdoutCheck}: the count of times ≤ 0 is the cohort's summed `frequency`, the count
 * above 0 the summed `holdoutFrequency`.
 *
 * @example
 * ```ts
 * import { repeatPurchaseTimes } from 'fidelis';
 * const at = (d: string) => ({ customerId: 'a', at: new Date(`${d}T12:00:00Z`), amount: 1 });
 * await repeatPurchaseTimes([at('1997-01-01'), at('1997-01-08'), at('1997-10-07')], { calibrationEnd: '1997-09-30', holdoutEnd: '1998-06-30', timeUnit: 'week' });
 * // Float64Array [-38, 1]
 * ```
 */
export async function repeatPurchaseTimes(
  transactions: Iterable<Transaction> | AsyncIterable<Transaction>,
  options: RepeatPurchaseTimesOptions,
): Promise<Float64Array> {
  const zone = options.timeZone ?? 'UTC';
  const unit = options.timeUnit === 'week' ? 7 : 1;
  const days = createPeriodIndexer('day', zone);
  const dayOf = (text: string, field: string): number => {
    try {
      return days.index(endOfLocalDate(text, zone).getTime());
    } catch (error) {
      throw new FidelisError('VALIDATION_FAILED', `${field}: "${text}" is not a date YYYY-MM-DD`, { issues: [{ path: field, message: 'must be a date YYYY-MM-DD' }] });
    }
  };
  const c = dayOf(options.calibrationEnd, 'calibrationEnd');
  const h = dayOf(options.holdoutEnd, 'holdoutEnd');
  if (!(h > c)) {
    throw new FidelisError('VALIDATION_FAILED', `holdoutEnd: ${options.holdoutEnd} is not after calibrationEnd ${options.calibrationEnd}`, {
      issues: [{ path: 'holdoutEnd', message: 'must be after calibrationEnd' }],
    });
  }
  const byCustomer = new Map<string, number[]>();
  for await (const t of transactions) {
    const d = days.index(t.at.getTime());
    if (d > h) continue;
    const list = byCustomer.get(t.customerId);
    if (list === undefined) byCustomer.set(t.customerId, [d]);
    else list.push(d);
  }
  const out: number[] = [];
  for (const list of byCustomer.values()) {
    list.sort((a, b) => a - b);
    if ((list[0] as number) > c) continue; // not in the calibration cohort
    for (let i = 1; i < list.length; i++) if (list[i] !== list[i - 1]) out.push(((list[i] as number) - c) / unit);
  }
  return Float64Array.from(out).sort();
}
