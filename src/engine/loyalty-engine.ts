import { type Clock, systemClock } from '../core/clock.js';
import { type IdGenerator, defaultIdGenerator } from '../core/ids.js';
import type { Store } from '../storage/store.js';
import type { EngineContext } from './context.js';

/**
 * Options of {@link createLoyaltyEngine}.
 *
 * @example
 * ```ts
 * const options: LoyaltyEngineOptions = { store: createMemoryStore() };
 * ```
 */
export interface LoyaltyEngineOptions {
  readonly store: Store;
  readonly clock?: Clock;
  readonly ids?: IdGenerator;
}

/**
 * The stateful façade over a {@link Store}: every mutating operation takes an idempotency key.
 *
 * @example
 * ```ts
 * const engine: LoyaltyEngine = createLoyaltyEngine({ store: createMemoryStore() });
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface LoyaltyEngine {}

/**
 * Create the loyalty engine over a store.
 *
 * @example
 * ```ts
 * import { createLoyaltyEngine, createMemoryStore } from 'fidelis';
 * const engine = createLoyaltyEngine({ store: createMemoryStore() });
 * ```
 */
export function createLoyaltyEngine(options: LoyaltyEngineOptions): LoyaltyEngine {
  const ctx: EngineContext = {
    store: options.store,
    clock: options.clock ?? systemClock,
    ids: options.ids ?? defaultIdGenerator,
  };
  void ctx;
  return {};
}
