import type { LedgerStore } from '../ledger-store.js';

/**
 * The in-memory implementation of {@link LedgerStore}.
 *
 * @example
 * ```ts
 * const part = createMemoryLedgerStore();
 * ```
 */
export function createMemoryLedgerStore(): LedgerStore {
  return {};
}
