import { describe, expect, it } from 'vitest';
import { isFidelisError } from '../core/errors.js';
import { balanceAt } from '../rules/ledger/balance.js';
import { planBurn } from '../rules/ledger/burn.js';
import type { EarnEntry, LedgerEntry } from '../rules/ledger/entry.js';
import { deriveLedger } from '../rules/ledger/state.js';
import type { Store } from '../storage/store.js';
import type { StoreFactory } from './conformance.js';
import { withStore } from './with-store.js';

const AT = new Date('2026-03-01T10:00:00.000Z');

function earn(customerId: string, id: string, points: number, orderId?: string): EarnEntry {
  return {
    kind: 'earn',
    id,
    customerId,
    at: AT,
    points,
    activatesAt: AT,
    expiresAt: new Date('2026-12-31T22:59:59.999Z'),
    source:
      orderId === undefined
        ? { type: 'bonus', bonus: 'test', reference: id }
        : { type: 'order', orderId, programId: 'p', lines: [{ lineId: 'l1', quantity: 2, points }] },
  };
}

/** One burn as the engine does it: load, plan with the pure ledger, append guarded by version; retry when stale. */
async function burnWithRetry(store: Store, customerId: string, points: number, key: string): Promise<'burned' | 'insufficient'> {
  let n = 0;
  for (let attempt = 0; attempt < 1000; attempt++) {
    const snap = await store.loadLedger(customerId);
    let entry: LedgerEntry;
    try {
      entry = planBurn(deriveLedger(snap.entries), points, key, { customerId, at: AT, newId: () => `${key}-${++n}` });
    } catch (e) {
      if (isFidelisError(e, 'INSUFFICIENT_POINTS')) return 'insufficient';
      throw e;
    }
    const r = await store.appendLedger({ customerId, entries: [entry], expectedVersion: snap.version, idempotencyKey: key, requestHash: `burn:${points}`, result: { burned: points } });
    if (r.status === 'applied' || r.status === 'replayed') return 'burned';
  }
  throw new Error('burn did not converge');
}

/**
 * The ledger part of the Store conformance suite: append order and versions, idempotency keys
 * (replay, CONFLICT), claims (one order earns once), compare-and-set (stale), 100 concurrent
 * appends of one order, concurrent burns on one balance, shared budgets, order records, paging, erasure.
 *
 * @example
 * ```ts
 * describeLedgerConformance(async () => createMemoryStore());
 * ```
 */
