import { type Clock, systemClock } from '../core/clock.js';
import { type IdGenerator, defaultIdGenerator } from '../core/ids.js';
import type { Program } from '../rules/program.js';
import type { Store } from '../storage/store.js';
import { type ContactOperations, contactOperations } from './contacts.js';
import type { EngineContext } from './context.js';
import { knownLedgers } from './known-ledgers.js';
import { type CustomerDataOperations, customerDataOperations } from './customer-data.js';
import { type CouponOperations, type PromotionSetup, couponOperations } from './coupons.js';
import { type EventOperations, eventOperations } from './event-operations.js';
import { type PointsOperations, pointsOperations } from './points.js';
import { programMap } from './program-lookup.js';
import { type SegmentOperations, segmentOperations } from './segments.js';

/**
 * Options of {@link createLoyaltyEngine}.
 *
 * @example
 * ```ts
 * const options: LoyaltyEngineOptions = { store: createMemoryStore() };
 * ```
 */
export interface LoyaltyEngineOptions {
  /** Where state lives: `createMemoryStore()` or `createPostgresStore(...)`. */
  readonly store: Store;
  /** Where "now" comes from; the system clock by default. */
  readonly clock?: Clock;
  /** Id generator for ledger entries, reservations…; nanoid by default. */
  readonly ids?: IdGenerator;
  /** Loyalty programs (parsed with `parseProgram`); the first is the default for orders. */
  readonly programs?: readonly Program[];
  /** Promotions (parsed with `parsePromotion`), the program zone and signed-code keys. */
  readonly promotions?: PromotionSetup;
}

/**
 * The stateful façade over a {@link Store}: points, coupons, contacts and customer segments. Every mutating
 * operation takes an idempotency key; repeating it returns the first result and changes nothing.
 *
 * @example
 * ```ts
 * const engine: LoyaltyEngine = createLoyaltyEngine({ store: createMemoryStore() });
 * ```
 */
export interface LoyaltyEngine extends PointsOperations, CouponOperations, ContactOperations, CustomerDataOperations, EventOperations, SegmentOperations {}

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
    programs: programMap(options.programs ?? []),
    knownLedgers: knownLedgers(),
    ...(options.promotions === undefined ? {} : { promotions: options.promotions }),
  };
  const points = pointsOperations(ctx);
  return {
    ...points,
    ...eventOperations(ctx, points),
    ...couponOperations(ctx),
    ...contactOperations(ctx),
    ...customerDataOperations(ctx),
    ...segmentOperations(ctx),
  };
}
