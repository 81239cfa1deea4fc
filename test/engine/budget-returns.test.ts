// A rule's shared budget (caps.budget, all customers) gets back what a return takes from the
// rule, in the return's own append: the room a returned order used is there for the next one.
import { describe, expect, it } from 'vitest';
import { createLoyaltyEngine, manualClock, parseProgram } from '../../src/index.js';
import { engineBackends } from '../postgres/pglite-store.js';

// launch: 1 point per euro, 100 points in all for every customer together
const program = parseProgram({
  id: 'shop',
  currency: 'EUR',
  timeZone: 'Europe/Paris',
  expiry: 'never',
  earnRules: [{ id: 'launch', kind: 'points-per-unit', rate: '1', caps: { budget: 100 } }],
});
const order = (id: string, customerId: string, lines: { id: string; quantity: number; unitPrice: string }[]) => ({
  id,
  customerId,
  placedAt: '2026-03-07T09:00:00Z',
  currency: 'EUR',
  lines: lines.map((l) => ({ ...l, sku: l.id })),
});

const backends = engineBackends('budgetreturns');

describe.each(backends)('returns give budget room back (%s)', (_name, open) => {
  it('70 of 100 used; a return of 1 of 2 × 20 € gives 20 back, so a 40 € order earns 40, not the 30 left before', async () => {
    const store = await open();
    const engine = createLoyaltyEngine({ store, programs: [program], clock: manualClock(new Date('2026-03-07T10:00:00Z')) });
    const first = await engine.recordOrder(order('o1', 'c1', [{ id: 'l1', quantity: 2, unitPrice: '20.00' }, { id: 'l2', quantity: 1, unitPrice: '30.00' }]), { idempotencyKey: 'o1' });
    expect(first.points).toBe(70);
    expect(await store.ledger.budgetUsage(['rule:shop:launch'])).toEqual({ 'rule:shop:launch': 70 });
    const back = await engine.recordReturn({ id: 'r1', orderId: 'o1', at: '2026-03-08T10:00:00Z', lines: [{ lineId: 'l1', quantity: 1 }] }, { idempotencyKey: 'r1' });
    expect(back.pointsReversed).toBe(20);
    expect(await store.ledger.budgetUsage(['rule:shop:launch'])).toEqual({ 'rule:shop:launch': 50 });
    // a replay of the return gives nothing back twice
    await engine.recordReturn({ id: 'r1', orderId: 'o1', at: '2026-03-08T10:00:00Z', lines: [{ lineId: 'l1', quantity: 1 }] }, { idempotencyKey: 'r1' });
    expect(await store.ledger.budgetUsage(['rule:shop:launch'])).toEqual({ 'rule:shop:launch': 50 });
    const second = await engine.recordOrder(order('o2', 'c2', [{ id: 'l1', quantity: 1, unitPrice: '40.00' }]), { idempotencyKey: 'o2' });
    expect(second.points).toBe(40);
    const third = await engine.recordOrder(order('o3', 'c3', [{ id: 'l1', quantity: 1, unitPrice: '40.00' }]), { idempotencyKey: 'o3' });
    expect(third.points).toBe(10); // 90 used: 10 left
    expect(await store.ledger.budgetUsage(['rule:shop:launch'])).toEqual({ 'rule:shop:launch': 100 });
  });
});
