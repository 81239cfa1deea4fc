import { describe } from 'vitest';
import type { StoreFactory } from './conformance.js';

/**
 * The contacts part of the Store conformance suite.
 *
 * @example
 * ```ts
 * describeContactConformance(async () => createMemoryStore());
 * ```
 */
export function describeContactConformance(factory: StoreFactory): void {
  describe('contacts', () => {
    void factory;
  });
}
