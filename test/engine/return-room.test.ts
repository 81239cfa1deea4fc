// Returns give back what they take from the rules: cap room (per customer) and stamps on the
// stamp card (issue 13). base: 1 point a euro, at most 100 per customer ever; tea-card: a stamp
// per tea unit, 10 fill a card.
import { describe, expect, it } from 'vitest';
import { createLoyaltyEngine, manualClock, parseProgram } from '../../src/index.js';
import { stampsBack } from '../../src/rules/ledger/reversal.js';
import type { OrderTrack } from '../../src/rules/ledger/state.js';
import { engineBackends } from '../postgres/pglite-store.js';

const tea = { fact: 'line.categories', operator: 'contains', value: 'tea' };
const program = parseProgram({
  id: 'shop', currency: 'EUR', timeZone: 'Europe/Paris',
  earnRules: [
    { id: 'base', kind: 'points-per-unit', rate: '1', caps: { perCustomer: 100 } },
    { id: 'tea-card', kind: 'stamp-card', stampsRequired: 10, stampsPer: 'unit', eligibleLines: tea, reward: { points: 50 } },
  ],
});
const order = (id: string, placedAt: string, lines: { id: string; quantity: number; unitPrice: string; tea?: boolean }[]) => ({
  id, customerId: 'c1', placedAt, currency: 'EUR',
  lines: lines.map((l) => ({ id: l.id, sku: l.id, quantity: l.quantity, unitPrice: l.unitPrice, categories: l.tea === true ? ['tea'] : ['mugs'] })),
});
const backends = engineBackends('return-room');

describe.each(backends)('returns give rules their room back (%s)', (_name, open) => {
  it('2 of 3 teas back: the 40 points they earned are room under the 100 cap again and 2 stamps come off the card', async () => {
    const engine = createLoyaltyEngine({ store: await open(), programs: [program], clock: manualClock(new Date('2026-03-10T10:00:00Z')) });
    // o1: 3 teas × 20 € + a 30 € mug = 90 points, 3 stamps; o2: 2 teas × 10 €: 10 points (the cap's last 10), 5 stamps
    expect(await engine.recordOrder(order('o1', '2026-03-02T10:00:00Z', [{ id: 'l1', quantity: 3, unitPrice: '20.00', tea: true }, { id: 'l2', quantity: 1, unitPrice: '30.00' }]), { idempotencyKey: 'o1' }))
      .toMatchObject({ points: 90, stamps: [{ ruleId: 'tea-card', added: 3, after: 3 }] });
    expect(await engine.recordOrder(order('o2', '2026-03-03T10:00:00Z', [{ id: 'l1', quantity: 2, unitPrice: '10.00', tea: true }]), { idempotencyKey: 'o2' }))
      .toMatchObject({ points: 10, stamps: [{ ruleId: 'tea-card', before: 3, after: 5 }] });
    // r1: 2 of o1's 3 teas: 2/3 of their 60 points = 40 taken back, 2 stamps off the card (5 → 3)
    expect(await engine.recordReturn({ id: 'r1', orderId: 'o1', at: '2026-03-04T10:00:00Z', lines: [{ lineId: 'l1', quantity: 2 }] }, { idempotencyKey: 'r1' }))
      .toMatchObject({ pointsReversed: 40, stampsBack: { 'tea-card': 2 } });
    // o3: one 50 € tea: 40 points of room again (100 − 90 − 10 + 40), the card goes 3 → 4
    expect(await engine.recordOrder(order('o3', '2026-03-05T10:00:00Z', [{ id: 'l1', quantity: 1, unitPrice: '50.00', tea: true }]), { idempotencyKey: 'o3' }))
      .toMatchObject({ points: 40, stamps: [{ ruleId: 'tea-card', before: 3, after: 4 }] });
    // the last tea of o1: 1 stamp more; the mug earns no stamp, so returning it takes none
    expect((await engine.recordReturn({ id: 'r2', orderId: 'o1', at: '2026-03-06T10:00:00Z', lines: [{ lineId: 'l1', quantity: 1 }, { lineId: 'l2', quantity: 1 }] }, { idempotencyKey: 'r2' })).stampsBack)
      .toEqual({ 'tea-card': 1 });
    expect((await engine.previewOrder(order('o4', '2026-03-07T10:00:00Z', [{ id: 'l1', quantity: 1, unitPrice: '1.00', tea: true }]))).stamps).toMatchObject([{ before: 3, after: 4 }]);
  });
});

describe('stampsBack', () => {
  const track = (per: 'order' | 'line' | 'unit', added: number, returned: Record<string, number>, back = 0): OrderTrack => ({
    lotId: 'e1', lines: [], returned: new Map(Object.entries(returned)), reversed: new Map(), returnIds: new Set(), bonusConditions: undefined, bonusesReversed: new Map(),
    stampCards: [{ ruleId: 'card', per, added, lines: { a: 2, b: 1 } }], stampsBack: new Map(back === 0 ? [] : [['card', back]]),
  });
  it('per unit: the returned units; per line: a line once all its units are back; per order: once every eligible unit is back', () => {
    expect(stampsBack(track('unit', 3, {}), new Map([['a', 1]]))).toEqual({ card: 1 });
    expect(stampsBack(track('unit', 3, { a: 1 }, 1), new Map([['a', 1], ['b', 1], ['x', 4]]))).toEqual({ card: 2 });
    expect(stampsBack(track('line', 2, {}), new Map([['a', 1]]))).toEqual({});
    expect(stampsBack(track('line', 2, { a: 1 }), new Map([['a', 1]]))).toEqual({ card: 1 });
    expect(stampsBack(track('order', 1, { a: 2 }), new Map([['b', 1]]))).toEqual({ card: 1 });
    expect(stampsBack(track('order', 1, {}), new Map([['a', 2]]))).toEqual({});
    expect(stampsBack(track('order', 1, { a: 2, b: 1 }, 1), new Map())).toEqual({});
  });
});
