import type { SegmentAssignment } from '../core/segment.js';

/**
 * One assignment per customer out of a batch: the latest `asOf` (the first of equal ones). Both
 * stores reduce a batch with it, so a batch counts what it writes the same way everywhere.
 * Internal to the storage adapters.
 *
 * @example
 * ```ts
 * latestPerCustomer([{ customerId: 'c1', asOf: may }, { customerId: 'c1', asOf: june }]); // [{ customerId: 'c1', asOf: june }]
 * ```
 */
export function latestPerCustomer(assignments: readonly SegmentAssignment[]): SegmentAssignment[] {
  const latest = new Map<string, SegmentAssignment>();
  for (const a of assignments) {
    const seen = latest.get(a.customerId);
    if (seen === undefined || seen.asOf.getTime() < a.asOf.getTime()) latest.set(a.customerId, a);
  }
  return [...latest.values()];
}
