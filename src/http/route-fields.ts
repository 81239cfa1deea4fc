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

/**
 * An instant in a response: ISO 8601 (`toISOString`, UTC with milliseconds).
 *
 * @example
 * ```ts
 * IsoInstant.parse('2026-03-07T10:00:00.000Z');
 * ```
 */
export const IsoInstant = z.iso.datetime({ offset: true }).describe('ISO 8601 instant, e.g. 2026-03-07T10:00:00.000Z');

/**
 * A decimal amount in a response, as a string in the currency's exponent (`'45.00'`).
 *
 * @example
 * ```ts
 * DecimalString.parse('45.00');
 * ```
 */
export const DecimalString = z.string().regex(/^-?\d+(\.\d+)?$/, 'must be a decimal string').describe('a decimal amount as a string, e.g. 45.00');

/**
 * Money in a response: a decimal string and its ISO 4217 currency (`MoneyJson`).
 *
 * @example
 * ```ts
 * MoneyResponse.parse({ amount: '5.20', currency: 'EUR' });
 * ```
 */
export const MoneyResponse = z.strictObject({ amount: DecimalString, currency: z.string().length(3) }).meta({ id: 'Money' });

/**
 * Whole points in a response (signed where the field says so).
 *
 * @example
 * ```ts
 * PointsCount.parse(48);
 * ```
 */
export const PointsCount = z.number().int();

/**
 * What a mutating points operation did: `applied`, `replayed` (a repeated idempotency key) or
 * `duplicate` (the same order or return id under another key).
 *
 * @example
 * ```ts
 * CommitStatusField.parse('replayed');
 * ```
 */
export const CommitStatusField = z.enum(['applied', 'replayed', 'duplicate']);

