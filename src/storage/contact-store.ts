import type { DomainEvent } from './event-store.js';
import type { ContactChannel } from '../core/schemas.js';

/**
 * A contact that was sent, as the host records it (the history behind frequency caps and gaps).
 *
 * @example
 * ```ts
 * const sent: ContactRecordInput = {
 *   id: 'ct_4ad3163bd959ec049baa7212f2fe829d', customerId: 'c1', channel: 'email', kind: 'marketing',
 *   at: new Date('2008-07-01T08:00:00Z'), journeyId: 'car-purchase', stepId: 'questionnaire',
 * };
 * ```
 */
export interface ContactRecordInput {
  /** The contact's id: the planned contact's id when it came from a plan. */
  readonly id: string;
  /** The customer contacted. */
  readonly customerId: string;
  /** The channel used. */
  readonly channel: ContactChannel;
  /** Marketing or transactional. */
  readonly kind: 'transactional' | 'marketing';
  /** When it was sent. */
  readonly at: Date;
  /** The journey, when it came from a plan. */
  readonly journeyId?: string;
  /** The step, when it came from a plan. */
  readonly stepId?: string;
  /** The content sent. */
  readonly contentKey?: string;
}

/**
 * A stored contact: the input plus the idempotency key it was recorded under.
 *
 * @example
 * ```ts
 * const { record } = await store.recordContact(sent, { idempotencyKey: sent.id });
 * record.idempotencyKey; // 'ct_4ad3…'
 * ```
 */
export interface ContactRecord extends ContactRecordInput {
  /** The key of the `recordContact` call that stored it. */
  readonly idempotencyKey: string;
}

/**
 * The outcome of {@link ContactStore.recordContact}: the stored record and whether the call was
 * a replay of an earlier one with the same key.
 *
 * @example
 * ```ts
 * const { record, replayed } = await store.recordContact(sent, { idempotencyKey: 'send-42' });
 * ```
 */
export interface RecordContactResult {
  /** The record under that key (the first one, on a replay). */
  readonly record: ContactRecord;
  /** True when the key was already used and nothing was written. */
  readonly replayed: boolean;
}

/**
 * The contact-history operations of the {@link Store}. Three operations, each atomic:
 *
 * - `recordContact` inserts a record unless its idempotency key exists. Implement it as ONE
 *   guarded write (PostgreSQL: `INSERT … ON CONFLICT (idempotency_key) DO NOTHING RETURNING *`,
 *   then read the existing row when nothing was returned), never "select, then insert" in
 *   application code: concurrent calls with the same key must leave exactly one record and all
 *   return it. A replay with the same key but a different contact (other id, customer, channel,
 *   kind or instant) throws `CONFLICT`.
 * - `listContacts` returns a customer's records with `since ≤ at < until` (both optional),
 *   ordered by `at`, then `id`. Returned objects are copies: mutating them changes nothing.
 * - `eraseContacts` deletes every record of a customer (GDPR erasure), keys included, in one
 *   statement, and returns how many were deleted. Erasing twice erases nothing the second time.
 *
 * @example
 * ```ts
 * const store: ContactStore = createMemoryStore();
 * await store.recordContact({ id: 'ct_1', customerId: 'c1', channel: 'sms', kind: 'marketing', at: new Date('2026-03-01T09:00:00Z') }, { idempotencyKey: 'ct_1' });
 * await store.listContacts('c1', { since: new Date('2026-01-01T00:00:00Z') });
 * await store.eraseContacts('c1'); // { erased: 1 }
 * ```
 */
export interface ContactStore {
  /** Record a sent contact once per idempotency key (atomic; see the interface comment). */
  recordContact(contact: ContactRecordInput, options: { readonly idempotencyKey: string; readonly events?: readonly DomainEvent[] }): Promise<RecordContactResult>;
  /** A customer's contacts with `since ≤ at < until`, ordered by `at` then `id`. */
  listContacts(customerId: string, range?: { readonly since?: Date; readonly until?: Date }): Promise<ContactRecord[]>;
  /** Delete all contacts of a customer (GDPR erasure); returns how many were deleted. */
  eraseContacts(customerId: string): Promise<{ readonly erased: number }>;
}
