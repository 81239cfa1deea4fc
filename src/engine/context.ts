import type { Clock } from '../core/clock.js';
import type { IdGenerator } from '../core/ids.js';
import type { Store } from '../storage/store.js';

/**
 * What every group of engine operations shares: the store, the clock and the id generator,
 * plus the definitions each capability brings (programs, promotions, journeys).
 *
 * @example
 * ```ts
 * const ctx: EngineContext = { store: createMemoryStore(), clock: systemClock, ids: defaultIdGenerator };
 * ```
 */
export interface EngineContext {
  readonly store: Store;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}
