import { describe, expect, it } from 'vitest';
import { isFidelisError } from '../core/errors.js';
import { balanceAt } from '../rules/ledger/balance.js';
import { planBurn } from '../rules/ledger/burn.js';
import type { BurnEntry, EarnEntry, LedgerEntry } from '../rules/ledger/entry.js';
import { activeBalanceWindow, projectionOf, stateFromProjection } from '../rules/ledger/projection.js';
import { applyEntry, deriveLedger } from '../rules/ledger/state.js';
import type { LedgerAppend, LedgerAppendOutcome, LedgerStateWrite } from '../storage/ledger-store.js';
import type { Store } from '../storage/store.js';
import type { StoreFactory } from './conformance.js';
import { withStore } from './with-store.js';

/** The instant of the suites' entries. */
export const AT = new Date('2026-03-01T10:00:00.000Z');

/** An earn entry of the suites: a bonus, or an order's when `orderId` is given. */
export function earn(customerId: string, id: string, points: number, orderId?: string): EarnEntry {
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

type LedgerHost = Pick<Store, 'ledger'>;

/** A customer with no ledger, as `readCustomer` reads it (no revision: `null`, or absent for a store without them). */
async function expectNoLedger(store: LedgerHost, customerId: string): Promise<void> {
  const read = await store.ledger.readCustomer({ customerId });
  const { revision, ...rest } = read;
  expect(rest).toEqual({ customerId, version: 0, projection: undefined, tail: [] });
  expect(revision ?? null).toBeNull();
}

/** Every entry of a customer. */
async function entriesOf(store: LedgerHost, customerId: string): Promise<readonly LedgerEntry[]> {
  return (await store.ledger.ledgerEntries(customerId)).entries;
}

/** The state after `planned` on top of what is stored, as the engine writes it. */
export async function stateAfter(store: LedgerHost, customerId: string, planned: readonly LedgerEntry[]): Promise<LedgerStateWrite> {
  const state = deriveLedger([...(await entriesOf(store, customerId)), ...planned]);
  return { projection: projectionOf(state), balance: activeBalanceWindow(state, AT) };
}

/**
 * An append with the projection of its result (the port requires one). A refusal's `current`
 * (optional in the port) must be the customer's state as `readCustomer` reads it; it is checked
 * here and left out of the outcome the tests compare.
 */
async function append(store: LedgerHost, req: Omit<LedgerAppend, 'state'>): Promise<LedgerAppendOutcome> {
  const outcome = await store.ledger.appendLedger({ ...req, state: await stateAfter(store, req.customerId, req.entries) });
  if ((outcome.status === 'stale' || outcome.status === 'claimed') && outcome.current !== undefined) {
    const { current, ...rest } = outcome;
    expect(current).toEqual(await store.ledger.readCustomer({ customerId: req.customerId }));
    return rest;
  }
  return outcome;
}

function burnEntry(customerId: string, id: string, points: number): BurnEntry {
  return { kind: 'burn', id, customerId, at: AT, points: -points, reason: 'test' };
}

/** One burn as the engine does it when the guard cannot decide: read, plan with the pure ledger, append guarded by version; retry when stale. */
async function burnWithRetry(store: LedgerHost, customerId: string, points: number, key: string): Promise<'burned' | 'insufficient'> {
  let n = 0;
  for (let attempt = 0; attempt < 1000; attempt++) {
    const read = await store.ledger.readCustomer({ customerId });
    const state = read.projection === undefined ? deriveLedger([]) : stateFromProjection(read.projection);
    for (const e of read.tail) applyEntry(state, e);
    let entry: LedgerEntry;
    try {
      entry = planBurn(state, points, key, { customerId, at: AT, newId: () => `${key}-${++n}` });
    } catch (e) {
      if (isFidelisError(e, 'INSUFFICIENT_POINTS')) return 'insufficient';
      throw e;
    }
    applyEntry(state, entry);
    const r = await store.ledger.appendLedger({
      customerId, entries: [entry], expectedVersion: read.version, idempotencyKey: key, requestHash: `burn:${points}`, result: { burned: points },
      state: { projection: projectionOf(state), balance: activeBalanceWindow(state, AT) },
    });
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
        await expectNoLedger(store, 'c1');
        const a = earn('c1', 'e1', 100, 'o1');
        const b = earn('c1', 'e2', 5);
        expect(await append(store, { customerId: 'c1', entries: [a, b], expectedVersion: 0 })).toMatchObject({ status: 'applied', version: 2 });
        const read = await store.ledger.readCustomer({ customerId: 'c1' });
        expect(read.version).toBe(2);
        expect(read.tail).toEqual([]);
        expect(read.projection).toEqual(projectionOf(deriveLedger([a, b])));
        const entries = await entriesOf(store, 'c1');
        expect(entries).toEqual([a, b]);
        expect(entries[0]?.at).toBeInstanceOf(Date);
        expect((await store.ledger.readCustomer({ customerId: 'c2' })).version).toBe(0);
      });
    });

    it('replays an idempotency key with the first result and writes nothing', async () => {
      await withStore(factory, async (store) => {
        const req = { customerId: 'c1', entries: [earn('c1', 'e1', 10)], expectedVersion: 0, idempotencyKey: 'k1', requestHash: 'h1', result: { points: 10 } };
        expect((await append(store, req)).status).toBe('applied');
        expect(await append(store, { ...req, entries: [earn('c1', 'e9', 10)], expectedVersion: 1 })).toEqual({ status: 'replayed', result: { points: 10 } });
        expect((await store.ledger.readCustomer({ customerId: 'c1' })).version).toBe(1);
        expect((await store.ledger.readCustomer({ customerId: 'c1', idempotencyKey: 'k1' })).idempotency).toEqual({ requestHash: 'h1', result: { points: 10 } });
        expect((await store.ledger.readCustomer({ customerId: 'c1', idempotencyKey: 'k2' })).idempotency).toBeUndefined();
      });
    });

    it('rejects the same key with a different request hash with CONFLICT, writing nothing', async () => {
      await withStore(factory, async (store) => {
        await append(store, { customerId: 'c1', entries: [earn('c1', 'e1', 10)], expectedVersion: 0, idempotencyKey: 'k1', requestHash: 'h1', result: 1 });
        const err = await append(store, { customerId: 'c1', entries: [earn('c1', 'e2', 20)], expectedVersion: 1, idempotencyKey: 'k1', requestHash: 'h2', result: 2 }).then(() => undefined, (e: unknown) => e);
        expect(isFidelisError(err, 'CONFLICT')).toBe(true);
        expect((await store.ledger.readCustomer({ customerId: 'c1' })).version).toBe(1);
      });
    });

    it('reports a taken claim with the result of the append that took it, writing nothing', async () => {
      await withStore(factory, async (store) => {
        const order = { orderId: 'o1', customerId: 'c1', programId: 'p', placedAt: AT, lotId: 'e1' };
        await append(store, { customerId: 'c1', entries: [earn('c1', 'e1', 10, 'o1')], expectedVersion: 0, idempotencyKey: 'k1', requestHash: 'h1', claims: ['order:o1'], orders: [order], result: { first: true } });
        const r = await append(store, { customerId: 'c1', entries: [earn('c1', 'e2', 10, 'o1')], expectedVersion: 1, idempotencyKey: 'k2', requestHash: 'h2', claims: ['x', 'order:o1'], result: { first: false } });
        expect(r).toEqual({ status: 'claimed', claim: 'order:o1', result: { first: true } });
        expect((await store.ledger.readCustomer({ customerId: 'c1' })).version).toBe(1);
        expect((await store.ledger.readCustomer({ idempotencyKey: 'k2' })).idempotency).toBeUndefined();
        // the failed append did not take its other claim either
        expect((await append(store, { customerId: 'c1', entries: [], expectedVersion: 1, claims: ['x'] })).status).toBe('applied');
        const byOrder = await store.ledger.readCustomer({ orderId: 'o1' });
        expect(byOrder.customerId).toBe('c1');
        expect(byOrder.order).toEqual(order);
        expect(byOrder.orderEntries?.map((e) => e.id)).toEqual(['e1']);
        const unknown = await store.ledger.readCustomer({ orderId: 'o2' });
        expect(unknown.customerId).toBeUndefined();
        expect(unknown.order).toBeUndefined();
        expect(unknown.orderEntries).toEqual([]);
      });
    });

    it('gives the ledger a new revision on every write (also one without entries, and a guarded burn); an append planned from another is stale', async () => {
      await withStore(factory, async (store) => {
        const first = await append(store, { customerId: 'c1', entries: [earn('c1', 'e1', 100)], expectedVersion: 0 });
        const r1 = (await store.ledger.readCustomer({ customerId: 'c1' })).revision;
        if (r1 === undefined) return; // a store without revisions: version alone guards
        expect(first).toMatchObject({ status: 'applied', version: 1, revision: r1 });
        // an append without entries keeps the version but not the revision
        expect(await append(store, { customerId: 'c1', entries: [], expectedVersion: 1, expectedRevision: r1, claims: ['z'] })).toMatchObject({ status: 'applied', version: 1 });
        const r2 = (await store.ledger.readCustomer({ customerId: 'c1' })).revision;
        expect(r2).not.toBe(r1);
        const planned = await append(store, { customerId: 'c1', entries: [earn('c1', 'e2', 10)], expectedVersion: 1, expectedRevision: r1 });
        expect(planned).toEqual({ status: 'stale', version: 1 });
        // a guarded burn moves it on too
        const burn = await store.ledger.burnPoints({ customerId: 'c1', entry: burnEntry('c1', 'b1', 10), idempotencyKey: 'b1', requestHash: 'h', result: {}, maxTail: 256 });
        expect(burn.status).toBe('applied');
        const r3 = (await store.ledger.readCustomer({ customerId: 'c1' })).revision;
        expect(new Set([r1, r2, r3]).size).toBe(3);
        expect(await append(store, { customerId: 'c1', entries: [earn('c1', 'e2', 10)], expectedVersion: 2, expectedRevision: r2 ?? null })).toEqual({ status: 'stale', version: 2 });
        expect(await append(store, { customerId: 'c1', entries: [earn('c1', 'e2', 10)], expectedVersion: 2, expectedRevision: r3 ?? null })).toMatchObject({ status: 'applied', version: 3 });
        // an erased ledger re-created under the same id never shows an old revision again
        await store.ledger.eraseLedgerCustomer('c1', 'anon-c1');
        await append(store, { customerId: 'c1', entries: [earn('c1', 'e9', 10)], expectedVersion: 0 });
        expect([r1, r2, r3]).not.toContain((await store.ledger.readCustomer({ customerId: 'c1' })).revision);
      });
    });

    it('refuses a stale expectedVersion (compare-and-set), writing nothing, not even key or claims', async () => {
      await withStore(factory, async (store) => {
        await append(store, { customerId: 'c1', entries: [earn('c1', 'e1', 10)], expectedVersion: 0 });
        const r = await append(store, { customerId: 'c1', entries: [earn('c1', 'e2', 10)], expectedVersion: 0, idempotencyKey: 'k', requestHash: 'h', claims: ['c'] });
        expect(r).toEqual({ status: 'stale', version: 1 });
        expect((await store.ledger.readCustomer({ idempotencyKey: 'k' })).idempotency).toBeUndefined();
        expect((await append(store, { customerId: 'c1', entries: [], expectedVersion: 1, claims: ['c'] })).status).toBe('applied');
      });
    });

    it('applies exactly one of 100 concurrent appends of the same order under different keys', async () => {
      await withStore(factory, async (store) => {
        const outcomes = await Promise.all(
          Array.from({ length: 100 }, (_, i) =>
            append(store, { customerId: 'c1', entries: [earn('c1', `e${i}`, 50, 'o1')], expectedVersion: 0, idempotencyKey: `k${i}`, requestHash: 'h', claims: ['order:o1'], result: { i } }),
          ),
        );
        const applied = outcomes.filter((o) => o.status === 'applied');
        expect(applied).toHaveLength(1);
        expect(outcomes.every((o) => o.status === 'applied' || o.status === 'claimed' || o.status === 'stale')).toBe(true);
        expect((await store.ledger.readCustomer({ customerId: 'c1' })).version).toBe(1);
        expect((await entriesOf(store, 'c1')).reduce((s, e) => s + e.points, 0)).toBe(50);
      });
    });

    it('applies exactly one of 100 concurrent replays of one key; the others replay its result', async () => {
      await withStore(factory, async (store) => {
        const outcomes = await Promise.all(
          Array.from({ length: 100 }, () =>
            append(store, { customerId: 'c1', entries: [earn('c1', 'e1', 50, 'o1')], expectedVersion: 0, idempotencyKey: 'same', requestHash: 'h', claims: ['order:o1'], result: { ok: 1 } }),
          ),
        );
        expect(outcomes.filter((o) => o.status === 'applied')).toHaveLength(1);
        for (const o of outcomes) if (o.status !== 'applied') expect(o).toEqual({ status: 'replayed', result: { ok: 1 } });
        expect((await store.ledger.readCustomer({ customerId: 'c1' })).version).toBe(1);
      });
    });

    it('never overdraws under 30 concurrent burns on one balance, and the sums are exact', async () => {
      await withStore(factory, async (store) => {
        await append(store, { customerId: 'c1', entries: [earn('c1', 'seed1', 600), earn('c1', 'seed2', 400)], expectedVersion: 0 });
        const results = await Promise.all(Array.from({ length: 30 }, (_, i) => burnWithRetry(store, 'c1', 45, `burn-${i}`)));
        const burned = results.filter((r) => r === 'burned').length;
        expect(burned).toBe(22); // 22 × 45 = 990 ≤ 1000 < 23 × 45
        const entries = await entriesOf(store, 'c1');
        const total = entries.reduce((s, e) => s + e.points, 0);
        expect(total).toBe(1000 - 990);
        const b = balanceAt(deriveLedger(entries), AT);
        expect(b.active).toBe(10);
        expect(b.active + b.pending + b.expiredUnrecorded).toBe(total);
      });
    });

    it('enforces shared budgets atomically', async () => {
      await withStore(factory, async (store) => {
        expect(await store.ledger.budgetUsage(['b'])).toEqual({ b: 0 });
        // 30 customers each try to take 10 from a budget of 95: exactly 9 appends fit
        const outcomes = await Promise.all(
          Array.from({ length: 30 }, (_, i) =>
            append(store, { customerId: `c${i}`, entries: [earn(`c${i}`, `e${i}`, 10)], expectedVersion: 0, budgets: [{ key: 'b', points: 10, limit: 95 }] }),
          ),
        );
        expect(outcomes.filter((o) => o.status === 'applied')).toHaveLength(9);
        for (const o of outcomes) if (o.status !== 'applied') expect(o).toEqual({ status: 'over-budget', key: 'b', used: 90 });
        expect(await store.ledger.budgetUsage(['b', 'other'])).toEqual({ b: 90, other: 0 });
        // a refused append writes nothing: neither its entries nor its key nor its claims
        const r = await append(store, { customerId: 'x', entries: [earn('x', 'ex', 6)], expectedVersion: 0, idempotencyKey: 'kb', requestHash: 'h', claims: ['cb'], budgets: [{ key: 'b', points: 6, limit: 95 }] });
        expect(r).toEqual({ status: 'over-budget', key: 'b', used: 90 });
        expect((await store.ledger.readCustomer({ idempotencyKey: 'kb' })).idempotency).toBeUndefined();
        expect((await store.ledger.readCustomer({ customerId: 'x' })).version).toBe(0);
        expect((await append(store, { customerId: 'x', entries: [], expectedVersion: 0, claims: ['cb'], budgets: [{ key: 'b', points: 5, limit: 95 }] })).status).toBe('applied');
        expect(await store.ledger.budgetUsage(['b'])).toEqual({ b: 95 });
      });
    });

    it('lists ledger customers in order, paged', async () => {
      await withStore(factory, async (store) => {
        for (const id of ['c3', 'c1', 'c2']) await append(store, { customerId: id, entries: [earn(id, `e-${id}`, 1)], expectedVersion: 0 });
        expect(await store.ledger.listLedgerCustomers(undefined, 2)).toEqual(['c1', 'c2']);
        expect(await store.ledger.listLedgerCustomers('c2', 2)).toEqual(['c3']);
        expect(await store.ledger.listLedgerCustomers('c3', 2)).toEqual([]);
      });
    });

    it('erases a customer: ledger moved to the anonymous id with the same totals, results scrubbed, replays still do not re-apply', async () => {
      await withStore(factory, async (store) => {
        await append(store, {
          customerId: 'c1', entries: [earn('c1', 'e1', 70, 'o1'), earn('c1', 'e2', 30)], expectedVersion: 0,
          idempotencyKey: 'k1', requestHash: 'h1', claims: ['order:o1'], result: { customerId: 'c1' },
          orders: [{ orderId: 'o1', customerId: 'c1', programId: 'p', placedAt: AT, lotId: 'e1' }],
        });
        expect(await store.ledger.eraseLedgerCustomer('c1', 'anon-1')).toBe(2);
        await expectNoLedger(store, 'c1');
        const anon = await entriesOf(store, 'anon-1');
        expect(anon.map((e) => [e.id, e.customerId, e.points])).toEqual([['e1', 'anon-1', 70], ['e2', 'anon-1', 30]]);
        const anonRead = await store.ledger.readCustomer({ customerId: 'anon-1' });
        expect(anonRead.version).toBe(2);
        expect(anonRead.projection === undefined ? undefined : balanceAt(stateFromProjection(anonRead.projection), AT).active).toBe(100);
        expect((await store.ledger.readCustomer({ orderId: 'o1' })).order?.customerId).toBe('anon-1');
        expect((await store.ledger.readCustomer({ idempotencyKey: 'k1' })).idempotency).toEqual({ requestHash: 'h1', result: { erased: true } });
        const again = await append(store, { customerId: 'c1', entries: [earn('c1', 'e3', 70, 'o1')], expectedVersion: 0, idempotencyKey: 'k9', requestHash: 'h9', claims: ['order:o1'] });
        expect(again).toEqual({ status: 'claimed', claim: 'order:o1', result: { erased: true } });
        expect(await store.ledger.eraseLedgerCustomer('c1', 'anon-2')).toBe(0);
        expect(await store.ledger.listLedgerCustomers(undefined, 10)).not.toContain('c1');
      });
    });
    it('grants concurrent guarded burns by the balance alone: 60 burns of 45 on 1,000 points, exactly 22, no overdraw', async () => {
      await withStore(factory, async (store) => {
        await append(store, { customerId: 'c1', entries: [earn('c1', 'seed1', 600), earn('c1', 'seed2', 400)], expectedVersion: 0 });
        const outcomes = await Promise.all(
          Array.from({ length: 60 }, (_, i) =>
            store.ledger.burnPoints({ customerId: 'c1', entry: burnEntry('c1', `b${i}`, 45), idempotencyKey: `burn-${i}`, requestHash: 'h', result: { i }, maxTail: 256 }),
          ),
        );
        const applied = outcomes.filter((o) => o.status === 'applied');
        expect(applied).toHaveLength(22);
        expect(outcomes.filter((o) => o.status === 'insufficient')).toHaveLength(38);
        expect(applied.map((o) => (o.status === 'applied' ? o.activeAfter : -1)).sort((a, b) => a - b)).toEqual(Array.from({ length: 22 }, (_, i) => 10 + 45 * i));
        // which 22 are granted depends on arrival order: read the key of one that was
        const first = outcomes.findIndex((o) => o.status === 'applied');
        const read = await store.ledger.readCustomer({ customerId: 'c1', idempotencyKey: `burn-${first}` });
        expect(read.version).toBe(24);
        expect(read.tail).toHaveLength(22);
        expect(read.idempotency?.result).toMatchObject({ i: first });
        // the projection plus its tail is the ledger folded from every entry
        const state = stateFromProjection(read.projection!);
        for (const e of read.tail) applyEntry(state, e);
        expect(projectionOf(state)).toEqual(projectionOf(deriveLedger(await entriesOf(store, 'c1'))));
        expect(balanceAt(state, AT).active).toBe(10);
      });
    });

    it('replays a guarded burn by its key, refuses another request under it, and applies one of 20 concurrent twins', async () => {
      await withStore(factory, async (store) => {
        await append(store, { customerId: 'c1', entries: [earn('c1', 'seed', 100)], expectedVersion: 0 });
        const req = { customerId: 'c1', entry: burnEntry('c1', 'b1', 30), idempotencyKey: 'k', requestHash: 'h', result: { ok: true }, maxTail: 256 };
        const twins = await Promise.all(Array.from({ length: 20 }, (_, i) => store.ledger.burnPoints({ ...req, entry: burnEntry('c1', `b${i}`, 30) })));
        expect(twins.filter((o) => o.status === 'applied')).toHaveLength(1);
        for (const o of twins) if (o.status !== 'applied') expect(o).toEqual({ status: 'replayed', result: { ok: true, activeAfter: 70 } });
        const err = await store.ledger.burnPoints({ ...req, requestHash: 'other' }).then(() => undefined, (e: unknown) => e);
        expect(isFidelisError(err, 'CONFLICT')).toBe(true);
        expect((await store.ledger.readCustomer({ customerId: 'c1' })).version).toBe(2);
      });
    });

    it('steps aside (unguarded) outside the balance interval, past the tail limit and without a projection, writing nothing', async () => {
      await withStore(factory, async (store) => {
        const unguarded = { status: 'unguarded' };
        const burn = (id: string, at: Date, maxTail = 256, points = 10) =>
          store.ledger.burnPoints({ customerId: 'c1', entry: { ...burnEntry('c1', id, points), at }, idempotencyKey: id, requestHash: 'h', result: {}, maxTail });
        expect(await burn('none', AT)).toEqual(unguarded);
        await append(store, { customerId: 'c1', entries: [earn('c1', 'seed', 100)], expectedVersion: 0 });
        // the seed lot expires at the end of 2026: after that instant the stored balance no longer holds
        expect(await burn('late', new Date('2027-01-01T00:00:00Z'))).toEqual(unguarded);
        expect(await burn('early', new Date('2026-01-01T00:00:00Z'))).toEqual(unguarded);
        expect((await burn('ok', AT, 0)).status).toBe('applied');
        expect(await burn('tail', AT, 0)).toEqual(unguarded);
        expect((await store.ledger.readCustomer({ customerId: 'c1' })).version).toBe(2);
        expect(await burn('big', AT, 256, 500)).toEqual({ status: 'insufficient', active: 90 });
      });
    });

    it('pages entries in append order', async () => {
      await withStore(factory, async (store) => {
        await append(store, { customerId: 'c1', entries: Array.from({ length: 5 }, (_, i) => earn('c1', `e${i}`, 1)), expectedVersion: 0 });
        const first = await store.ledger.ledgerEntries('c1', { limit: 2 });
        expect(first.entries.map((e) => e.id)).toEqual(['e0', 'e1']);
        expect(first.next).toBe(2);
        const last = await store.ledger.ledgerEntries('c1', { after: 4, limit: 2 });
        expect(last.entries.map((e) => e.id)).toEqual(['e4']);
        expect(last.next).toBeUndefined();
        expect((await store.ledger.ledgerEntries('c1')).entries).toHaveLength(5);
        expect((await store.ledger.ledgerEntries('nobody')).entries).toEqual([]);
      });
    });

    it('a negative budget use gives room back (never below zero, never refused)', async () => {
      await withStore(factory, async (store) => {
        const e1 = earn('c1', 'b1', 70);
        expect((await append(store, { customerId: 'c1', entries: [e1], expectedVersion: 0, budgets: [{ key: 'launch', points: 70, limit: 100 }] })).status).toBe('applied');
        const e2 = earn('c1', 'b2', 0);
        expect((await append(store, { customerId: 'c1', entries: [e2], expectedVersion: 1, budgets: [{ key: 'launch', points: -20, limit: 100 }] })).status).toBe('applied');
        expect(await store.ledger.budgetUsage(['launch'])).toEqual({ launch: 50 });
        const e3 = earn('c1', 'b3', 0);
        expect((await append(store, { customerId: 'c1', entries: [e3], expectedVersion: 2, budgets: [{ key: 'launch', points: -80, limit: 100 }] })).status).toBe('applied');
        expect(await store.ledger.budgetUsage(['launch'])).toEqual({ launch: 0 });
      });
    });

    it('finds the entries of a partner across customers in [from, until), by instant then id', async () => {
      await withStore(factory, async (store) => {
        const terms = (partnerId: string) => ({ partnerId, units: 20, rate: '0.5', value: { amount: '0.08', currency: 'EUR' } });
        const at = (iso: string) => new Date(iso);
        const e1: LedgerEntry = { ...earn('c1', 'p1', 10), at: at('2026-03-05T10:00:00Z'), partner: terms('air') };
        const e2: LedgerEntry = { ...earn('c2', 'p2', 10), at: at('2026-03-01T00:00:00Z'), partner: terms('air') };
        const e3: LedgerEntry = { ...earn('c2', 'p3', 10), at: at('2026-03-06T00:00:00Z'), partner: terms('rail') };
        const e4: LedgerEntry = { ...earn('c2', 'p4', 10), at: at('2026-04-01T00:00:00Z'), partner: terms('air') };
        const e5: LedgerEntry = { kind: 'burn', id: 'p5', customerId: 'c1', at: at('2026-03-07T00:00:00Z'), points: -5, reason: 'partner:air', partner: terms('air') };
        expect((await append(store, { customerId: 'c1', entries: [e1, e5], expectedVersion: 0 })).status).toBe('applied');
        expect((await append(store, { customerId: 'c2', entries: [e2, e3, e4, earn('c2', 'plain', 3)], expectedVersion: 0 })).status).toBe('applied');
        const found = await store.ledger.partnerEntries('air', { from: at('2026-03-01T00:00:00Z'), until: at('2026-04-01T00:00:00Z') });
        expect(found.map((e) => e.id)).toEqual(['p2', 'p1', 'p5']);
        expect(found[2]).toEqual(e5);
      });
    });

    it('stores the coupon codes an append issues with it; a key already stored refuses the append whole', async () => {
      await withStore(factory, async (store) => {
        await store.coupons.defineCoupon({ promotionId: 'thanks', campaign: 'THANKS', limits: { perCode: 1 } });
        const e1 = earn('c1', 'e1', 10, 'o1');
        const code = { promotionId: 'thanks', key: 'TH4NKS0001', display: 'TH4NKS-0001', assignedTo: 'c1' };
        expect((await append(store, { customerId: 'c1', entries: [e1], expectedVersion: 0, codes: [code] })).status).toBe('applied');
        expect(await store.coupons.findCode('TH4NKS0001', AT)).toMatchObject({ key: 'TH4NKS0001', display: 'TH4NKS-0001', promotionId: 'thanks', assignedTo: 'c1' });
        const e2 = earn('c2', 'e2', 10, 'o2');
        const taken = await store.ledger.appendLedger({ customerId: 'c2', entries: [e2], expectedVersion: 0, claims: ['order:o2'], codes: [{ ...code, assignedTo: 'c2' }], state: await stateAfter(store, 'c2', [e2]) });
        expect(taken.status).toBe('stale');
        expect((await store.ledger.readCustomer({ customerId: 'c2' })).version).toBe(0);
        expect((await store.ledger.readCustomer({ orderId: 'o2' })).order).toBeUndefined();
        expect((await store.coupons.findCode('TH4NKS0001', AT))?.assignedTo).toBe('c1');
      });
    });
  });
}
