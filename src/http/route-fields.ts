// The fields every route group describes the same way (HTTP layer).
import { z } from 'zod';

/** An id in a body or query: non-empty after trimming, at most 200 characters. */
export const Id = z.string().trim().min(1).max(200);

/** A page size in a query: 1…1,000. */
export const PageLimit = z.coerce.number().int().min(1).max(1000);

/** The response of an engine operation, described by the TypeScript type the API reference documents. */
export function engineResult(type: string): z.ZodType {
  return z.looseObject({}).describe(`the engine's ${type}, as JSON (instants as ISO 8601 strings, money as decimal strings with the currency)`);
}
