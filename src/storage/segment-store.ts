import type { SegmentAssignment } from '../core/segment.js';

/**
 * The segment operations of the {@link Store}: one current segment per customer, with the date
 * of the classification it came from.
 *
 * - `saveSegments` upserts each assignment (of several for one customer in a batch, the latest
 *   `asOf` counts): a customer without a segment gets it, a later
 *   `asOf` replaces the stored one (all fields: a field absent from the new assignment is gone),
 *   an earlier or equal `asOf` is ignored. Implement it as ONE guarded write per batch
 *   (PostgreSQL: `INSERT … ON CONFLICT (customer_id) DO UPDATE … WHERE stored.as_of < EXCLUDED.as_of`),
 *   so concurrent saves in any order leave the latest. Returns how many were written.
 * - `segmentOf` / `segmentsOf` read the stored segments (copies: mutating them changes nothing);
 *   `segmentsOf` leaves out customers without one.
 * - `eraseSegment` deletes a customer's segment (GDPR erasure) and returns how many rows went (0 or 1).
 *
 * @example
 * ```ts
 * const store = createMemoryStore();
 * await store.segments.saveSegments([{ customerId: 'c1', asOf: new Date('2026-06-30T00:00:00Z'), quadrant: 'star', pAlive: 0.9 }]);
 * (await store.segments.segmentOf('c1'))?.quadrant; // 'star'
 * ```
 */
export interface SegmentStore {
  /** Upsert assignments; a later `asOf` wins (see the interface comment). Returns how many were written. */
  saveSegments(assignments: readonly SegmentAssignment[]): Promise<{ readonly saved: number }>;
  /** The customer's current segment, or undefined. */
  segmentOf(customerId: string): Promise<SegmentAssignment | undefined>;
  /** The current segments of these customers, by customer id (customers without one left out). */
  segmentsOf(customerIds: readonly string[]): Promise<ReadonlyMap<string, SegmentAssignment>>;
  /** Delete the customer's segment (GDPR erasure). */
  eraseSegment(customerId: string): Promise<{ readonly erased: number }>;
}
