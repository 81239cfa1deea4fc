import type { EngineContext } from './context.js';

/**
 * The contacts operations of the {@link LoyaltyEngine}.
 *
 * @example
 * ```ts
 * const engine = createLoyaltyEngine({ store: createMemoryStore() });
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ContactOperations {}

/**
 * Build the contacts operations over an engine context.
 *
 * @example
 * ```ts
 * const ops = contactOperations(ctx);
 * ```
 */
export function contactOperations(ctx: EngineContext): ContactOperations {
  void ctx;
  return {};
}
