import { FidelisError } from '../../core/errors.js';
import type { CouponUsageLimits, ReserveOutcome, UsageRejection, UsageRequest } from '../../storage/coupon-store.js';
import { RESERVATION_COLUMNS, type ReservationRow, countUsage, reservationView } from './coupon-rows.js';
import { decodeJson } from './json-codec.js';
import { rollbackWith, transactionOutcome } from './rollback.js';
import type { SqlClient, SqlQueryable } from './sql-client.js';
import { statementName } from './statement-name.js';

function sameRequest(row: ReservationRow, req: UsageRequest): boolean {
  return (
    row.promotion_id === req.promotionId &&
    row.code_key === (req.codeKey ?? null) &&
    row.customer_id === (req.customerId ?? null) &&
    row.period_key === (req.periodKey ?? null) &&
    row.currency === req.currency &&
    Number(row.discount_minor) === req.discountMinor &&
    Number(row.voucher_debit_minor) === (req.voucherDebitMinor ?? 0)
  );
}

async function replayOf(tx: SqlQueryable, s: string, req: UsageRequest): Promise<ReserveOutcome | undefined> {
  const { rows } = await tx.query<ReservationRow>(
    `SELECT ${RESERVATION_COLUMNS} FROM ${s}.coupon_reservations WHERE reservation_id = $1`,
    [req.reservationId],
  );
  const row = rows[0];
  return row === undefined ? undefined : replayed(row, req);
}

function replayed(row: ReservationRow, req: UsageRequest): ReserveOutcome {
  if (!sameRequest(row, req)) {
    throw new FidelisError('CONFLICT', `reservationId: "${req.reservationId}" was already used for another usage`, {
      reservationId: req.reservationId,
    });
  }
  return { ok: true, reservation: reservationView(row, req.at), replayed: true };
}

interface CodeRow {
  promotion_id: string;
  assigned_to: string | null;
  voucher_currency: string | null;
  available: string | number | null;
}

/** The code and its available voucher balance (balance minus holds of live reservations) in one statement, one snapshot. */
async function codeWithAvailable(tx: SqlQueryable, s: string, key: string, at: Date): Promise<CodeRow | undefined> {
  const text = `SELECT c.promotion_id, c.assigned_to, c.voucher_currency,
            c.voucher_initial_minor - c.voucher_committed_debit_minor + c.voucher_credited_minor
              - COALESCE((SELECT sum(r.voucher_debit_minor) FROM ${s}.coupon_reservations r
                           WHERE r.code_key = c.key AND r.status = 'reserved' AND r.expires_at > $2::timestamptz), 0) AS available
       FROM ${s}.coupon_codes c WHERE c.key = $1::text`;
  const { rows } = await tx.query<CodeRow>(text, [key, at.toISOString()], statementName(text));
  return rows[0];
}

/** The checks of one reservation, in the order the Store port lists them; the first failing one is the reason. */
async function rejection(tx: SqlQueryable, s: string, req: UsageRequest, limits: CouponUsageLimits): Promise<UsageRejection | undefined> {
  let code: CodeRow | undefined;
  if (req.codeKey !== undefined) {
    code = await codeWithAvailable(tx, s, req.codeKey, req.at);
    if (code === undefined || code.promotion_id !== req.promotionId) return 'UNKNOWN_CODE';
    if (code.assigned_to !== null && code.assigned_to !== req.customerId) return 'NOT_ASSIGNED';
  }
  if (limits.perCustomer !== undefined && req.customerId === undefined) return 'CUSTOMER_REQUIRED';
  if (limits.perPeriod !== undefined && req.periodKey === undefined) return 'PERIOD_REQUIRED';
  const c = await countUsage(
    tx,
    s,
    {
      promotionId: req.promotionId,
      customerId: limits.perCustomer === undefined ? undefined : req.customerId,
      codeKey: limits.perCode === undefined ? undefined : req.codeKey,
      periodKey: limits.perPeriod === undefined ? undefined : req.periodKey,
      at: req.at,
    },
    limits.total !== undefined || limits.budgets?.[req.currency] !== undefined,
  );
  if (limits.total !== undefined && c.total >= limits.total) return 'TOTAL_LIMIT';
  if (limits.perCustomer !== undefined && c.customer >= limits.perCustomer) return 'CUSTOMER_LIMIT';
  if (limits.perCode !== undefined && req.codeKey !== undefined && c.code >= limits.perCode) return 'CODE_LIMIT';
  if (limits.perPeriod !== undefined && c.period >= limits.perPeriod) return 'PERIOD_LIMIT';
  const budget = limits.budgets?.[req.currency];
  if (budget !== undefined && (c.spentMinor[req.currency] ?? 0) + req.discountMinor > budget) return 'BUDGET_EXHAUSTED';
  const debit = req.voucherDebitMinor ?? 0;
  if (debit > 0) {
    if (code === undefined || code.voucher_currency === null) return 'NOT_A_VOUCHER';
    if (code.voucher_currency !== req.currency || Number(code.available) < debit) return 'INSUFFICIENT_BALANCE';
  }
  return undefined;
}

