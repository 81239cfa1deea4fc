import type { RfmTriple } from './summary.js';

/**
 * What a fitted buy-till-you-die model (BG/NBD or Pareto/NBD) predicts: purchases of a known
 * customer given their history, the probability they are still active, and purchases of a
 * newly acquired customer. Times are in the unit of the summaries the model was fitted on.
 *
 * @example
 * ```ts
 * import { bgNbdModel } from 'fidelis';
 * const model = bgNbdModel({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 });
 * model.expectedPurchases(39, { frequency: 2, recency: 30.43, T: 38.86 }); // ≈ 1.23
 * ```
 */
export interface TransactionModel {
  /** The model's name, 'BG/NBD' or 'Pareto/NBD'. */
  readonly model: string;
  /** Expected purchases in the next `t` time units of a customer with this history. */
  expectedPurchases(t: number, summary: RfmTriple): number;
  /** Probability that a customer with this history is still active at the end of calibration. */
  probabilityAlive(summary: RfmTriple): number;
  /** Expected purchases in the first `t` time units after a new customer's first purchase (the first not counted). */
  expectedPurchasesNew(t: number): number;
  /** Probability that a new customer makes exactly `n` repeat purchases in their first `t` time units. */
  probabilityOfPurchases(n: number, t: number): number;
  /** Log-likelihood of one customer's (x, t_x, T) under the model. */
  customerLogLikelihood(summary: RfmTriple): number;
}
