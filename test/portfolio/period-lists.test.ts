import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PeriodLists } from '../../src/portfolio/period-lists.js';

// The compact per-customer period lists of a summariser reading input of unknown order, against
// a Set per slot.
describe('PeriodLists', () => {
  const period = fc.oneof(
    fc.integer({ min: 20_000, max: 20_400 }), // days of 2024–2025: 1-byte differences
    fc.integer({ min: -1_000, max: 1_000 }), // around 1970, also before it
    fc.constantFrom(-(2 ** 31), 2 ** 31 - 1, 0, -1), // the Int32 extremes: differences beyond 2³¹
    fc.integer(),
  );

  /** Distinct periods of a slot at or below `boundary`, and above it. */
  const counted = (lists: PeriodLists, slot: number, boundary: number): [number, number] => {
    const into = { below: -1, above: -1 };
    lists.distinct(slot, boundary, into);
    return [into.below, into.above];
  };

  it('counts the distinct periods of each slot on both sides of a boundary, in any order, with slots interleaved, cleared and reused', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.tuple(fc.nat(40), period), fc.tuple(fc.nat(40), fc.constant<'clear'>('clear'))), { maxLength: 600 }),
        period,
        (steps, boundary) => {
          const lists = new PeriodLists();
          const reference = new Map<number, Set<number>>();
          for (const [slot, p] of steps) {
            if (p === 'clear') {
              lists.clear(slot);
              reference.delete(slot);
            } else {
              lists.add(slot, p);
              const set = reference.get(slot) ?? new Set<number>();
              set.add(p);
              reference.set(slot, set);
            }
          }
          for (let slot = 0; slot <= 40; slot++) {
            const set = [...(reference.get(slot) ?? [])];
            expect(counted(lists, slot, boundary)).toEqual([set.filter((p) => p <= boundary).length, set.filter((p) => p > boundary).length]);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('holds long lists that move to bigger blocks many times', () => {
    const lists = new PeriodLists();
    // Slot 0 daily for 3,000 days, slot 1 the same days backwards with each one twice, slot 2 weekly.
    for (let d = 0; d < 3_000; d++) {
      lists.add(0, 19_000 + d);
      lists.add(1, 21_999 - d);
      lists.add(1, 21_999 - d);
      if (d % 7 === 0) lists.add(2, 19_000 + d);
    }
    expect(counted(lists, 0, 19_999)).toEqual([1_000, 2_000]);
    expect(counted(lists, 1, 19_999)).toEqual([1_000, 2_000]);
    expect(counted(lists, 2, 19_999)).toEqual([143, 286]); // days 0, 7, … 994 | 1,001, … 2,996
    expect(counted(lists, 3, 19_999)).toEqual([0, 0]);
    expect(counted(lists, 5_000, 19_999)).toEqual([0, 0]); // a slot never seen
  });

  it('repeats of the latest period cost nothing and count once', () => {
    const lists = new PeriodLists();
    for (let i = 0; i < 10_000; i++) lists.add(7, 20_100);
    lists.add(7, 20_000);
    lists.add(7, 20_100);
    expect(counted(lists, 7, 20_050)).toEqual([1, 1]);
  });
});
