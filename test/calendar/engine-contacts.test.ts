import { describe, expect, it } from 'vitest';
import { manualClock } from '../../src/core/index.js';
import { contactOperations } from '../../src/engine/contacts.js';
import { createMemoryStore } from '../../src/storage/memory-store.js';
import { at, carPurchase, customer, referencePolicy } from './fixtures.js';

const PARIS = 'Europe/Paris';

describe('engine contact operations', () => {
  it('plans over the stored history: a recorded contact is not planned again and counts toward caps', async () => {
    const store = createMemoryStore();
    const ops = contactOperations({ store, clock: manualClock(new Date('2008-02-01T00:00:00Z')) });
    const c = customer('c0', PARIS);
    const events = [{ customerId: 'c0', type: 'purchase' as const, id: 'order-0', at: at(PARIS, 2007, 7, 1, 11) }];
    const input = { customers: [c], journeys: [carPurchase], policy: referencePolicy, events, from: new Date('2008-02-01T00:00:00Z'), until: new Date('2008-06-01T00:00:00Z') };
    const before = await ops.planForCustomers(input);
    expect(before.contacts.map((x) => x.stepId)).toEqual(['spring-check', 'customer-day']);

    // The spring check goes out; recording it twice stores it once.
    const spring = before.contacts[0]!;
    expect((await ops.recordContact(spring)).replayed).toBe(false);
    expect((await ops.recordContact(spring)).replayed).toBe(true);
    // Another marketing email the shop sent by hand on 10 May (10:00 Paris) fills the daily cap.
    await ops.recordContact({ id: 'manual-1', customerId: 'c0', channel: 'email', kind: 'marketing', at: at(PARIS, 2008, 5, 11, 8) }, { idempotencyKey: 'manual-1' });
    expect((await ops.contactHistory('c0')).map((r) => r.id)).toEqual([spring.id, 'manual-1']);

    const after = await ops.planForCustomers({ ...input, now: new Date('2008-03-02T00:00:00Z'), from: new Date('2008-03-02T00:00:00Z') });
    // spring-check is in the history; the card of 11 May is deferred by the one-a-day cap to 12 May.
    expect(after.contacts.map((x) => [x.stepId, x.local])).toEqual([['customer-day', '2008-05-12T09:00:00+02:00']]);
    expect(after.suppressions.map((s) => [s.stepId, s.code, s.outcome])).toEqual([['customer-day', 'CAP_REACHED', 'deferred']]);
    await store.close();
  });

  it('records a planned contact at its planned instant unless told when it went out', async () => {
    const store = createMemoryStore();
    const ops = contactOperations({ store, clock: manualClock(new Date('2026-01-01T00:00:00Z')) });
    const { record } = await ops.recordContact(
      { id: 'ct_x', customerId: 'c1', channel: 'sms', kind: 'transactional', at: new Date('2026-01-02T09:00:00Z') },
      { sentAt: new Date('2026-01-02T09:03:00Z') },
    );
    expect(record).toMatchObject({ id: 'ct_x', idempotencyKey: 'ct_x', at: new Date('2026-01-02T09:03:00Z') });
    await store.close();
  });
});