export function describeLedgerConformance(factory: StoreFactory): void {
  describe('ledger', () => {
    it('starts empty and appends in order, bumping the version; dates and fields round-trip', async () => {
      await withStore(factory, async (store) => {
        expect(await store.loadLedger('c1')).toEqual({ customerId: 'c1', entries: [], version: 0 });
        const a = earn('c1', 'e1', 100, 'o1');
        const b = earn('c1', 'e2', 5);
        expect(await store.appendLedger({ customerId: 'c1', entries: [a, b], expectedVersion: 0 })).toEqual({ status: 'applied', version: 2 });
        const snap = await store.loadLedger('c1');
        expect(snap.version).toBe(2);
        expect(snap.entries).toEqual([a, b]);
        expect(snap.entries[0]?.at).toBeInstanceOf(Date);
        expect((await store.loadLedger('c2')).version).toBe(0);
      });
    });

    it('replays an idempotency key with the first result and writes nothing', async () => {
      await withStore(factory, async (store) => {
        const req = { customerId: 'c1', entries: [earn('c1', 'e1', 10)], expectedVersion: 0, idempotencyKey: 'k1', requestHash: 'h1', result: { points: 10 } };
        expect((await store.appendLedger(req)).status).toBe('applied');
        expect(await store.appendLedger({ ...req, entries: [earn('c1', 'e9', 10)], expectedVersion: 1 })).toEqual({ status: 'replayed', result: { points: 10 } });
        expect((await store.loadLedger('c1')).version).toBe(1);
        expect(await store.findIdempotencyKey('k1')).toEqual({ requestHash: 'h1', result: { points: 10 } });
        expect(await store.findIdempotencyKey('k2')).toBeUndefined();
      });
    });

    it('rejects the same key with a different request hash with CONFLICT, writing nothing', async () => {
      await withStore(factory, async (store) => {
        await store.appendLedger({ customerId: 'c1', entries: [earn('c1', 'e1', 10)], expectedVersion: 0, idempotencyKey: 'k1', requestHash: 'h1', result: 1 });
        const err = await store
          .appendLedger({ customerId: 'c1', entries: [earn('c1', 'e2', 20)], expectedVersion: 1, idempotencyKey: 'k1', requestHash: 'h2', result: 2 })
          .then(() => undefined, (e: unknown) => e);
        expect(isFidelisError(err, 'CONFLICT')).toBe(true);
        expect((await store.loadLedger('c1')).version).toBe(1);
      });
    });

    it('reports a taken claim with the result of the append that took it, writing nothing', async () => {
      await withStore(factory, async (store) => {
        const order = { orderId: 'o1', customerId: 'c1', programId: 'p', placedAt: AT, lotId: 'e1' };
        await store.appendLedger({ customerId: 'c1', entries: [earn('c1', 'e1', 10, 'o1')], expectedVersion: 0, idempotencyKey: 'k1', requestHash: 'h1', claims: ['order:o1'], orders: [order], result: { first: true } });
        const r = await store.appendLedger({ customerId: 'c1', entries: [earn('c1', 'e2', 10, 'o1')], expectedVersion: 1, idempotencyKey: 'k2', requestHash: 'h2', claims: ['x', 'order:o1'], result: { first: false } });
        expect(r).toEqual({ status: 'claimed', claim: 'order:o1', result: { first: true } });
        expect((await store.loadLedger('c1')).version).toBe(1);
        expect(await store.findIdempotencyKey('k2')).toBeUndefined();
        // the failed append did not take its other claim either
        expect((await store.appendLedger({ customerId: 'c1', entries: [], expectedVersion: 1, claims: ['x'] })).status).toBe('applied');
        expect(await store.findOrder('o1')).toEqual(order);
        expect(await store.findOrder('o2')).toBeUndefined();
      });
    });

    it('refuses a stale expectedVersion (compare-and-set), writing nothing, not even key or claims', async () => {
      await withStore(factory, async (store) => {
        await store.appendLedger({ customerId: 'c1', entries: [earn('c1', 'e1', 10)], expectedVersion: 0 });
        const r = await store.appendLedger({ customerId: 'c1', entries: [earn('c1', 'e2', 10)], expectedVersion: 0, idempotencyKey: 'k', requestHash: 'h', claims: ['c'] });
        expect(r).toEqual({ status: 'stale', version: 1 });
        expect(await store.findIdempotencyKey('k')).toBeUndefined();
        expect((await store.appendLedger({ customerId: 'c1', entries: [], expectedVersion: 1, claims: ['c'] })).status).toBe('applied');
      });
    });

    it('applies exactly one of 100 concurrent appends of the same order under different keys', async () => {
      await withStore(factory, async (store) => {
        const outcomes = await Promise.all(
          Array.from({ length: 100 }, (_, i) =>
            store.appendLedger({ customerId: 'c1', entries: [earn('c1', `e${i}`, 50, 'o1')], expectedVersion: 0, idempotencyKey: `k${i}`, requestHash: 'h', claims: ['order:o1'], result: { i } }),
          ),
        );
        const applied = outcomes.filter((o) => o.status === 'applied');
        expect(applied).toHaveLength(1);
        expect(outcomes.every((o) => o.status === 'applied' || o.status === 'claimed' || o.status === 'stale')).toBe(true);
        const snap = await store.loadLedger('c1');
        expect(snap.version).toBe(1);
        expect(snap.entries.reduce((s, e) => s + e.points, 0)).toBe(50);
      });
    });

    it('applies exactly one of 100 concurrent replays of one key; the others replay its result', async () => {
      await withStore(factory, async (store) => {
        const outcomes = await Promise.all(
          Array.from({ length: 100 }, () =>
            store.appendLedger({ customerId: 'c1', entries: [earn('c1', 'e1', 50, 'o1')], expectedVersion: 0, idempotencyKey: 'same', requestHash: 'h', claims: ['order:o1'], result: { ok: 1 } }),
          ),
        );
        expect(outcomes.filter((o) => o.status === 'applied')).toHaveLength(1);
        for (const o of outcomes) if (o.status !== 'applied') expect(o).toEqual({ status: 'replayed', result: { ok: 1 } });
        expect((await store.loadLedger('c1')).version).toBe(1);
      });
    });

    it('never overdraws under 30 concurrent burns on one balance, and the sums are exact', async () => {
      await withStore(factory, async (store) => {
        await store.appendLedger({ customerId: 'c1', entries: [earn('c1', 'seed1', 600), earn('c1', 'seed2', 400)], expectedVersion: 0 });
        const results = await Promise.all(Array.from({ length: 30 }, (_, i) => burnWithRetry(store, 'c1', 45, `burn-${i}`)));
        const burned = results.filter((r) => r === 'burned').length;
        expect(burned).toBe(22); // 22 × 45 = 990 ≤ 1000 < 23 × 45
        const snap = await store.loadLedger('c1');
        const total = snap.entries.reduce((s, e) => s + e.points, 0);
        expect(total).toBe(1000 - 990);
        const b = balanceAt(deriveLedger(snap.entries), AT);
        expect(b.active).toBe(10);
        expect(b.active + b.pending + b.expiredUnrecorded).toBe(total);
      });
    });

    it('enforces shared budgets atomically', async () => {
      await withStore(factory, async (store) => {
        expect(await store.budgetUsage(['b'])).toEqual({ b: 0 });
        // 30 customers each try to take 10 from a budget of 95: exactly 9 appends fit
        const outcomes = await Promise.all(
          Array.from({ length: 30 }, (_, i) =>
            store.appendLedger({ customerId: `c${i}`, entries: [earn(`c${i}`, `e${i}`, 10)], expectedVersion: 0, budgets: [{ key: 'b', points: 10, limit: 95 }] }),
          ),
        );
        expect(outcomes.filter((o) => o.status === 'applied')).toHaveLength(9);
        for (const o of outcomes) if (o.status !== 'applied') expect(o).toEqual({ status: 'over-budget', key: 'b', used: 90 });
        expect(await store.budgetUsage(['b', 'other'])).toEqual({ b: 90, other: 0 });
        // a refused append writes nothing: neither its entries nor its key nor its claims
        const r = await store.appendLedger({ customerId: 'x', entries: [earn('x', 'ex', 6)], expectedVersion: 0, idempotencyKey: 'kb', requestHash: 'h', claims: ['cb'], budgets: [{ key: 'b', points: 6, limit: 95 }] });
        expect(r).toEqual({ status: 'over-budget', key: 'b', used: 90 });
        expect(await store.findIdempotencyKey('kb')).toBeUndefined();
        expect((await store.loadLedger('x')).version).toBe(0);
        expect((await store.appendLedger({ customerId: 'x', entries: [], expectedVersion: 0, claims: ['cb'], budgets: [{ key: 'b', points: 5, limit: 95 }] })).status).toBe('applied');
        expect(await store.budgetUsage(['b'])).toEqual({ b: 95 });
      });
    });

    it('lists ledger customers in order, paged', async () => {
      await withStore(factory, async (store) => {
        for (const id of ['c3', 'c1', 'c2']) await store.appendLedger({ customerId: id, entries: [earn(id, `e-${id}`, 1)], expectedVersion: 0 });
        expect(await store.listLedgerCustomers(undefined, 2)).toEqual(['c1', 'c2']);
        expect(await store.listLedgerCustomers('c2', 2)).toEqual(['c3']);
        expect(await store.listLedgerCustomers('c3', 2)).toEqual([]);
      });
    });

    it('erases a customer: ledger moved to the anonymous id with the same totals, results scrubbed, replays still do not re-apply', async () => {
      await withStore(factory, async (store) => {
        await store.appendLedger({
          customerId: 'c1', entries: [earn('c1', 'e1', 70, 'o1'), earn('c1', 'e2', 30)], expectedVersion: 0,
          idempotencyKey: 'k1', requestHash: 'h1', claims: ['order:o1'], result: { customerId: 'c1' },
          orders: [{ orderId: 'o1', customerId: 'c1', programId: 'p', placedAt: AT, lotId: 'e1' }],
        });
        expect(await store.eraseLedgerCustomer('c1', 'anon-1')).toBe(2);
        expect(await store.loadLedger('c1')).toEqual({ customerId: 'c1', entries: [], version: 0 });
        const anon = await store.loadLedger('anon-1');
        expect(anon.entries.map((e) => [e.id, e.customerId, e.points])).toEqual([['e1', 'anon-1', 70], ['e2', 'anon-1', 30]]);
        expect((await store.findOrder('o1'))?.customerId).toBe('anon-1');
        expect(await store.findIdempotencyKey('k1')).toEqual({ requestHash: 'h1', result: { erased: true } });
        const again = await store.appendLedger({ customerId: 'c1', entries: [earn('c1', 'e3', 70, 'o1')], expectedVersion: 0, idempotencyKey: 'k9', requestHash: 'h9', claims: ['order:o1'] });
        expect(again).toEqual({ status: 'claimed', claim: 'order:o1', result: { erased: true } });
        expect(await store.eraseLedgerCustomer('c1', 'anon-2')).toBe(0);
        expect(await store.listLedgerCustomers(undefined, 10)).not.toContain('c1');
      });
    });
  });
}
