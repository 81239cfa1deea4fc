import { FidelisError } from '../../core/errors.js';
import type { ReserveOutcome, UsageRejection, UsageRequest } from '../../storage/coupon-store.js';
import { counterUpdate, voucherUnhold } from './coupon-counters.js';
import { RESERVATION_COLUMNS, type ReservationRow, reservationView } from './coupon-rows.js';
import { type SqlQueryable, defaultRetryPolicy, sqlStateOf, withSerializationRetry } from './sql-client.js';
import { eventsParam, insertEventsSql } from './events.js';
import { encodeJson } from './json-codec.js';
import { preparedStatement } from './statement-name.js';

/** Raised inside the reserve statement (a cast that fails) when a guarded counter refuses: the statement rolls back. */
const REFUSED = 'fidelis:refused:';

const LIMIT_REASONS: ReadonlySet<UsageRejection> = new Set(['TOTAL_LIMIT', 'CUSTOMER_LIMIT', 'CODE_LIMIT', 'PERIOD_LIMIT', 'BUDGET_EXHAUSTED', 'INSUFFICIENT_BALANCE']);

/**
 * The reserve statement. From one snapshot it finds a replay (the reservation id is stored), or
 * the first reason to refuse in the port's order (unknown promotion or code, a code assigned to
 * someone else, a missing customer or period, each limit on the counters of `coupon_counters`,
 * a code that is not a voucher, a voucher balance too low); with none, `gate` opens and the
 * reservation is inserted, every counter it counts in is raised by a guarded upsert
 * (`ON CONFLICT DO UPDATE … WHERE held + used + amount <= limit`, which re-checks the row a
 * concurrent reservation left) and the voucher's hold by a guarded update. When a guard refuses
 * under concurrency, the final select fails a cast naming the reason, so nothing is written.
 * Parameters: $1 reservation id, $2 promotion, $3 code key, $4 customer, $5 period key,
 * $6 currency, $7 discount, $8 voucher debit, $9 order id, $10 at, $11 expires at.
 *
 * @example
 * ```ts
 * const text = reserveSql('"fidelis"');
 * ```
 */