/**
 * `reserveUsage` on PostgreSQL, one transaction: the promotion's row is locked
 * (`SELECT … FOR UPDATE`: reservations of one promotion queue there, so counting and inserting
 * cannot interleave) in the same statement that looks the reservation id up (a replay returns
 * the stored reservation); every limit is checked on counts read in one statement (reservations
 * past their TTL no longer count, by `expires_at > at`), and the reservation is inserted
 * (`ON CONFLICT DO NOTHING`: a concurrent twin turns into a replay). A refusal rolls everything back.
 *
 * @example
 * ```ts
 * const outcome = await reserveUsageTx(sql, '"fidelis"', request);
 * ```
 */
export async function reserveUsageTx(sql: SqlClient, s: string, req: UsageRequest): Promise<ReserveOutcome> {
  for (;;) {
    const outcome = await transactionOutcome<ReserveOutcome | 'raced'>(sql, async (tx) => {
      // Lock the promotion's row and look for a replay in one round trip; without the promotion,
      // a replay is still answered (the reservation's own promotion may have been asked for).
      const lock = `SELECT c.limits, ${RESERVATION_COLUMNS.split(', ').map((col) => `r.${col}`).join(', ')}
           FROM ${s}.coupons c LEFT JOIN ${s}.coupon_reservations r ON r.reservation_id = $2::text
          WHERE c.promotion_id = $1::text FOR UPDATE OF c`;
      const { rows } = await tx.query<{ limits: unknown } & Partial<ReservationRow>>(lock, [req.promotionId, req.reservationId], statementName(lock));
      const coupon = rows[0];
      if (coupon?.reservation_id !== undefined && coupon.reservation_id !== null) return replayed(coupon as ReservationRow, req);
      if (coupon === undefined) {
        const replay = await replayOf(tx, s, req);
        return replay ?? rollbackWith<ReserveOutcome>({ ok: false, reason: 'UNKNOWN_PROMOTION' });
      }
      const reason = await rejection(tx, s, req, decodeJson(coupon.limits) as CouponUsageLimits);
      if (reason !== undefined) return rollbackWith<ReserveOutcome>({ ok: false, reason });
      const insert = `INSERT INTO ${s}.coupon_reservations (reservation_id, promotion_id, code_key, customer_id, period_key, currency,
           discount_minor, voucher_debit_minor, order_id, reserved_at, expires_at, status)
         VALUES ($1::text, $2::text, $3::text, $4::text, $5::text, $6::text, $7::numeric, $8::numeric, $9::text, $10::timestamptz, $11::timestamptz, 'reserved')
         ON CONFLICT (reservation_id) DO NOTHING RETURNING ${RESERVATION_COLUMNS}`;
      const inserted = await tx.query<ReservationRow>(
        insert,
        [
          req.reservationId,
          req.promotionId,
          req.codeKey ?? null,
          req.customerId ?? null,
          req.periodKey ?? null,
          req.currency,
          String(req.discountMinor),
          String(req.voucherDebitMinor ?? 0),
          req.orderId ?? null,
          req.at.toISOString(),
          req.expiresAt.toISOString(),
        ],
        statementName(insert),
      );
      const row = inserted.rows[0];
      if (row === undefined) return rollbackWith<'raced'>('raced');
      return { ok: true, reservation: reservationView(row, req.at), replayed: false };
    });
    if (outcome !== 'raced') return outcome;
  }
}
