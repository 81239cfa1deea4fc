import type { ReturnedUnits, UsageTerms } from '../../coupons/return-terms.js';
import type { UsageCounts, UsageReservation, UsageStatus } from '../../storage/coupon-store.js';
import { decodeJson } from './json-codec.js';
import type { SqlQueryable } from './sql-client.js';
import { statementName } from './statement-name.js';

/**
 * A row of `coupon_reservations` as the drivers return it (numerics as strings or numbers).
 *
 * @example
 * ```ts
 * const { rows } = await sql.query<ReservationRow>(`SELECT * FROM ${s}.coupon_reservations WHERE reservation_id = $1`, [id]);
 * ```
 */
export interface ReservationRow {
  /** Primary key. */
  reservation_id: string;
  /** The promotion. */
  promotion_id: string;
  /** Normalised code key or null. */
  code_key: string | null;
  /** Customer or null. */
  customer_id: string | null;
  /** Period bucket or null. */
  period_key: string | null;
  /** Currency of the discount. */
  currency: string;
  /** Discount in minor units. */
  discount_minor: string | number;
  /** Voucher debit in minor units. */
  voucher_debit_minor: string | number;
  /** Order or null. */
  order_id: string | null;
  /** When reserved. */
  reserved_at: Date | string;
  /** End of the TTL. */
  expires_at: Date | string;
  /** Stored status. */
  status: UsageStatus;
  /** When settled, or null. */
  settled_at: Date | string | null;
  /** Voucher credited back so far. */
  voucher_credited_minor: string | number;
  /** The checkout, or null (rows reserved without one). */
  checkout_id: string | null;
  /** Digest of the checkout's cart, or null. */
  checkout_hash: string | null;
  /** {@link UsageTerms} as `encodeJson` wrote them, or null. */
  terms: unknown;
  /** {@link ReturnedUnits} as `encodeJson` wrote them, or null. */
  returned_units: unknown;
}

/**
 * The columns of {@link ReservationRow}, for `SELECT` and `RETURNING` lists.
 *
 * @example
 * ```ts
 * `SELECT ${RESERVATION_COLUMNS} FROM ${s}.coupon_reservations`;
 * ```
 */
export const RESERVATION_COLUMNS =
  'reservation_id, promotion_id, code_key, customer_id, period_key, currency, discount_minor, voucher_debit_minor, ' +
  'order_id, reserved_at, expires_at, status, settled_at, voucher_credited_minor, checkout_id, checkout_hash, terms, returned_units';

/**
 * A stored reservation as the Store port shows it, its status as of `at` when given: a
 * `reserved` row past its TTL reads `expired` (settled at its `expiresAt`), as the counting rule says.
 *
 * @example
 * ```ts
 * const view = reservationView(row, now);
 * ```
 */
export function reservationView(row: ReservationRow, at?: Date): UsageReservation {
  const expiresAt = new Date(row.expires_at);
  const lapsed = row.status === 'reserved' && at !== undefined && expiresAt.getTime() <= at.getTime();
  const settled = lapsed ? expiresAt : row.settled_at === null ? undefined : new Date(row.settled_at);
  const terms = row.terms === null || row.terms === undefined ? undefined : (decodeJson(row.terms) as UsageTerms | undefined);
  const returnedUnits = row.returned_units === null || row.returned_units === undefined ? undefined : (decodeJson(row.returned_units) as ReturnedUnits | undefined);
  return {
    reservationId: row.reservation_id,
    promotionId: row.promotion_id,
    ...(row.code_key === null ? {} : { codeKey: row.code_key }),
    ...(row.customer_id === null ? {} : { customerId: row.customer_id }),
    ...(row.period_key === null ? {} : { periodKey: row.period_key }),
    currency: row.currency,
    discountMinor: Number(row.discount_minor),
    ...(row.order_id === null ? {} : { orderId: row.order_id }),
    expiresAt,
    voucherDebitMinor: Number(row.voucher_debit_minor),
    status: lapsed ? 'expired' : row.status,
    reservedAt: new Date(row.reserved_at),
    ...(settled === undefined ? {} : { settledAt: settled }),
    voucherCreditedMinor: Number(row.voucher_credited_minor),
    ...(row.checkout_id === null ? {} : { checkoutId: row.checkout_id }),
    ...(row.checkout_hash === null ? {} : { checkoutHash: row.checkout_hash }),
    ...(terms === undefined ? {} : { terms }),
    ...(returnedUnits === undefined ? {} : { returnedUnits }),
  };
}

