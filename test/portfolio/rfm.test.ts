import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CustomerSummary, quintileScores, RFM_SEGMENTS, rfmScores, rfmSegment } from '../../src/index.js';

function summary(customerId: string, frequency: number, recency: number, T: number, totalValue: number): CustomerSummary {
  return { customerId, frequency, recency, T, monetaryValue: 0, totalValue, purchaseCount: frequency + 1 };
}

// R value = recency − T, M = totalValue / purchaseCount (worked out in the comments).
const CUSTOMERS = [
  summary('c0', 0, 0, 10, 10), //  R −10, M 10
  summary('c1', 0, 0, 20, 20), //  R −20, M 20
  summary('c2', 0, 0, 30, 5), //   R −30, M 5
  summary('c3', 0, 0, 40, 40), //  R −40, M 40
  summary('c4', 0, 0, 50, 0), //   R −50, M 0
  summary('c5', 0, 0, 60, 60), //  R −60, M 60
  summary('c6', 1, 30, 35, 70), // R −5,  M 35
  summary('c7', 1, 10, 45, 16), // R −35, M 8
  summary('c8', 2, 50, 52, 90), // R −2,  M 30
  summary('c9', 5, 80, 80, 600), // R 0,  M 100
];

describe('rfmScores', () => {
  it('scores and segments worked out by hand (score = 1 + ⌊5 · below / n⌋)', () => {
    const scores = rfmScores(CUSTOMERS);
    // R sorted: c5 c4 c3 c7 c2 c1 c0 c6 c8 c9 → below 0..9 → 1 1 2 2 3 3 4 4 5 5.
    // F: six zeros (below 0 → 1), two ones (below 6 → 4), 2 and 5 (below 8, 9 → 5).
    // M sorted: c4 c2 c7 c0 c1 c8 c6 c3 c5 c9 → 1 1 2 2 3 3 4 4 5 5.
    expect(scores.map((s) => [s.customerId, s.code, s.total, s.segment])).toEqual([
      ['c0', '412', 7, 'promising'],
      ['c1', '313', 7, 'about-to-sleep'],
      ['c2', '311', 5, 'about-to-sleep'],
      ['c3', '214', 7, 'hibernating'],
      ['c4', '111', 3, 'hibernating'],
      ['c5', '115', 7, 'hibernating'],
      ['c6', '444', 12, 'loyal'],
      ['c7', '242', 8, 'at-risk'],
      ['c8', '553', 13, 'champions'],
      ['c9', '555', 15, 'champions'],
    ]);
    expect(scores[6]).toEqual({ customerId: 'c6', recency: 4, frequency: 4, monetary: 4, code: '444', total: 12, segment: 'loyal' });
  });

  it("monetary 'total' scores the total value", () => {
    // Totals sorted: c4 0, c2 5, c0 10, c7 16, c1 20, c3 40, c5 60, c6 70, c8 90, c9 600.
    expect(rfmScores(CUSTOMERS, { monetary: 'total' }).map((s) => s.monetary)).toEqual([2, 3, 1, 3, 1, 4, 4, 2, 5, 5]);
  });

  it('ties share a score whatever the input order', () => {
    expect(quintileScores([0, 0, 0, 0, 0, 0, 1, 1, 2, 5])).toEqual([1, 1, 1, 1, 1, 1, 4, 4, 5, 5]);
    expect(quintileScores([7, 7, 7])).toEqual([1, 1, 1]);
    expect(quintileScores([3])).toEqual([1]);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 40 }), (values) => {
        const scores = quintileScores(values);
        const reversed = quintileScores([...values].reverse()).reverse();
        expect(reversed).toEqual(scores);
        for (let i = 0; i < values.length; i++) {
          expect(scores[i]).toBeGreaterThanOrEqual(1);
          expect(scores[i]).toBeLessThanOrEqual(5);
          for (let j = 0; j < values.length; j++) {
            if ((values[i] as number) < (values[j] as number)) expect(scores[i]).toBeLessThanOrEqual(scores[j] as number);
            if (values[i] === values[j]) expect(scores[i]).toBe(scores[j]);
          }
        }
      }),
    );
  });

  it('the segment grid covers every (R, F) pair as the documented table says', () => {
    const table: Record<string, string> = {};
    const put = (rs: number[], fs: number[], segment: string): void => {
      for (const r of rs) for (const f of fs) table[`${r}${f}`] = segment;
    };
    put([5], [4, 5], 'champions');
    put([3, 4], [4, 5], 'loyal');
    put([4, 5], [2, 3], 'potential-loyalists');
    put([5], [1], 'new');
    put([4], [1], 'promising');
    put([3], [3], 'need-attention');
    put([3], [1, 2], 'about-to-sleep');
    put([1, 2], [5], 'cannot-lose');
    put([1, 2], [3, 4], 'at-risk');
    put([1, 2], [1, 2], 'hibernating');
    expect(Object.keys(table)).toHaveLength(25);
    for (let r = 1; r <= 5; r++) for (let f = 1; f <= 5; f++) expect(rfmSegment(r, f)).toBe(table[`${r}${f}`]);
    expect(new Set(Object.values(table))).toEqual(new Set(RFM_SEGMENTS));
  });

  it('bad input', () => {
    expect(() => rfmScores([])).toThrow(expect.objectContaining({ code: 'INSUFFICIENT_DATA' }));
    expect(() => rfmScores([summary('x', 0, Number.NaN, 1, 1)])).toThrow(/summaries\[0\]/);
  });
});
