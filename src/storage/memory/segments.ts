import type { SegmentAssignment } from '../../core/segment.js';
import { latestPerCustomer } from '../latest-segments.js';
import type { SegmentStore } from '../segment-store.js';

const copy = (a: SegmentAssignment): SegmentAssignment => ({
  ...a,
  asOf: new Date(a.asOf.getTime()),
  ...(a.labels === undefined ? {} : { labels: [...a.labels] }),
});

/**
 * The in-memory implementation of {@link SegmentStore}: one map by customer id; each
 * operation runs without an await inside, so it is atomic in one process.
 *
 * @example
 * ```ts
 * const part = createMemorySegmentStore();
 * await part.saveSegments([{ customerId: 'c1', asOf: new Date('2026-06-30T00:00:00Z'), quadrant: 'star' }]);
 * ```
 */
export function createMemorySegmentStore(): SegmentStore {
  const byCustomer = new Map<string, SegmentAssignment>();
  return {
    async saveSegments(assignments) {
      let saved = 0;
      for (const a of latestPerCustomer(assignments)) {
        const stored = byCustomer.get(a.customerId);
        if (stored !== undefined && stored.asOf.getTime() >= a.asOf.getTime()) continue;
        byCustomer.set(a.customerId, copy(a));
        saved += 1;
      }
      return { saved };
    },
    async segmentOf(customerId) {
      const stored = byCustomer.get(customerId);
      return stored === undefined ? undefined : copy(stored);
    },
    async segmentsOf(customerIds) {
      const out = new Map<string, SegmentAssignment>();
      for (const id of customerIds) {
        const stored = byCustomer.get(id);
        if (stored !== undefined) out.set(id, copy(stored));
      }
      return out;
    },
    async eraseSegment(customerId) {
      return { erased: byCustomer.delete(customerId) ? 1 : 0 };
    },
  };
}
