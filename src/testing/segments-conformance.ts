import { describe, expect, it } from 'vitest';
import type { SegmentAssignment } from '../core/segment.js';
import type { StoreFactory } from './conformance.js';
import { withStore } from './with-store.js';

const day = (d: string): Date => new Date(`${d}T00:00:00Z`);
const star = (asOf: string, over: Partial<SegmentAssignment> = {}): SegmentAssignment => ({
  customerId: 'c1',
  asOf: day(asOf),
  quadrant: 'star',
  rfm: 'champions',
  clv: '120.50',
  pAlive: 0.93,
  labels: ['wine', 'vip'],
  ...over,
});

/**
 * The segments part of the Store conformance suite: `saveSegments` upserts per customer (a later
 * `asOf` replaces every field, an earlier or equal one is ignored, also inside one batch),
 * `segmentOf` / `segmentsOf` read copies, 20 concurrent saves in any order leave the latest,
 * `eraseSegment` deletes.
 *
 * @example
 * ```ts
 * describeSegmentConformance(async () => createMemoryStore());
 * ```
 */
export function describeSegmentConformance(factory: StoreFactory): void {
  describe('segments', () => {
    it('saves a segment and reads it back, field for field', async () => {
      await withStore(factory, async (store) => {
        expect(await store.segments.saveSegments([star('2026-06-30')])).toEqual({ saved: 1 });
        expect(await store.segments.segmentOf('c1')).toEqual(star('2026-06-30'));
        expect(await store.segments.segmentOf('c2')).toBeUndefined();
        await store.segments.saveSegments([{ customerId: 'c2', asOf: day('2026-06-30') }]);
        expect(await store.segments.segmentOf('c2')).toEqual({ customerId: 'c2', asOf: day('2026-06-30') });
      });
    });

    it('a later asOf replaces the whole segment; an earlier or equal one is ignored', async () => {
      await withStore(factory, async (store) => {
        await store.segments.saveSegments([star('2026-06-30')]);
        expect(await store.segments.saveSegments([star('2026-05-31', { quadrant: 'profit' }), star('2026-06-30', { quadrant: 'selection' })])).toEqual({ saved: 0 });
        expect((await store.segments.segmentOf('c1'))?.quadrant).toBe('star');
        expect(await store.segments.saveSegments([{ customerId: 'c1', asOf: day('2026-07-31'), quadrant: 'question-mark', pAlive: 0.2 }])).toEqual({ saved: 1 });
        expect(await store.segments.segmentOf('c1')).toEqual({ customerId: 'c1', asOf: day('2026-07-31'), quadrant: 'question-mark', pAlive: 0.2 });
      });
    });

    it('inside one batch the latest asOf of a customer wins', async () => {
      await withStore(factory, async (store) => {
        const saved = await store.segments.saveSegments([star('2026-05-31', { quadrant: 'profit' }), star('2026-07-31', { quadrant: 'selection' }), star('2026-06-30')]);
        expect(saved).toEqual({ saved: 1 });
        expect((await store.segments.segmentOf('c1'))?.quadrant).toBe('selection');
      });
    });

    it('segmentsOf gives the customers that have one, as copies', async () => {
      await withStore(factory, async (store) => {
        await store.segments.saveSegments([star('2026-06-30'), star('2026-06-30', { customerId: 'c3', quadrant: 'profit', labels: [] })]);
        const found = await store.segments.segmentsOf(['c1', 'c2', 'c3']);
        expect([...found.keys()].sort()).toEqual(['c1', 'c3']);
        expect(found.get('c3')).toEqual(star('2026-06-30', { customerId: 'c3', quadrant: 'profit', labels: [] }));
        expect((await store.segments.segmentsOf([])).size).toBe(0);
        (found.get('c1')?.labels as string[]).push('mutated');
        expect((await store.segments.segmentOf('c1'))?.labels).toEqual(['wine', 'vip']);
      });
    });

    it('20 concurrent saves of one customer in scrambled order leave the latest', async () => {
      await withStore(factory, async (store) => {
        const months = Array.from({ length: 20 }, (_, i) => `2026-${String((i % 12) + 1).padStart(2, '0')}-${String(Math.floor(i / 12) + 10)}`);
        const scrambled = months.map((_, i) => months[(i * 7) % 20] as string);
        await Promise.all(scrambled.map((d) => store.segments.saveSegments([star(d, { clv: d })])));
        const latest = [...months].sort().at(-1) as string;
        expect(await store.segments.segmentOf('c1')).toEqual(star(latest, { clv: latest }));
      });
    });

    it('eraseSegment deletes it, once', async () => {
      await withStore(factory, async (store) => {
        await store.segments.saveSegments([star('2026-06-30'), star('2026-06-30', { customerId: 'c2' })]);
        expect(await store.segments.eraseSegment('c1')).toEqual({ erased: 1 });
        expect(await store.segments.eraseSegment('c1')).toEqual({ erased: 0 });
        expect(await store.segments.segmentOf('c1')).toBeUndefined();
        expect((await store.segments.segmentOf('c2'))?.quadrant).toBe('star');
      });
    });
  });
}
