// The fields every route group describes the same way (HTTP layer).
import { z } from 'zod';

/**
 * An id in a body or query: non-empty after trimming, at most 200 characters.
 *
 * @example
 * ```ts
 * z.object({ rewardId: Id });
 * ```
 */
export const Id = z.string().trim().min(1).max(200);

/**
 * A page size in a query (a string there): 1…1,000.
 *
 * @example
 * ```ts
 * z.object({ limit: PageLimit.optional() });
 * ```
 */
export const PageLimit = z.coerce.number().int().min(1).max(1000);

/**
 * The response of an engine operation, described by the TypeScript type the API reference documents.
 *
 * @example
 * ```ts
 * httpRoute({ ..., response: engineResult('PointsBalance') });
 * ```
 */
export function engineResult(type: string): z.ZodType {
  return z.looseObject({}).describe(`the engine's ${type}, as JSON (instants as ISO 8601 strings, money as decimal strings with the currency)`);
}
