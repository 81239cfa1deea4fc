import { describe, expect, it } from 'vitest';
import { FidelisError } from '../core/errors.js';
import type { ContactRecordInput } from '../storage/contact-store.js';
import type { Store } from '../storage/store.js';
import type { StoreFactory } from './conformance.js';
import { withStore } from './with-store.js';

const contact = (over: Partial<ContactRecordInput> = {}): ContactRecordInput => ({
  id: 'ct_a',
  customerId: 'c1',
  channel: 'email',
  kind: 'marketing',
  at: new Date('2026-03-01T09:00:00Z'),
  journeyId: 'car-purchase',
  stepId: 'questionnaire',
  contentKey: 'satisfaction-questionnaire',
  ...over,
});

/**
 * The contacts part of the Store conformance suite: idempotent `recordContact` (replays,
 * conflicting replays, 50 concurrent calls with one key leave one record), `listContacts`
 * (range, order, copies) and `eraseContacts`.
 *
 * @example
 * ```ts
 * describeContactConformance(async () => createMemoryStore());
 * ```
 */
export function describeContactConformance(factory: StoreFactory): void {
  describe('contacts', () => {
    it('records a contact and lists it back', async () => {
      await withStore(factory, async (store) => {
        const first = await store.contacts.recordContact(contact(), { idempotencyKey: 'k1' });
        expect(first.replayed).toBe(false);
        expect(first.record).toMatchObject({ id: 'ct_a', customerId: 'c1', channel: 'email', kind: 'marketing', idempotencyKey: 'k1' });
        const listed = await store.contacts.listContacts('c1');
        expect(listed).toHaveLength(1);
        expect(listed[0]?.at.toISOString()).toBe('2026-03-01T09:00:00.000Z');
        expect(listed[0]?.contentKey).toBe('satisfaction-questionnaire');
      });
    });

    it('a replay with the same key returns the first record and writes nothing', async () => {
      await withStore(factory, async (store) => {
        await store.contacts.recordContact(contact(), { idempotencyKey: 'k1' });
        const again = await store.contacts.recordContact(contact(), { idempotencyKey: 'k1' });
        expect(again.replayed).toBe(true);
        expect(again.record.id).toBe('ct_a');
        expect(await store.contacts.listContacts('c1')).toHaveLength(1);
      });
    });

    it('a replay with the same key but another contact is a CONFLICT', async () => {
      await withStore(factory, async (store) => {
        await store.contacts.recordContact(contact(), { idempotencyKey: 'k1' });
        const err = await store.contacts.recordContact(contact({ id: 'ct_b' }), { idempotencyKey: 'k1' }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(FidelisError);
        expect((err as FidelisError).code).toBe('CONFLICT');
        expect(await store.contacts.listContacts('c1')).toHaveLength(1);
      });
    });

    it('50 concurrent calls with one key leave exactly one record, all returning it', async () => {
      await withStore(factory, async (store) => {
        const results = await Promise.all(Array.from({ length: 50 }, () => store.contacts.recordContact(contact(), { idempotencyKey: 'race' })));
        expect(results.filter((r) => !r.replayed)).toHaveLength(1);
        expect(new Set(results.map((r) => r.record.id))).toEqual(new Set(['ct_a']));
        expect(await store.contacts.listContacts('c1')).toHaveLength(1);
      });
    });

    it('concurrent calls with distinct keys all land', async () => {
      await withStore(factory, async (store) => {
        await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            store.contacts.recordContact(contact({ id: `ct_${i}`, at: new Date(Date.UTC(2026, 2, 1 + i, 9)) }), { idempotencyKey: `k${i}` }),
          ),
        );
        expect(await store.contacts.listContacts('c1')).toHaveLength(20);
      });
    });

    it('lists one customer only, ordered by instant then id, with since inclusive and until exclusive', async () => {
      await withStore(factory, async (store) => {
        const at = (d: number): Date => new Date(Date.UTC(2026, 2, d, 9));
        await store.contacts.recordContact(contact({ id: 'ct_3', at: at(3) }), { idempotencyKey: 'a' });
        await store.contacts.recordContact(contact({ id: 'ct_1b', at: at(1) }), { idempotencyKey: 'b' });
        await store.contacts.recordContact(contact({ id: 'ct_1a', at: at(1) }), { idempotencyKey: 'c' });
        await store.contacts.recordContact(contact({ id: 'ct_2', at: at(2), channel: 'sms' }), { idempotencyKey: 'd' });
        await store.contacts.recordContact(contact({ id: 'ct_x', customerId: 'c2', at: at(2) }), { idempotencyKey: 'e' });
        expect((await store.contacts.listContacts('c1')).map((r) => r.id)).toEqual(['ct_1a', 'ct_1b', 'ct_2', 'ct_3']);
        expect((await store.contacts.listContacts('c1', { since: at(2), until: at(3) })).map((r) => r.id)).toEqual(['ct_2']);
        expect((await store.contacts.listContacts('c1', { since: at(2) })).map((r) => r.id)).toEqual(['ct_2', 'ct_3']);
        expect((await store.contacts.listContacts('c1', { until: at(2) })).map((r) => r.id)).toEqual(['ct_1a', 'ct_1b']);
        expect(await store.contacts.listContacts('nobody')).toEqual([]);
      });
    });

    it('returns copies: mutating a listed record changes nothing stored', async () => {
      await withStore(factory, async (store) => {
        await store.contacts.recordContact(contact(), { idempotencyKey: 'k1' });
        const [listed] = await store.contacts.listContacts('c1');
        listed?.at.setTime(0);
        expect((await store.contacts.listContacts('c1'))[0]?.at.toISOString()).toBe('2026-03-01T09:00:00.000Z');
      });
    });

    it('erases every contact of one customer (GDPR), and only theirs', async () => {
      await withStore(factory, async (store) => {
        await store.contacts.recordContact(contact({ id: 'ct_1' }), { idempotencyKey: 'k1' });
        await store.contacts.recordContact(contact({ id: 'ct_2', channel: 'post' }), { idempotencyKey: 'k2' });
        await store.contacts.recordContact(contact({ id: 'ct_3', customerId: 'c2' }), { idempotencyKey: 'k3' });
        expect(await store.contacts.eraseContacts('c1')).toEqual({ erased: 2 });
        expect(await store.contacts.listContacts('c1')).toEqual([]);
        expect(await store.contacts.listContacts('c2')).toHaveLength(1);
        expect(await store.contacts.eraseContacts('c1')).toEqual({ erased: 0 });
      });
    });
  });
}