export function reserveSql(s: string): string {
  const counter = (scope: string, key: string): string =>
    `COALESCE((SELECT held + used FROM ${s}.coupon_counters WHERE promotion_id = $2::text AND scope = '${scope}' AND scope_key = ${key}), 0)`;
  const guarded = (name: string, scope: string, key: string, amount: string, limit: string): string =>
    `${name} AS (INSERT INTO ${s}.coupon_counters AS x (promotion_id, scope, scope_key, held, used)
        SELECT $2::text, '${scope}', ${key}, ${amount}, 0 FROM gate, lim WHERE ${key} IS NOT NULL AND (${limit} IS NULL OR ${amount} <= ${limit})
        ON CONFLICT (promotion_id, scope, scope_key) DO UPDATE SET held = x.held + EXCLUDED.held
          WHERE (SELECT ${limit} FROM lim) IS NULL OR x.held + x.used + EXCLUDED.held <= (SELECT ${limit} FROM lim)
        RETURNING 1)`;
  return `WITH known AS (SELECT ${RESERVATION_COLUMNS} FROM ${s}.coupon_reservations WHERE reservation_id = $1::text),
  promo AS (SELECT limits->'v' AS l FROM ${s}.coupons WHERE promotion_id = $2::text),
  lim AS (SELECT (l->>'total')::numeric AS total, (l->>'perCustomer')::numeric AS customer,
                 CASE WHEN $3::text IS NULL THEN NULL ELSE (l->>'perCode')::numeric END AS code,
                 (l->>'perPeriod')::numeric AS period, (l->'budgets'->>$6::text)::numeric AS budget FROM promo),
  code AS (SELECT promotion_id, assigned_to, voucher_currency,
                  voucher_initial_minor - voucher_committed_debit_minor + voucher_credited_minor - voucher_held_minor AS available
             FROM ${s}.coupon_codes WHERE key = $3::text),
  pre AS (SELECT CASE
      WHEN EXISTS (SELECT 1 FROM known) THEN 'REPLAY'
      WHEN NOT EXISTS (SELECT 1 FROM promo) THEN 'UNKNOWN_PROMOTION'
      WHEN $3::text IS NOT NULL AND NOT EXISTS (SELECT 1 FROM code WHERE promotion_id = $2::text) THEN 'UNKNOWN_CODE'
      WHEN EXISTS (SELECT 1 FROM code WHERE assigned_to IS NOT NULL AND assigned_to IS DISTINCT FROM $4::text) THEN 'NOT_ASSIGNED'
      WHEN (SELECT customer FROM lim) IS NOT NULL AND $4::text IS NULL THEN 'CUSTOMER_REQUIRED'
      WHEN (SELECT period FROM lim) IS NOT NULL AND $5::text IS NULL THEN 'PERIOD_REQUIRED'
      WHEN ${counter('total', `''`)} + 1 > (SELECT total FROM lim) THEN 'TOTAL_LIMIT'
      WHEN ${counter('customer', '$4::text')} + 1 > (SELECT customer FROM lim) THEN 'CUSTOMER_LIMIT'
      WHEN ${counter('code', '$3::text')} + 1 > (SELECT code FROM lim) THEN 'CODE_LIMIT'
      WHEN ${counter('period', '$5::text')} + 1 > (SELECT period FROM lim) THEN 'PERIOD_LIMIT'
      WHEN ${counter('budget', '$6::text')} + $7::numeric > (SELECT budget FROM lim) THEN 'BUDGET_EXHAUSTED'
      WHEN $8::numeric > 0 AND NOT EXISTS (SELECT 1 FROM code WHERE voucher_currency IS NOT NULL) THEN 'NOT_A_VOUCHER'
      WHEN $8::numeric > 0 AND NOT EXISTS (SELECT 1 FROM code WHERE voucher_currency = $6::text AND available >= $8::numeric) THEN 'INSUFFICIENT_BALANCE'
    END AS reason),
  gate AS (SELECT 1 FROM pre WHERE reason IS NULL),
  r AS (INSERT INTO ${s}.coupon_reservations (reservation_id, promotion_id, code_key, customer_id, period_key, currency,
           discount_minor, voucher_debit_minor, order_id, reserved_at, expires_at, status, checkout_id, checkout_hash, terms)
        SELECT $1::text, $2::text, $3::text, $4::text, $5::text, $6::text, $7::numeric, $8::numeric, $9::text, $10::timestamptz, $11::timestamptz, 'reserved',
               $12::text, $13::text, $14::jsonb
          FROM gate
        RETURNING ${RESERVATION_COLUMNS}),
  ev AS (${insertEventsSql(s, 'gate', '$15')}),
  ${guarded('c_total', 'total', `''::text`, '1::numeric', 'lim.total')},
  ${guarded('c_customer', 'customer', '$4::text', '1::numeric', 'lim.customer')},
  ${guarded('c_code', 'code', '$3::text', '1::numeric', 'lim.code')},
  ${guarded('c_period', 'period', '$5::text', '1::numeric', 'lim.period')},
  ${guarded('c_budget', 'budget', '$6::text', '$7::numeric', 'lim.budget')},
  held AS (UPDATE ${s}.coupon_codes c SET voucher_held_minor = c.voucher_held_minor + $8::numeric FROM gate
            WHERE $8::numeric > 0 AND c.key = $3::text AND c.voucher_currency = $6::text
              AND c.voucher_initial_minor - c.voucher_committed_debit_minor + c.voucher_credited_minor - c.voucher_held_minor >= $8::numeric
           RETURNING 1),
  refused AS (SELECT CASE
      WHEN NOT EXISTS (SELECT 1 FROM gate) THEN NULL
      WHEN NOT EXISTS (SELECT 1 FROM c_total) THEN 'TOTAL_LIMIT'
      WHEN $4::text IS NOT NULL AND NOT EXISTS (SELECT 1 FROM c_customer) THEN 'CUSTOMER_LIMIT'
      WHEN $3::text IS NOT NULL AND NOT EXISTS (SELECT 1 FROM c_code) THEN 'CODE_LIMIT'
      WHEN $5::text IS NOT NULL AND NOT EXISTS (SELECT 1 FROM c_period) THEN 'PERIOD_LIMIT'
      WHEN NOT EXISTS (SELECT 1 FROM c_budget) THEN 'BUDGET_EXHAUSTED'
      WHEN $8::numeric > 0 AND NOT EXISTS (SELECT 1 FROM held) THEN 'INSUFFICIENT_BALANCE'
    END AS reason)
  SELECT pre.reason, CASE WHEN refused.reason IS NULL THEN 0 ELSE ('${REFUSED}' || refused.reason)::int END AS guard,
         ${RESERVATION_COLUMNS.split(', ').map((c) => `COALESCE(r.${c}, known.${c}) AS ${c}`).join(', ')}
    FROM pre, refused LEFT JOIN r ON true LEFT JOIN known ON true`;
}

