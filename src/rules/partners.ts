import { Decimal } from '../core/decimal.js';
import { FidelisError } from '../core/errors.js';
import { Money, type MoneyJson } from '../core/money.js';
import { toPoints } from '../core/points.js';
import type { Partner, Program } from './program.js';

/**
 * One points movement through a partner: points earned by shopping at the partner, or points
 * redeemed for partner units (miles…).
 *
 * @example
 * ```ts
 * const e: PartnerEntry = { partnerId: 'airline', kind: 'redeem', points: 1000, at: new Date('2026-03-02T10:00:00Z') };
 * ```
 */
export interface PartnerEntry {
  /** Partner id. */
  readonly partnerId: string;
  /** Earned through the partner, or redeemed at the partner. */
  readonly kind: 'earn' | 'redeem';
  /** Program points credited or debited. */
  readonly points: number;
  /** When. */
  readonly at: Date;
}

/**
 * What a program and a partner owe each other for a period.
 *
 * @example
 * ```ts
 * const s: PartnerSettlement = partnerSettlement(program, 'airline', entries, { from, to });
 * s.amountDue; // { amount: '32.00', currency: 'EUR' }
 * ```
 */
export interface PartnerSettlement {
  /** Partner id. */
  readonly partnerId: string;
  /** Period start (included). */
  readonly from: Date;
  /** Period end (included). */
  readonly to: Date;
  /** Points customers earned through the partner (the partner buys them). */
  readonly earnedPoints: number;
  /** Points customers redeemed at the partner (the program buys the partner's units). */
  readonly redeemedPoints: number;
  /** Partner units delivered for the redeemed points. */
  readonly partnerUnits: number;
  /** Entries counted. */
  readonly entries: number;
  /** Who pays the balance. */
  readonly direction: 'partner-pays' | 'program-pays' | 'settled';
  /** |earned − redeemed| × value per point, rounded half-even to the currency. */
  readonly amountDue: MoneyJson;
}

function partnerOf(program: Pick<Program, 'partners'>, partnerId: string): Partner {
  const partner = program.partners.find((p) => p.id === partnerId);
  if (partner === undefined) throw new FidelisError('NOT_FOUND', `partnerId: no partner "${partnerId}" in the program`, { partnerId });
  return partner;
}

/**
 * Program points credited for partner units earned through a partner: units × earnRate,
 * rounded with the program's rounding mode.
 *
 * @example
 * ```ts
 * partnerEarnPoints(program, 'airline', 1500); // 750 at earnRate 0.5
 * ```
 */
export function partnerEarnPoints(program: Pick<Program, 'partners' | 'rounding'>, partnerId: string, partnerUnits: number): number {
  return toPoints(new Decimal(partnerOf(program, partnerId).earnRate).times(partnerUnits), program.rounding, 'partnerUnits');
}

/**
 * Partner units delivered for program points redeemed at a partner: points × redeemRate,
 * rounded down.
 *
 * @example
 * ```ts
 * partnerRedeemUnits(program, 'airline', 1000); // 2000 at redeemRate 2
 * ```
 */
export function partnerRedeemUnits(program: Pick<Program, 'partners'>, partnerId: string, points: number): number {
  return toPoints(new Decimal(partnerOf(program, partnerId).redeemRate).times(points), 'down', 'points');
}

/**
 * The settlement of one partner over a period (both ends included): points earned through
 * the partner (which the partner pays for) against points redeemed at it (which the program
 * pays for), valued at the partner's `valuePerPoint`. Pure; entries of other partners and
 * outside the period are ignored.
 *
 * @example
 * ```ts
 * // valuePerPoint 0.008 EUR: 10 000 earned, 6 000 redeemed → partner pays 32.00 EUR
 * partnerSettlement(program, 'airline', entries, { from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-03-31T23:59:59Z') });
 * ```
 */
export function partnerSettlement(
  program: Pick<Program, 'partners' | 'currency'>,
  partnerId: string,
  entries: readonly PartnerEntry[],
  period: { readonly from: Date; readonly to: Date },
): PartnerSettlement {
  const partner = partnerOf(program, partnerId);
  let earned = 0;
  let redeemed = 0;
  let count = 0;
  for (const e of entries) {
    const t = e.at.getTime();
    if (e.partnerId !== partnerId || t < period.from.getTime() || t > period.to.getTime()) continue;
    count++;
    if (e.kind === 'earn') earned += e.points;
    else redeemed += e.points;
  }
  const net = earned - redeemed;
  const amount = Money.round(new Decimal(partner.valuePerPoint).times(Math.abs(net)), program.currency, 'half-even');
  return {
    partnerId,
    from: period.from,
    to: period.to,
    earnedPoints: earned,
    redeemedPoints: redeemed,
    partnerUnits: toPoints(new Decimal(partner.redeemRate).times(redeemed), 'down', 'points'),
    entries: count,
    direction: net > 0 ? 'partner-pays' : net < 0 ? 'program-pays' : 'settled',
    amountDue: amount.toJSON(),
  };
}
