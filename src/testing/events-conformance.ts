import { describe, expect, it } from 'vitest';
import { isFidelisError } from '../core/errors.js';
import type { DomainEvent, StoredEvent } from '../storage/event-store.js';
import type { Store } from '../storage/store.js';
import type { StoreFactory } from './conformance.js';
import { AT, earn, stateAfter } from './ledger-conformance.js';
import { withStore } from './with-store.js';

function event(id: string, customerId: string | null, payload: Record<string, unknown> = {}): DomainEvent {
  return { id, type: 'test.happened', version: 1, customerId, at: AT.toISOString(), payload };
}

/** Every event from the start, page by page (`limit` per page). */
async function readAll(store: Pick<Store, 'events'>, limit = 1000, after?: string): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  let cursor = after;
  for (;;) {
    const page = await store.events.readEvents({ limit, ...(cursor === undefined ? {} : { after: cursor }) });
    out.push(...page.events);
    if (page.events.length === 0) return out;
    cursor = page.cursor;
  }
}

/** Append one earn for `customerId` with one event, planned from the stored version (retried when stale). */
async function earnWithEvent(store: Store, customerId: string, n: number): Promise<void> {
  for (;;) {
    const { version } = await store.ledger.readCustomer({ customerId });
    const entry = earn(customerId, `${customerId}-e${n}`, 10);
    const outcome = await store.ledger.appendLedger({
      customerId,
      entries: [entry],
      expectedVersion: version,
      state: await stateAfter(store, customerId, [entry]),
      events: [event(`ev_${entry.id}`, customerId, { n })],
    });
    if (outcome.status === 'applied') return;
  }
}

/**
 * The outbox part of the Store conformance suite: events stored with the write that carries
 * them and only when it applies (ledger appends, guarded burns, coupon reservations and their
 * commit, contacts), one total order read page by page with cursors (no loss, no duplicate,
 * each customer's events in write order) also while concurrent writers append, ids stored once,
 * consumer positions that never move back, erasure, and coded errors for bad cursors.
 *
 * @example
 * ```ts
 * describeEventConformance(async () => createMemoryStore());
 * ```
 */
