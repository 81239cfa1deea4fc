import { describe } from 'vitest';
import type { StoreFactory } from './conformance.js';

/**
 * The ledger part of the Store conformance suite.
 *
 * @example
 * ```ts
 * describeLedgerConformance(async () => createMemoryStore());
 * ```
 */
export function describeLedgerConformance(factory: StoreFactory): void {
  describe('ledger', () => {
    void factory;
  });
}
