// One customer's figures as a CustomerSummary object, for the summariser and for summary
// columns. Internal to the module.
import type { CustomerSummary } from './summary.js';

/** The numbers of a summary (a scratch record, reused from customer to customer). */
export interface SummaryFigures {
  frequency: number;
  recency: number;
  T: number;
  monetaryValue: number;
  totalValue: number;
  totalMargin: number;
  purchaseCount: number;
  holdoutFrequency: number;
  holdoutValue: number;
}

/**
 * A summary object with `totalMargin` when `margin`, the holdout fields when `holdout`: one
 * object literal per shape (no property added afterwards), so that a million summaries share
 * four hidden classes and stay compact.
 */
export function summaryObject(customerId: string, r: SummaryFigures, margin: boolean, holdout: boolean): CustomerSummary {
  const { frequency, recency, T, monetaryValue, totalValue, purchaseCount } = r;
  if (holdout) {
    const { holdoutFrequency, holdoutValue } = r;
    return margin
      ? { customerId, frequency, recency, T, monetaryValue, totalValue, totalMargin: r.totalMargin, purchaseCount, holdoutFrequency, holdoutValue }
      : { customerId, frequency, recency, T, monetaryValue, totalValue, purchaseCount, holdoutFrequency, holdoutValue };
  }
  return margin
    ? { customerId, frequency, recency, T, monetaryValue, totalValue, totalMargin: r.totalMargin, purchaseCount }
    : { customerId, frequency, recency, T, monetaryValue, totalValue, purchaseCount };
}