/**
 * Lapsed reservations of a promotion (status `reserved`, TTL passed at `$2`) marked expired, and
 * their holds on the counters and vouchers given back, in one statement. Reserving runs it when
 * a limit refuses, so a reservation that was never committed or released stops counting.
 *
 * @example
 * ```ts
 * const text = sweepSql('"fidelis"');
 * ```
 */
export function sweepSql(s: string): string {
  return `WITH lapsed AS (UPDATE ${s}.coupon_reservations SET status = 'expired', settled_at = expires_at
                  WHERE promotion_id = $1::text AND status = 'reserved' AND expires_at <= $2::timestamptz
                  RETURNING promotion_id, customer_id, code_key, period_key, currency, discount_minor, voucher_debit_minor),
    ${counterUpdate(s, 'counted', 'lapsed', '-1', '0')},
    unheld AS (${voucherUnhold(s, 'lapsed')})
    SELECT count(*) AS n FROM lapsed`;
}

interface ReserveRow extends Partial<ReservationRow> {
  reason: string | null;
}

function sameRequest(row: ReservationRow, req: UsageRequest): boolean {
  return (
    row.promotion_id === req.promotionId &&
    row.code_key === (req.codeKey ?? null) &&
    row.customer_id === (req.customerId ?? null) &&
    row.period_key === (req.periodKey ?? null) &&
    row.currency === req.currency &&
    Number(row.discount_minor) === req.discountMinor &&
    Number(row.voucher_debit_minor) === (req.voucherDebitMinor ?? 0) &&
    row.checkout_hash === (req.checkoutHash ?? null)
  );
}

function refusedBy(error: unknown): UsageRejection | undefined {
  if (sqlStateOf(error) !== '22P02' || !(error instanceof Error)) return undefined;
  const at = error.message.indexOf(REFUSED);
  return at < 0 ? undefined : (error.message.slice(at + REFUSED.length).match(/^[A-Z_]+/)?.[0] as UsageRejection | undefined);
}

/**
 * `reserveUsage` on PostgreSQL: ONE statement (see {@link reserveSql}), prepared. A replay
 * returns the stored reservation (`CONFLICT` for another request under the same id); a limit
 * that refuses first sweeps the promotion's lapsed reservations ({@link sweepSql}) and asks once
 * more; a concurrent twin of the same reservation id (a unique violation) is asked again and
 * becomes a replay.
 *
 * @example
 * ```ts
 * const outcome = await reserveUsageStatement(sql, '"fidelis"', request);
 * ```
 */
export async function reserveUsageStatement(sql: SqlQueryable, s: string, req: UsageRequest): Promise<ReserveOutcome> {
  const { text, options } = preparedStatement(`reserve|${s}`, () => reserveSql(s));
  const params = [
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
    req.checkoutId ?? null,
    req.checkoutHash ?? null,
    req.terms === undefined ? null : encodeJson(req.terms),
    eventsParam(req.events),
  ];
  let swept = false;
  for (let attempt = 0; ; attempt++) {
    let reason: UsageRejection | 'REPLAY' | undefined;
    let row: ReserveRow | undefined;
    try {
      row = (await withSerializationRetry(() => sql.query<ReserveRow>(text, params, options), defaultRetryPolicy)).rows[0];
      reason = (row?.reason ?? undefined) as UsageRejection | 'REPLAY' | undefined;
    } catch (error) {
      if (sqlStateOf(error) === '23505' && attempt < 3) continue; // a twin got there first: it is a replay now
      reason = refusedBy(error);
      if (reason === undefined) throw error;
    }
    if (reason === 'REPLAY') {
      const stored = row as ReservationRow;
      if (!sameRequest(stored, req)) {
        throw new FidelisError('CONFLICT', `reservationId: "${req.reservationId}" was already used for another usage`, { reservationId: req.reservationId });
      }
      return { ok: true, reservation: reservationView(stored, req.at), replayed: true };
    }
    if (reason !== undefined) {
      if (swept || !LIMIT_REASONS.has(reason)) return { ok: false, reason };
      const sweep = preparedStatement(`sweep|${s}`, () => sweepSql(s));
      await withSerializationRetry(() => sql.query(sweep.text, [req.promotionId, req.at.toISOString()], sweep.options), defaultRetryPolicy);
      swept = true;
      continue;
    }
    if (row === undefined || row.reservation_id === undefined || row.reservation_id === null) throw new Error('reserve: the statement returned no reservation');
    return { ok: true, reservation: reservationView(row as ReservationRow, req.at), replayed: false };
  }
}
