import type { ContactStore } from './contact-store.js';
import type { CouponStore } from './coupon-store.js';
import type { EventStore } from './event-store.js';
import type { LedgerStore } from './ledger-store.js';
import type { SegmentStore } from './segment-store.js';

/**
 * The storage ports of fidelis, one per capability: the points `ledger`, `coupons` usage and
 * codes, the `contacts` history, the customers' `segments`, the `events` outbox. Each names atomic operations, not generic CRUD (DESIGN.md §6),
 * and each has its own conformance suite in `fidelis/testing`, so an adapter may implement only
 * the ports its host uses and borrow the others (`{ ...createMemoryStore(), ledger: myLedger }`).
 * `createMemoryStore()` is the embedded default; `fidelis/postgres` ships the PostgreSQL one.
 *
 * @example
 * ```ts
 * import { createMemoryStore, type Store } from 'fidelis';
 * const store: Store = createMemoryStore();
 * await store.ledger.readCustomer({ customerId: 'c1' });
 * ```
 */
export interface Store {
  /** Points ledger: customer state, appends, guarded burns, budgets, erasure. */
  readonly ledger: LedgerStore;
  /** Coupon usage: promotions' limits, codes, reservations. */
  readonly coupons: CouponStore;
  /** Contact history: what was sent, for caps and gaps. */
  readonly contacts: ContactStore;
  /** Customer segments from portfolio classifications: the latest per customer. */
  readonly segments: SegmentStore;
  /** The outbox of domain events the other ports' writes append (read with a cursor, acknowledged per consumer). */
  readonly events: EventStore;
  /** Release resources (connections). Idempotent. */
  close(): Promise<void>;
}
