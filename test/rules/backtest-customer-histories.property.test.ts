import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Order, Return } from '../../src/core/schemas.js';
import { customerHistories } from '../../src/rules/backtest/customer-histories.js';

// Regrouping by customer keeps every order and matched return once, each customer's in the
// order given (time order), and counts the returns that name no order.
describe('customerHistories', () => {
  it('is each customer’s own orders and returns, in the given order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 30 }), fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 15 }), (customers, named) => {
        const orders = customers.map((c, i) => ({ id: `o${i}`, customerId: `c${c}` }) as unknown as Order);
        const returns = named.map((k, index) => ({ ret: { id: `r${index}`, orderId: `o${k}` } as unknown as Return, index }));
        const g = customerHistories(orders, returns);
        const ids = [...new Set(orders.map((o) => o.customerId))];
        expect(g.orderStarts.length).toBe(ids.length + 1);
        expect(g.returnStarts.length).toBe(ids.length + 1);
        ids.forEach((id, c) => {
          expect(g.orders.slice(g.orderStarts[c], g.orderStarts[c + 1])).toEqual(orders.filter((o) => o.customerId === id));
          const mine = new Set(orders.filter((o) => o.customerId === id).map((o) => o.id));
          expect(g.returns.slice(g.returnStarts[c], g.returnStarts[c + 1])).toEqual(returns.filter((r) => mine.has(r.ret.orderId)));
        });
        expect(g.unmatched).toBe(returns.filter((r) => !orders.some((o) => o.id === r.ret.orderId)).length);
        expect(g.returns.length + g.unmatched).toBe(returns.length);
      }),
      { numRuns: 300 },
    );
  });
});
