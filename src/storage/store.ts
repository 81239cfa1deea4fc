import type { ContactStore } from './contact-store.js';
import type { CouponStore } from './coupon-store.js';
import type { LedgerStore } from './ledger-store.js';

/**
 * The storage port of fidelis: named atomic operations, not generic CRUD (DESIGN.md §6).
 * An adapter implements each operation with one transaction or one guarded statement.
 * `createMemoryStore()` is the embedded default; `fidelis/postgres` ships the PostgreSQL one.
 *
 * @example
 * ```ts
 * import { createMemoryStore, type Store } from 'fidelis';
 * const store: Store = createMemoryStore();
 * ```
 */
export interface Store extends LedgerStore, CouponStore, ContactStore {
  /** Release resources (connections). Idempotent. */
  close(): Promise<void>;
}
