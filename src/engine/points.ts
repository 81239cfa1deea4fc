import type { EngineContext } from './context.js';

/**
 * The points operations of the {@link LoyaltyEngine}.
 *
 * @example
 * ```ts
 * const engine = createLoyaltyEngine({ store: createMemoryStore() });
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface PointsOperations {}

/**
 * Build the points operations over an engine context.
 *
 * @example
 * ```ts
 * const ops = pointsOperations(ctx);
 * ```
 */
export function pointsOperations(ctx: EngineContext): PointsOperations {
  void ctx;
  return {};
}
