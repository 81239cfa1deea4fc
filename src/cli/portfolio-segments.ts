// `fidelis portfolio … --store-segments`: the classification stored per customer (CLI layer: opens a store).
import { migrate } from '../adapters/postgres/migrate.js';
import { openPglite } from '../adapters/postgres/pglite-sql-client.js';
import { type PostgresStore, createPostgresStore } from '../adapters/postgres/postgres-store.js';
import { endOfLocalDate } from '../core/time.js';
import { createLoyaltyEngine } from '../engine/loyalty-engine.js';
import type { CustomerSummary, PortfolioClassification, TransactionModel } from '../portfolio/index.js';
import { rfmScores } from '../portfolio/index.js';
import { flagError } from './command-errors.js';
import { openPool } from './db-command.js';

/** Where `--store-segments` writes: a PostgreSQL URL or a PGlite directory. */
export type SegmentTarget = { readonly url: string } | { readonly pglite: string };

/**
 * The target of `--store-segments` from the flags, checked before any file is read: exactly one
 * of `--pglite <dir>` or `--url postgres://…`, and neither without `--store-segments`.
 *
 * @example
 * ```ts
 * segmentTarget({ 'store-segments': true, pglite: './data' }); // { pglite: './data' }
 * ```
 */
export function segmentTarget(v: { readonly 'store-segments'?: boolean | undefined; readonly pglite?: string | undefined; readonly url?: string | undefined }): SegmentTarget | undefined {
  if (v['store-segments'] !== true) {
    if (v.pglite !== undefined) throw flagError('pglite', 'goes with --store-segments (where to store the segments)');
    if (v.url !== undefined) throw flagError('url', 'goes with --store-segments (where to store the segments)');
    return undefined;
  }
  if (v.pglite !== undefined && v.url !== undefined) throw flagError('store-segments', 'give one of --pglite <dir> or --url <postgres-url>, not both');
  if (v.url !== undefined) {
    if (!/^postgres(ql)?:\/\//.test(v.url)) throw flagError('url', `"${v.url}" is not a postgres:// or postgresql:// URL`);
    return { url: v.url };
  }
  if (v.pglite !== undefined) {
    if (v.pglite.trim() === '') throw flagError('pglite', 'must name a directory');
    return { pglite: v.pglite };
  }
  throw flagError('store-segments', 'needs --pglite <dir> or --url <postgres-url> (where to store the segments)');
}

/**
 * Store a classification as segments, dated at the end of the observation end's day in `zone`:
 * each customer's quadrant, CLV (when a measure is CLV), RFM segment and P(alive) (when a
 * purchase model was fitted), through `engine.assignSegments` on the store. A PGlite directory is
 * migrated first (created if new); a PostgreSQL server must be migrated already (`fidelis db migrate`).
 *
 * @example
 * ```ts
 * await storeSegments({ pglite: './data' }, portfolio, summaries, fitted, { observationEnd: '1998-06-30', timeZone: 'UTC', currency: 'USD' });
 * // { customers: 2357, saved: 2357, asOf: 1998-06-30T23:59:59.999Z, label: 'PGlite in ./data' }
 * ```
 */
export async function storeSegments(
  target: SegmentTarget,
  portfolio: PortfolioClassification,
  summaries: readonly CustomerSummary[],
  model: TransactionModel | undefined,
  at: { readonly observationEnd: string; readonly timeZone: string; readonly currency: string },
): Promise<{ readonly customers: number; readonly saved: number; readonly asOf: Date; readonly label: string }> {
  const asOf = endOfLocalDate(at.observationEnd, at.timeZone);
  let store: PostgresStore;
  let label: string;
  if ('url' in target) {
    store = createPostgresStore({ pool: await openPool(target.url), owned: true });
    label = 'PostgreSQL';
  } else {
    store = createPostgresStore({ pglite: await openPglite(target.pglite), owned: true });
    label = `PGlite in ${target.pglite}`;
  }
  try {
    if ('pglite' in target) await migrate(store);
    const engine = createLoyaltyEngine({ store });
    const result = await engine.assignSegments(portfolio, {
      asOf,
      currency: at.currency,
      rfm: rfmScores(summaries),
      ...(model === undefined ? {} : { pAlive: summaries.map((s) => model.probabilityAlive(s)) }),
    });
    return { ...result, asOf, label };
  } finally {
    await store.close();
  }
}