export function describeEventConformance(factory: StoreFactory): void {
  describe('events (outbox)', () => {
    it('appendEvents stores each id once; readEvents pages through them in order with cursors', async () => {
      await withStore(factory, async (store) => {
        expect(await store.events.appendEvents([event('a', 'c1'), event('b', 'c2'), event('c', null, { n: 3 })])).toBe(3);
        expect(await store.events.appendEvents([event('b', 'c2'), event('d', 'c1')])).toBe(1);
        const first = await store.events.readEvents({ limit: 2 });
        expect(first.events.map((e) => e.id)).toEqual(['a', 'b']);
        expect(first.cursor).toBe(first.events[1]?.cursor);
        const second = await store.events.readEvents({ after: first.cursor, limit: 2 });
        expect(second.events.map((e) => e.id)).toEqual(['c', 'd']);
        expect(second.events[0]).toEqual({ id: 'c', type: 'test.happened', version: 1, customerId: null, at: AT.toISOString(), payload: { n: 3 }, cursor: second.events[0]?.cursor });
        const end = await store.events.readEvents({ after: second.cursor });
        expect(end).toEqual({ events: [], cursor: second.cursor });
        expect((await store.events.readEvents({ customerId: 'c1' })).events.map((e) => e.id)).toEqual(['a', 'd']);
      });
    });

    it('refuses a cursor it did not hand out and a page size out of range, with VALIDATION_FAILED naming the field', async () => {
      await withStore(factory, async (store) => {
        for (const [query, field] of [[{ after: 'abc' }, 'after'], [{ after: '-1' }, 'after'], [{ limit: 0 }, 'limit'], [{ limit: 1001 }, 'limit'], [{ limit: 2.5 }, 'limit']] as const) {
          const error = await store.events.readEvents(query).catch((e: unknown) => e);
          expect(isFidelisError(error, 'VALIDATION_FAILED')).toBe(true);
          expect((error as Error).message.startsWith(`${field}:`)).toBe(true);
        }
        expect(isFidelisError(await store.events.ackEvents('', '1').catch((e: unknown) => e), 'VALIDATION_FAILED')).toBe(true);
      });
    });

    it('a consumer position is stored and never moves back', async () => {
      await withStore(factory, async (store) => {
        await store.events.appendEvents([event('a', 'c1'), event('b', 'c1')]);
        expect(await store.events.consumerCursor('crm')).toBeUndefined();
        const page = await store.events.readEvents({});
        await store.events.ackEvents('crm', page.cursor);
        await store.events.ackEvents('crm', page.events[0]?.cursor ?? '0');
        expect(await store.events.consumerCursor('crm')).toBe(page.cursor);
        expect((await store.events.readEvents({ after: page.cursor })).events).toEqual([]);
      });
    });

    it('an append stores its events only when it applies; a stale or claimed one stores none', async () => {
      await withStore(factory, async (store) => {
        const e1 = earn('c1', 'e1', 10, 'o1');
        const applied = await store.ledger.appendLedger({ customerId: 'c1', entries: [e1], expectedVersion: 0, claims: ['order:o1'], state: await stateAfter(store, 'c1', [e1]), events: [event('ev_e1', 'c1')] });
        expect(applied.status).toBe('applied');
        const e2 = earn('c1', 'e2', 10);
        const stale = await store.ledger.appendLedger({ customerId: 'c1', entries: [e2], expectedVersion: 0, state: await stateAfter(store, 'c1', [e2]), events: [event('ev_e2', 'c1')] });
        expect(stale.status).toBe('stale');
        const claimed = await store.ledger.appendLedger({ customerId: 'c1', entries: [e2], expectedVersion: 1, claims: ['order:o1'], state: await stateAfter(store, 'c1', [e2]), events: [event('ev_e2b', 'c1')] });
        expect(claimed.status).toBe('claimed');
        expect((await readAll(store)).map((e) => e.id)).toEqual(['ev_e1']);
      });
    });

    it('a guarded burn stores its events only when granted', async () => {
      await withStore(factory, async (store) => {
        const e1 = earn('c1', 'e1', 10);
        await store.ledger.appendLedger({ customerId: 'c1', entries: [e1], expectedVersion: 0, state: await stateAfter(store, 'c1', [e1]) });
        const burn = (id: string, points: number) =>
          store.ledger.burnPoints({
            customerId: 'c1',
            entry: { kind: 'burn', id, customerId: 'c1', at: AT, points: -points, reason: 'test' },
            idempotencyKey: id,
            requestHash: 'h',
            result: {},
            maxTail: 64,
            events: [event(`ev_${id}`, 'c1')],
          });
        expect((await burn('b1', 7)).status).toBe('applied');
        expect((await burn('b2', 7)).status).toBe('insufficient');
        expect((await burn('b1', 7)).status).toBe('replayed');
        expect((await readAll(store)).map((e) => e.id)).toEqual(['ev_b1']);
      });
    });

    it('coupon reservations, commits and contacts store their events once, with the write', async () => {
      await withStore(factory, async (store) => {
        await store.coupons.defineCoupon({ promotionId: 'one', campaign: 'ONE', limits: { total: 1 } });
        const reserve = (id: string) =>
          store.coupons.reserveUsage({ reservationId: id, promotionId: 'one', currency: 'EUR', discountMinor: 500, at: AT, expiresAt: new Date(AT.getTime() + 60_000), events: [event(`ev_reserved_${id}`, 'c1')] });
        expect((await reserve('r1')).ok).toBe(true);
        expect((await reserve('r1')).ok).toBe(true); // a replay: no second event
        expect(await reserve('r2')).toEqual({ ok: false, reason: 'TOTAL_LIMIT' });
        const commit = () => store.coupons.commitUsage({ reservationId: 'r1', at: AT, events: [event('ev_redeemed_r1', 'c1')] });
        expect((await commit()).changed).toBe(true);
        expect((await commit()).changed).toBe(false);
        const contact = { id: 'ct1', customerId: 'c1', channel: 'email' as const, kind: 'marketing' as const, at: AT };
        await store.contacts.recordContact(contact, { idempotencyKey: 'k1', events: [event('ev_contact_k1', 'c1')] });
        await store.contacts.recordContact(contact, { idempotencyKey: 'k1', events: [event('ev_contact_k1b', 'c1')] });
        expect((await readAll(store)).map((e) => e.id)).toEqual(['ev_reserved_r1', 'ev_redeemed_r1', 'ev_contact_k1']);
      });
    });

    it('20 writers on 5 customers while a reader follows the cursor: every event read exactly once, each customer in write order', async () => {
      await withStore(factory, async (store) => {
        const customers = ['w0', 'w1', 'w2', 'w3', 'w4'];
        const perWriter = 6;
        let writing = true;
        const seen: StoredEvent[] = [];
        const reader = (async () => {
          let cursor: string | undefined;
          while (writing) {
            const page = await store.events.readEvents({ limit: 7, ...(cursor === undefined ? {} : { after: cursor }) });
            seen.push(...page.events);
            cursor = page.cursor;
          }
          seen.push(...(await readAll(store, 7, cursor)));
        })();
        // 4 writers per customer: each customer's appends serialise on its version (stale → plan again)
        await Promise.all(
          Array.from({ length: 20 }, async (_, w) => {
            const customerId = customers[w % customers.length] ?? 'w0';
            for (let i = 0; i < perWriter; i++) await earnWithEvent(store, customerId, w * 100 + i);
          }),
        );
        writing = false;
        await reader;
        const ids = seen.map((e) => e.id);
        expect(ids).toHaveLength(20 * perWriter);
        expect(new Set(ids).size).toBe(ids.length);
        expect(seen.map((e) => Number(e.cursor))).toEqual([...seen.map((e) => Number(e.cursor))].sort((a, b) => a - b));
        for (const c of customers) {
          // the order of the customer's entries is the order of its events
          const entries = (await store.ledger.ledgerEntries(c)).entries.map((e) => `ev_${e.id}`);
          expect(seen.filter((e) => e.customerId === c).map((e) => e.id)).toEqual(entries);
        }
      });
    });

    it('erasure moves a customer\'s events to the anonymous id and replaces the id in their payloads', async () => {
      await withStore(factory, async (store) => {
        await store.events.appendEvents([event('a', 'c1', { referrerId: 'c1', nested: ['c1', { id: 'c1' }], other: 'c10' }), event('b', 'c2', { referrerId: 'c1' })]);
        expect(await store.events.eraseEventsCustomer('c1', 'anon_1')).toBe(1);
        const all = await readAll(store);
        expect(all[0]).toMatchObject({ id: 'a', customerId: 'anon_1', payload: { referrerId: 'anon_1', nested: ['anon_1', { id: 'anon_1' }], other: 'c10' } });
        expect(all[1]).toMatchObject({ id: 'b', customerId: 'c2', payload: { referrerId: 'c1' } });
        expect((await store.events.readEvents({ customerId: 'c1' })).events).toEqual([]);
      });
    });
  });
}
