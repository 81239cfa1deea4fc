import { currencyExponent } from '../core/currency.js';
import { minorUnitsToDecimal } from '../core/money.js';
import type { CouponActivity } from '../storage/coupon-store.js';

/**
 * One campaign's figures for a window (see `couponReport`).
 *
 * @example
 * ```ts
 * const row: CampaignReport = { campaign: 'SPRING26', promotionIds: ['spring'], issued: 1000, sharedCodes: 0, redeemed: 42, redeemers: 40, restored: 1,
 *   conversion: 0.042, discount: { EUR: '525.00' }, voucherPayments: {} };
 * ```
 */
export interface CampaignReport {
  /** The campaign. */
  readonly campaign: string;
  /** Its promotions. */
  readonly promotionIds: readonly string[];
  /** Codes issued in the window (public codes apart, see `sharedCodes`). */
  readonly issued: number;
  /** Public (shared) codes first used in the window: one code each, however many customers use it. */
  readonly sharedCodes: number;
  /** Usages committed in the window. */
  readonly redeemed: number;
  /**
   * Distinct customers among those usages, summed over the campaign's promotions (a customer
   * who redeemed two promotions of the campaign counts once per promotion).
   */
  readonly redeemers: number;
  /** Usages given back by returns in the window. */
  readonly restored: number;
  /** redeemed / issued (null when nothing was issued in the window, e.g. public codes). */
  readonly conversion: number | null;
  /** Discount granted per currency, decimal strings. */
  readonly discount: Readonly<Record<string, string>>;
  /** Paid from vouchers per currency, decimal strings. */
  readonly voucherPayments: Readonly<Record<string, string>>;
}

function money(m: Readonly<Record<string, number>>): Record<string, string> {
  return Object.fromEntries(Object.entries(m).map(([cur, v]) => [cur, minorUnitsToDecimal(v, currencyExponent(cur))]));
}

/**
 * Group the Store's per-promotion activity rows by campaign: counts summed, conversion =
 * redeemed / issued (null when nothing was issued in the window), amounts as decimal strings.
 *
 * @example
 * ```ts
 * summarizeCampaigns(await store.couponActivity({ from, to })); // [{ campaign: 'SPRING26', issued: 1000, redeemed: 42, … }]
 * ```
 */
export function summarizeCampaigns(rows: readonly CouponActivity[]): CampaignReport[] {
  const byCampaign = new Map<string, { ids: string[]; issued: number; sharedCodes: number; redeemed: number; redeemers: number; restored: number; discount: Record<string, number>; voucher: Record<string, number> }>();
  for (const row of rows) {
    let c = byCampaign.get(row.campaign);
    if (c === undefined) byCampaign.set(row.campaign, (c = { ids: [], issued: 0, sharedCodes: 0, redeemed: 0, redeemers: 0, restored: 0, discount: {}, voucher: {} }));
    c.ids.push(row.promotionId);
    c.issued += row.issued;
    c.sharedCodes += row.sharedCodes;
    c.redeemed += row.redeemed;
    c.redeemers += row.redeemers;
    c.restored += row.restored;
    for (const [cur, v] of Object.entries(row.discountMinor)) c.discount[cur] = (c.discount[cur] ?? 0) + v;
    for (const [cur, v] of Object.entries(row.voucherDebitMinor)) c.voucher[cur] = (c.voucher[cur] ?? 0) + v;
  }
  return [...byCampaign]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([campaign, c]) => ({
      campaign,
      promotionIds: c.ids,
      issued: c.issued,
      sharedCodes: c.sharedCodes,
      redeemed: c.redeemed,
      redeemers: c.redeemers,
      restored: c.restored,
      conversion: c.issued === 0 ? null : c.redeemed / c.issued,
      discount: money(c.discount),
      voucherPayments: money(c.voucher),
    }));
}
