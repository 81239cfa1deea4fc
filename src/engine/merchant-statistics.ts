import { FidelisError } from '../core/errors.js';
import type { LedgerEntry } from '../rules/ledger/entry.js';
import { type LedgerStatistics, ledgerStatistics } from '../rules/merchant-statistics.js';
import { type CampaignReport, summarizeCampaigns } from './campaign-report.js';
import type { EngineContext } from './context.js';
import { allEntries } from './points-customer.js';
import { forEachLedgerCustomer } from './points-jobs.js';
import { requireProgram } from './program-lookup.js';

/**
 * What {@link merchantStatisticsOf} reads: the window `[from, until)` and the program whose
 * zone (calendar months) and stamp-card rules apply (the default program when absent).
 *
 * @example
 * ```ts
 * const q: MerchantStatisticsQuery = { from: new Date('2026-01-01T00:00:00+01:00'), until: new Date('2026-04-01T00:00:00+02:00') };
 * ```
 */
export interface MerchantStatisticsQuery {
  /** First instant counted (inclusive). */
  readonly from: Date;
  /** First instant not counted (exclusive). */
  readonly until: Date;
  /** The program (zone, stamp-card rules); the default one when absent. */
  readonly programId?: string;
}

/**
 * A shop's statistics for a period: the ledgers' figures (members, points per month, breakage,
 * redemption, stamp cards, tiers) and coupon redemption per campaign.
 *
 * @example
 * ```ts
 * const s: MerchantStatistics = await engine.merchantStatistics({ from, until });
 * s.coupons[0]?.redeemers;
 * ```
 */
export interface MerchantStatistics extends LedgerStatistics {
  /** The program whose zone and stamp-card rules were used. */
  readonly programId: string;
  /**
   * Per campaign, from `couponReport` over the same window: codes issued (`issued`, plus
   * `sharedCodes` public codes counted once each), distinct `redeemers`, usages `redeemed`.
   */
  readonly coupons: readonly CampaignReport[];
}

function invalid(path: string, message: string): FidelisError {
  return new FidelisError('VALIDATION_FAILED', `${path}: ${message}`, { issues: [{ path, message }] });
}

/**
 * Read every customer's ledger (page by page) and the coupon activity of `[from, until)`, and
 * fold them with `ledgerStatistics` and `summarizeCampaigns`. `from`/`until` must be valid
 * Dates with `from < until` (`VALIDATION_FAILED` naming the field); an unknown program is `NOT_FOUND`.
 *
 * @example
 * ```ts
 * const s = await merchantStatisticsOf(ctx, { from: new Date('2026-01-01T00:00:00+01:00'), until: new Date('2026-04-01T00:00:00+02:00') });
 * s.months.map((m) => [m.month, m.issued.total, m.burned, m.expired]);
 * ```
 */
export async function merchantStatisticsOf(ctx: EngineContext, query: MerchantStatisticsQuery): Promise<MerchantStatistics> {
  const program = requireProgram(ctx, query.programId);
  const { from, until } = query;
  if (!(from instanceof Date) || Number.isNaN(from.getTime())) throw invalid('from', 'must be a valid Date');
  if (!(until instanceof Date) || Number.isNaN(until.getTime())) throw invalid('until', 'must be a valid Date');
  if (!(from.getTime() < until.getTime())) throw invalid('until', `must be after from (${from.toISOString()}), got ${until.toISOString()}`);
  const stampsRequired: Record<string, number> = {};
  for (const rule of program.earnRules) if (rule.kind === 'stamp-card') stampsRequired[rule.id] = rule.stampsRequired;
  const ledgers: LedgerEntry[][] = [];
  await forEachLedgerCustomer(ctx, async (customerId) => {
    ledgers.push(await allEntries(ctx, customerId));
  });
  const statistics = ledgerStatistics(ledgers, { from, until, timeZone: program.timeZone, stampsRequired });
  const coupons = summarizeCampaigns(await ctx.store.coupons.couponActivity({ from, to: until }));
  return { ...statistics, programId: program.id, coupons };
}
