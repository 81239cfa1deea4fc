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
 * The parts of the Store conformance suite, one per capability of the Store.
 *
 * @example
 * ```ts
 * const parts: readonly StoreConformancePart[] = ['ledger'];
 * ```
 */
export type StoreConformancePart = 'ledger' | 'coupons' | 'contacts' | 'events' | 'segments';

const PARTS: Readonly<Record<StoreConformancePart, (factory: StoreFactory) => void>> = {
  ledger: describeLedgerConformance,
  coupons: describeCouponConformance,
  contacts: describeContactConformance,
  events: describeEventConformance,
  segments: describeSegmentConformance,
};

/**
 * Options of {@link describeStoreConformance}.
 *
 * @example
 * ```ts
 * const options: StoreConformanceOptions = { parts: ['coupons', 'events'] };
 * ```
 */
export interface StoreConformanceOptions {
  /**
   * Register only these parts (default: all). An adapter whose suite is slow can split it over
   * several test files, so a parallel test runner runs them side by side; together the files must
   * still cover every part.
   */
  readonly parts?: readonly StoreConformancePart[];
}

/**
 * Register the whole Store conformance suite (ledger, coupons, contacts, events, segments, races) with vitest for
 * one adapter, or the parts named in `options.parts`. Every adapter must pass all of it.
 *
 * @example
 * ```ts
 * describeStoreConformance('memory', async () => createMemoryStore());
 * // a slow adapter, split over two files:
 * describeStoreConformance('mine', factory, { parts: ['ledger'] });
 * describeStoreConformance('mine', factory, { parts: ['coupons', 'contacts', 'events', 'segments'] });
 * ```
 */
export function describeStoreConformance(name: string, factory: StoreFactory, options: StoreConformanceOptions = {}): void {
  const parts = options.parts ?? (Object.keys(PARTS) as StoreConformancePart[]);
  describe(`Store conformance: ${name}`, () => {
    for (const part of parts) PARTS[part](factory);
  });
}
