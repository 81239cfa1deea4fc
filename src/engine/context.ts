import type { Clock } from '../core/clock.js';
import type { IdGenerator } from '../core/ids.js';
import type { Program } from '../rules/program.js';
import type { Store } from '../storage/store.js';
import type { PromotionSetup } from './coupons.js';
import type { KnownLedgers } from './known-ledgers.js';

/**
 * What every group of engine operations shares: the store, the clock and the id generator,
 * plus the definitions each capability brings (programs, promotions, journeys).
 *
 * @example
 * ```ts
 * const ctx: EngineContext = { store: createMemoryStore(), clock: systemClock, ids: defaultIdGenerator, programs: new Map() };
 * ```
 */
export interface EngineContext {
  readonly store: Store;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** The loyalty programs by id, in the order given (the first is the default). */
  readonly programs: ReadonlyMap<string, Program>;
  /** Promotions in force, their zone and signing keys (coupons operations need it). */
  readonly promotions?: PromotionSetup;
  /** Customers seen with a ledger: operations on them read first (without it, every operation reads first). */
  readonly knownLedgers?: KnownLedgers;
}