/**
 * Usage of a promotion by the counting rule (committed, or reserved with `expires_at > at`),
 * in ONE statement so every figure comes from the same snapshot. Committed usages come from the
 * promotion's `total` and `budget` counters (`used`, kept by commit and restore), live
 * reservations from the few rows still `reserved`; the customer's, code's and period's counts
 * are read only when asked for (index on each), so the cost does not grow with a promotion's
 * history. `needsTotals: false` skips the promotion-wide figures (total and spend) when no
 * limit needs them.
 *
 * @example
 * ```ts
 * const counts = await countUsage(tx, '"fidelis"', { promotionId: 'spring', customerId: 'c1', at: now });
 * ```
 */
export async function countUsage(
  tx: SqlQueryable,
  s: string,
  q: { promotionId: string; customerId?: string | undefined; codeKey?: string | undefined; periodKey?: string | undefined; at: Date },
  needsTotals = true,
): Promise<UsageCounts> {
  const counting = `(status = 'committed' OR (status = 'reserved' AND expires_at > $2::timestamptz))`;
  const params: unknown[] = [q.promotionId, q.at.toISOString()];
  const parts: string[] = [];
  if (needsTotals) {
    parts.push(
      `SELECT 'committed' AS kind, ''::text AS currency, used AS n, NULL::numeric AS spent
         FROM ${s}.coupon_counters WHERE promotion_id = $1 AND scope = 'total' AND scope_key = ''`,
      `SELECT 'spent', scope_key, 0, used FROM ${s}.coupon_counters WHERE promotion_id = $1 AND scope = 'budget' AND used > 0`,
      `SELECT 'live', currency, count(*), sum(discount_minor) FROM ${s}.coupon_reservations
        WHERE promotion_id = $1 AND status = 'reserved' AND expires_at > $2::timestamptz GROUP BY currency`,
    );
  }
  const dimension = (kind: string, value: string | undefined, where: string): void => {
    if (value === undefined) return;
    params.push(value);
    parts.push(`SELECT '${kind}' AS kind, ''::text AS currency, count(*) AS n, NULL::numeric AS spent FROM ${s}.coupon_reservations WHERE ${where.replace('?', `$${params.length}::text`)} AND ${counting}`);
  };
  dimension('customer', q.customerId, 'promotion_id = $1 AND customer_id = ?');
  dimension('code', q.codeKey, 'code_key = ? AND promotion_id = $1');
  dimension('period', q.periodKey, 'promotion_id = $1 AND period_key = ?');
  const text = parts.join(' UNION ALL ');
  const rows =
    parts.length === 0 ? [] : (await tx.query<{ kind: string; currency: string; n: string | number; spent: string | number | null }>(text, params, statementName(text))).rows;
  const counts = { total: 0, customer: 0, code: 0, period: 0 };
  const spentMinor: Record<string, number> = {};
  for (const r of rows) {
    const n = Number(r.n);
    if (r.kind === 'committed' || r.kind === 'live') counts.total += n;
    if (r.kind === 'spent' || r.kind === 'live') {
      spentMinor[r.currency] = (spentMinor[r.currency] ?? 0) + Number(r.spent ?? 0);
    } else if (r.kind === 'customer' || r.kind === 'code' || r.kind === 'period') {
      counts[r.kind] += n;
    }
  }
  return { ...counts, spentMinor };
}
