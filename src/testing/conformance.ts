import { describe } from 'vitest';
import type { Store } from '../storage/store.js';
import { describeContactConformance } from './contacts-conformance.js';
import { describeCouponConformance } from './coupons-conformance.js';
import { describeEventConformance } from './events-conformance.js';
import { describeLedgerConformance } from './ledger-conformance.js';
import { describeSegmentConformance } from './segments-conformance.js';

/**
 * Makes a fresh, empty store for one test; `dispose` runs after it.
 *
 * @example
 * ```ts
 * const factory: StoreFactory = async () => createMemoryStore();
 * ```
 */
export type StoreFactory = () => Promise<Store>;

/**
 * Register the whole Store conformance suite (ledger, coupons, contacts, events, segments, races) with vitest for
 * one adapter. Every adapter must pass it.
 *
 * @example
 * ```ts
 * describeStoreConformance('memory', async () => createMemoryStore());
 * ```
 */
export function describeStoreConformance(name: string, factory: StoreFactory): void {
  describe(`Store conformance: ${name}`, () => {
    describeLedgerConformance(factory);
    describeCouponConformance(factory);
    describeContactConformance(factory);
    describeEventConformance(factory);
    describeSegmentConformance(factory);
  });
}
