// A customer's ledger over HTTP: whether the engine knows the customer, and the history a page at a time.
import { z } from 'zod';
import { FidelisError } from '../core/errors.js';
import type { LoyaltyEngine } from '../engine/loyalty-engine.js';
import type { LedgerEntry } from '../rules/ledger/entry.js';
import { PageLimit } from './route-fields.js';

/**
 * The query of `GET /v1/customers/{customerId}/history`: `after` (the `next` of the previous
 * page, a decimal position) and `limit` (1…1,000, 100 by default).
 *
 * @example
 * ```ts
 * HistoryQuery.parse({ after: '50', limit: '50' }); // { after: '50', limit: 50 }
 * ```
 */
export const HistoryQuery = z.object({
  after: z.string().regex(/^(0|[1-9]\d{0,14})$/, 'must be the `next` of the previous page').optional().describe('continue after this position (the `next` of the previous page)'),
  limit: PageLimit.default(100).describe('page size, 1…1,000 (default 100)'),
});

const notFound = (): FidelisError => new FidelisError('NOT_FOUND', 'customerId: no ledger for this customer', { path: 'customerId' });

/**
 * Refuse a customer without a ledger with `NOT_FOUND` (the message names the parameter, never
 * another customer's data). Reads one entry, never the history.
 *
 * @example
 * ```ts
 * await knownCustomer(engine, 'c1');
 * ```
 */
export async function knownCustomer(engine: LoyaltyEngine, customerId: string): Promise<void> {
  if ((await engine.historyPage(customerId, { limit: 1 })).entries.length === 0) throw notFound();
}

/**
 * One page of the history as the endpoint answers it: the entries, and `next` (a string) only
 * when more follow. A customer without a ledger is `NOT_FOUND`; a known customer read past the
 * end gets an empty page.
 *
 * @example
 * ```ts
 * const { entries, next } = await historyPage(engine, 'c1', { limit: 50 });
 * ```
 */
export async function historyPage(
  engine: LoyaltyEngine,
  customerId: string,
  query: z.output<typeof HistoryQuery>,
): Promise<{ entries: readonly LedgerEntry[]; next?: string }> {
  const after = query.after === undefined ? 0 : Number(query.after);
  const page = await engine.historyPage(customerId, { after, limit: query.limit });
  // an empty page past the start: tell an unknown customer from a known one read to its end
  if (page.entries.length === 0 && (after === 0 || (await engine.historyPage(customerId, { limit: 1 })).entries.length === 0)) throw notFound();
  return { entries: page.entries, ...(page.next === undefined ? {} : { next: String(page.next) }) };
}
