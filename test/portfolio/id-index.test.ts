import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CustomerIds, IdIndex, IdMap } from '../../src/portfolio/id-index.js';

// The summariser's id → slot stores (compact for streams, Map-based for arrays) against a plain Map.
describe.each([
  ['IdIndex', () => new IdIndex()],
  ['IdMap', () => new IdMap()],
] as Array<[string, () => CustomerIds]>)('%s', (_name, make) => {
  const id = fc.oneof(
    fc.constantFrom('', 'a', 'c0000001', '00001', 'ü', 'Müller', 'é'.repeat(3)),
    fc.string({ maxLength: 12 }),
    fc.string({ unit: 'binary', maxLength: 6 }), // any code point, also above U+00FF and astral
    fc.nat(5_000).map((n) => `c${String(n).padStart(7, '0')}`),
  );

  it('numbers ids in order of first sight, finds them again and gives them back exactly', () => {
    fc.assert(
      fc.property(fc.array(id, { maxLength: 400 }), fc.array(id, { maxLength: 20 }), (ids, probes) => {
        const index = make();
        const reference = new Map<string, number>();
        for (const x of ids) {
          if (!reference.has(x)) reference.set(x, reference.size);
          expect(index.slot(x)).toBe(reference.get(x));
        }
        for (const [x, slot] of reference) {
          expect(index.id(slot)).toBe(x);
          expect(index.find(x)).toBe(slot);
        }
        for (const p of probes) expect(index.find(p)).toBe(reference.get(p) ?? -1);
        // After the lookups are released, the ids are still there.
        index.release();
        for (const [x, slot] of reference) expect(index.id(slot)).toBe(x);
      }),
      { numRuns: 200 },
    );
  });

  it('holds a hundred thousand ids and very long ones', () => {
    const index = make();
    for (let i = 0; i < 100_000; i++) expect(index.slot(`customer-${i}`)).toBe(i);
    const long = 'x'.repeat(20_000) + 'ÿ';
    expect(index.slot(long)).toBe(100_000);
    expect(index.id(100_000)).toBe(long);
    expect(index.find('customer-99999')).toBe(99_999);
    expect(index.find('customer-100000')).toBe(-1);
  });
});
