import { type MemoryEventLog, createMemoryEventLog } from './events.js';
import { FidelisError } from '../../core/errors.js';
import type { ContactRecord, ContactRecordInput, ContactStore } from '../contact-store.js';

const copy = (r: ContactRecord): ContactRecord => ({ ...r, at: new Date(r.at.getTime()) });

const sameContact = (a: ContactRecordInput, b: ContactRecordInput): boolean =>
  a.id === b.id && a.customerId === b.customerId && a.channel === b.channel && a.kind === b.kind && a.at.getTime() === b.at.getTime();

/**
 * The in-memory implementation of {@link ContactStore}. Each operation runs synchronously
 * between two awaits (no read-then-write across an await), which makes it atomic in one process.
 *
 * @example
 * ```ts
 * const part = createMemoryContactStore();
 * await part.recordContact({ id: 'ct_1', customerId: 'c1', channel: 'email', kind: 'marketing', at: new Date('2026-01-01T09:00:00Z') }, { idempotencyKey: 'k1' });
 * ```
 */
export function createMemoryContactStore(events: MemoryEventLog = createMemoryEventLog()): ContactStore {
  const byKey = new Map<string, ContactRecord>();
  const byCustomer = new Map<string, ContactRecord[]>();
  return {
    async recordContact(contact, { idempotencyKey, events: reported }) {
      const existing = byKey.get(idempotencyKey);
      if (existing !== undefined) {
        if (!sameContact(existing, contact)) {
          throw new FidelisError('CONFLICT', `idempotencyKey: "${idempotencyKey}" was already used for another contact (${existing.id})`, {
            idempotencyKey,
            existingId: existing.id,
          });
        }
        return { record: copy(existing), replayed: true };
      }
      const record: ContactRecord = { ...contact, at: new Date(contact.at.getTime()), idempotencyKey };
      byKey.set(idempotencyKey, record);
      const list = byCustomer.get(contact.customerId);
      if (list === undefined) byCustomer.set(contact.customerId, [record]);
      else list.push(record);
      events.write(reported);
      return { record: copy(record), replayed: false };
    },
    async listContacts(customerId, range = {}) {
      const since = range.since?.getTime() ?? Number.NEGATIVE_INFINITY;
      const until = range.until?.getTime() ?? Number.POSITIVE_INFINITY;
      return (byCustomer.get(customerId) ?? [])
        .filter((r) => r.at.getTime() >= since && r.at.getTime() < until)
        .sort((a, b) => a.at.getTime() - b.at.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        .map(copy);
    },
    async eraseContacts(customerId) {
      const list = byCustomer.get(customerId) ?? [];
      for (const r of list) byKey.delete(r.idempotencyKey);
      byCustomer.delete(customerId);
      return { erased: list.length };
    },
  };
}
