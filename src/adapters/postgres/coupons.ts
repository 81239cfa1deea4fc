import { eventsParam, insertEvents, insertEventsSql } from './events.js';
import { FidelisError } from '../../core/errors.js';
import { restoreDecision } from '../../storage/coupon-restore.js';
import type {
  CodeBatch,
  CouponActivity,
  CouponCodeRecord,
  CouponRecord,
  CouponStore,
  CouponUsageLimits,
  NewCouponCode,
  SettleOutcome,
  UsageRestore,
  UsageSettle,
} from '../../storage/coupon-store.js';
import { RESERVATION_COLUMNS, type ReservationRow, countUsage, reservationView } from './coupon-rows.js';
import { counterUpdate, voucherUnhold } from './coupon-counters.js';
import { reserveUsageStatement } from './coupon-reserve.js';
import { decodeJson, encodeJson } from './json-codec.js';
import type { PostgresScope } from './postgres-store.js';
import { type SqlQueryable, defaultRetryPolicy, withSerializationRetry } from './sql-client.js';
import { chunks, inList, valuesList } from './sql-values.js';
import { statementName } from './statement-name.js';

interface CodeRow {
  key: string;
  display: string;
  promotion_id: string;
  issued_at: Date | string;
  assigned_to: string | null;
  voucher_currency: string | null;
  voucher_initial_minor: string | number | null;
  balance: string | number | null;
  available: string | number | null;
}

/** The columns of a {@link CouponCodeRecord}, voucher balances as of `$2`; add the WHERE. */
function codeSelect(s: string): string {
  return `SELECT c.key, c.display, c.promotion_id, c.issued_at, c.assigned_to, c.voucher_currency, c.voucher_initial_minor,
                c.voucher_initial_minor - c.voucher_committed_debit_minor + c.voucher_credited_minor AS balance,
                c.voucher_initial_minor - c.voucher_committed_debit_minor + c.voucher_credited_minor
                  - COALESCE((SELECT sum(r.voucher_debit_minor) FROM ${s}.coupon_reservations r
                               WHERE r.code_key = c.key AND r.status = 'reserved' AND r.expires_at > $2::timestamptz), 0) AS available
           FROM ${s}.coupon_codes c`;
}

function codeRecord(row: CodeRow): CouponCodeRecord {
  return {
    key: row.key,
    display: row.display,
    promotionId: row.promotion_id,
    issuedAt: new Date(row.issued_at),
    ...(row.assigned_to === null ? {} : { assignedTo: row.assigned_to }),
    ...(row.voucher_currency === null
      ? {}
      : {
          voucher: {
            currency: row.voucher_currency,
            initialMinor: Number(row.voucher_initial_minor),
            balanceMinor: Number(row.balance),
            availableMinor: Number(row.available),
          },
        }),
  };
}

async function selectReservation(tx: SqlQueryable, s: string, id: string): Promise<ReservationRow | undefined> {
  const { rows } = await tx.query<ReservationRow>(`SELECT ${RESERVATION_COLUMNS} FROM ${s}.coupon_reservations WHERE reservation_id = $1`, [id]);
  return rows[0];
}

/**
 * commit / release as ONE statement (atomic on its own): the guarded transition
 * `reserved` (TTL not passed) → `to`, and for a commit, in data-modifying CTEs of the same
 * statement, the promotion's committed totals and the voucher's committed debit. When nothing
 * moved, a lapsed reservation is marked expired (a second guarded statement) and reported unchanged.
 */
async function settle(sql: SqlQueryable, s: string, req: UsageSettle, to: 'committed' | 'released'): Promise<SettleOutcome> {
  const { reservationId: id, at } = req;
  const when = at.toISOString();
  const text = `WITH moved AS (
       UPDATE ${s}.coupon_reservations
          SET status = $2::text, settled_at = $3::timestamptz,
              committed_at = CASE WHEN $2::text = 'committed' THEN $3::timestamptz ELSE committed_at END
        WHERE reservation_id = $1::text AND status = 'reserved' AND expires_at > $3::timestamptz
        RETURNING ${RESERVATION_COLUMNS}
     ), ${counterUpdate(s, 'counted', 'moved', '-1', `CASE WHEN $2::text = 'committed' THEN 1 ELSE 0 END`)},
     voucher AS (
       UPDATE ${s}.coupon_codes c
          SET voucher_held_minor = c.voucher_held_minor - m.voucher_debit_minor,
              voucher_committed_debit_minor = c.voucher_committed_debit_minor + CASE WHEN $2::text = 'committed' THEN m.voucher_debit_minor ELSE 0 END
         FROM moved m
        WHERE c.key = m.code_key AND m.voucher_debit_minor > 0 AND c.voucher_currency IS NOT NULL
       RETURNING 1
     ),
     ev AS (${insertEventsSql(s, 'moved', '$4')})
     SELECT ${RESERVATION_COLUMNS} FROM moved`;
  const moved = await withSerializationRetry(() => sql.query<ReservationRow>(text, [id, to, when, eventsParam(req.events)], statementName(text)), defaultRetryPolicy);
  const row = moved.rows[0];
  if (row !== undefined) return { reservation: reservationView(row, at), changed: true };
  const lapse = `WITH lapsed AS (UPDATE ${s}.coupon_reservations SET status = 'expired', settled_at = expires_at
      WHERE reservation_id = $1::text AND status = 'reserved' AND expires_at <= $2::timestamptz
      RETURNING ${RESERVATION_COLUMNS}),
    ${counterUpdate(s, 'counted', 'lapsed', '-1', '0')},
    unheld AS (${voucherUnhold(s, 'lapsed')})
    SELECT ${RESERVATION_COLUMNS} FROM lapsed`;
  const lapsed = await withSerializationRetry(() => sql.query<ReservationRow>(lapse, [id, when], statementName(lapse)), defaultRetryPolicy);
  const current = lapsed.rows[0] ?? (await selectReservation(sql, s, id));
  return { reservation: current === undefined ? undefined : reservationView(current, at), changed: false };
}

async function restore(tx: SqlQueryable, s: string, req: UsageRestore): Promise<SettleOutcome> {
  const { rows } = await tx.query<ReservationRow>(
    `SELECT ${RESERVATION_COLUMNS} FROM ${s}.coupon_reservations WHERE reservation_id = $1 FOR UPDATE`,
    [req.reservationId],
  );
  const row = rows[0];
  if (row === undefined) return { reservation: undefined, changed: false };
  if (row.status !== 'committed' && row.status !== 'restored') return { reservation: reservationView(row, req.at), changed: false };
  const when = req.at.toISOString();
  const first = await tx.query(
    `INSERT INTO ${s}.coupon_restores (reservation_id, restore_id, at) VALUES ($1, $2, $3::timestamptz)
     ON CONFLICT (reservation_id, restore_id) DO NOTHING RETURNING restore_id`,
    [req.reservationId, req.restoreId, when],
  );
  if (first.rowCount === 0) return { reservation: reservationView(row, req.at), changed: false };
  const view = reservationView(row, req.at);
  const decision = restoreDecision(
    { terms: view.terms, returnedUnits: view.returnedUnits, voucherDebitMinor: view.voucherDebitMinor, voucherCreditedMinor: view.voucherCreditedMinor, committed: row.status === 'committed' },
    req,
  );
  let changed = false;
  if (decision.returnedUnits !== undefined) {
    await tx.query(`UPDATE ${s}.coupon_reservations SET returned_units = $2::jsonb WHERE reservation_id = $1`, [req.reservationId, encodeJson(decision.returnedUnits)]);
  }
  if (decision.restoreUsage) {
    await tx.query(
      `WITH moved AS (UPDATE ${s}.coupon_reservations SET status = 'restored', settled_at = $2::timestamptz, restored_at = $2::timestamptz
        WHERE reservation_id = $1 RETURNING ${RESERVATION_COLUMNS}),
       ${counterUpdate(s, 'counted', 'moved', '0', '-1')}
       SELECT 1 FROM moved`,
      [req.reservationId, when],
    );
    changed = true;
  }
  const credit = decision.creditMinor;
  if (credit > 0 && row.code_key !== null) {
    const credited = await tx.query(
      `UPDATE ${s}.coupon_codes SET voucher_credited_minor = voucher_credited_minor + $2::numeric
        WHERE key = $1 AND voucher_currency IS NOT NULL RETURNING key`,
      [row.code_key, String(credit)],
    );
    if (credited.rowCount === 1) {
      await tx.query(
        `UPDATE ${s}.coupon_reservations SET voucher_credited_minor = voucher_credited_minor + $2::numeric WHERE reservation_id = $1`,
        [req.reservationId, String(credit)],
      );
      changed = true;
    }
  }
  if (changed) await insertEvents(tx, s, req.events);
  const after = await selectReservation(tx, s, req.reservationId);
  return { reservation: after === undefined ? undefined : reservationView(after, req.at), changed };
}

async function addCodes(tx: SqlQueryable, s: string, promotionId: string, list: readonly NewCouponCode[], at: Date, batch: CodeBatch | undefined): Promise<{ added: number; batchExisted?: boolean }> {
  const known = await tx.query(`SELECT promotion_id FROM ${s}.coupons WHERE promotion_id = $1`, [promotionId]);
  if (known.rowCount === 0) throw new FidelisError('NOT_FOUND', `promotionId: "${promotionId}" is not a defined coupon`, { promotionId });
  if (batch !== undefined) {
    // The batch row first: a twin call waits on its key, then finds it and adds nothing.
    const created = await tx.query(
      `INSERT INTO ${s}.coupon_batches (batch_id, promotion_id, created_at) VALUES ($1, $2, $3::timestamptz) ON CONFLICT (batch_id) DO NOTHING RETURNING batch_id`,
      [batch.id, promotionId, at.toISOString()],
    );
    if (created.rowCount === 0) return { added: 0, batchExisted: true };
  }
  const firsts = new Map<string, NewCouponCode>();
  for (const c of list) if (!firsts.has(c.key)) firsts.set(c.key, c);
  const inserted = new Set<string>();
  const sorted = [...firsts.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const part of chunks(sorted, 1000)) {
    const v = valuesList(
      part.map((c) => [
        c.key,
        c.display,
        promotionId,
        at.toISOString(),
        c.assignedTo ?? null,
        c.voucher?.currency ?? null,
        c.voucher === undefined ? null : String(c.voucher.amountMinor),
        c.shared === true,
        batch?.id ?? null,
      ]),
      1,
      ['', '', '', '::timestamptz', '::text', '::text', '::numeric', '::boolean', '::text'],
    );
    const { rows } = await tx.query<{ key: string }>(
      `INSERT INTO ${s}.coupon_codes (key, display, promotion_id, issued_at, assigned_to, voucher_currency, voucher_initial_minor, shared, batch_id)
       VALUES ${v.text} ON CONFLICT (key) DO NOTHING RETURNING key`,
      v.params,
    );
    for (const r of rows) inserted.add(r.key);
  }
  const existing = new Map<string, { promotion_id: string; display: string }>();
  const notNew = sorted.filter((c) => !inserted.has(c.key)).map((c) => c.key);
  for (const part of chunks(notNew, 1000)) {
    const { rows } = await tx.query<{ key: string; promotion_id: string; display: string }>(
      `SELECT key, promotion_id, display FROM ${s}.coupon_codes WHERE key IN (${inList(part.length)})`,
      part,
    );
    for (const r of rows) existing.set(r.key, r);
  }
  const conflicts: string[] = [];
  const seen = new Set<string>();
  for (const c of list) {
    const stored = existing.get(c.key);
    if (seen.has(c.key)) conflicts.push(c.key);
    else if (stored !== undefined && (stored.promotion_id !== promotionId || stored.display !== c.display)) conflicts.push(c.key);
    seen.add(c.key);
  }
  if (conflicts.length > 0) {
    throw new FidelisError('CONFLICT', `codes: ${conflicts.length} key(s) already used (${conflicts.slice(0, 5).join(', ')})`, { keys: conflicts });
  }
  await insertEvents(tx, s, batch?.events);
  return { added: inserted.size };
}

function addTo(map: Record<string, number>, key: string, n: number): void {
  map[key] = (map[key] ?? 0) + n;
}

/**
 * The coupon-usage operations of the Store on PostgreSQL. A reservation is one statement of
 * guarded upserts on the usage counters (see `reserveUsageStatement`); commit and release are one
 * statement: a guarded `UPDATE … WHERE status = 'reserved' AND expires_at > at` whose CTEs keep
 * the counters and the voucher's hold; restores are unique per
 * (reservation, restore id) and lock the reservation row; codes are inserted all-or-nothing
 * with `ON CONFLICT DO NOTHING` and a check of what was already there.
 *
 * @example
 * ```ts
 * const part = createPgCouponStore({ sql, schema: '"fidelis"' });
 * ```
 */
export function createPgCouponStore(scope: PostgresScope): CouponStore {
  const { sql, schema: s } = scope;
  return {
    async defineCoupon(coupon: CouponRecord) {
      await sql.query(
        `INSERT INTO ${s}.coupons (promotion_id, campaign, limits) VALUES ($1, $2, $3::text::jsonb)
         ON CONFLICT (promotion_id) DO UPDATE SET campaign = EXCLUDED.campaign, limits = EXCLUDED.limits`,
        [coupon.promotionId, coupon.campaign, encodeJson(coupon.limits)],
      );
    },

    async getCoupon(promotionId) {
      const { rows } = await sql.query<{ campaign: string; limits: unknown }>(`SELECT campaign, limits FROM ${s}.coupons WHERE promotion_id = $1`, [promotionId]);
      const row = rows[0];
      return row === undefined ? undefined : { promotionId, campaign: row.campaign, limits: decodeJson(row.limits) as CouponUsageLimits };
    },

    addCodes: (promotionId, list, at, batch) => sql.transaction((tx) => addCodes(tx, s, promotionId, list, at, batch)),

    async findCode(key, at) {
      const { rows } = await sql.query<CodeRow>(`${codeSelect(s)} WHERE c.key = $1`, [key, at.toISOString()]);
      const row = rows[0];
      return row === undefined ? undefined : codeRecord(row);
    },

    async eraseCouponCustomer(customerId, anonymousId) {
      if (customerId === anonymousId) return 0;
      return sql.transaction(async (tx) => {
        const reservations = await tx.query(`UPDATE ${s}.coupon_reservations SET customer_id = $2 WHERE customer_id = $1`, [customerId, anonymousId]);
        const assigned = await tx.query(`UPDATE ${s}.coupon_codes SET assigned_to = $2 WHERE assigned_to = $1`, [customerId, anonymousId]);
        // a fresh anonymous id has no counters yet: the customer's rows are renamed, counts unchanged
        const counters = await tx.query(`UPDATE ${s}.coupon_counters SET scope_key = $2 WHERE scope = 'customer' AND scope_key = $1`, [customerId, anonymousId]);
        return (reservations.rowCount ?? 0) + (assigned.rowCount ?? 0) + (counters.rowCount ?? 0);
      });
    },

    async codesOfBatch(batchId, at) {
      const { rows } = await sql.query<CodeRow>(`${codeSelect(s)} WHERE c.batch_id = $1 ORDER BY c.key`, [batchId, at.toISOString()]);
      return rows.map(codeRecord);
    },

    async existingCodeKeys(keys) {
      const found = new Set<string>();
      for (const part of chunks([...new Set(keys)], 1000)) {
        const { rows } = await sql.query<{ key: string }>(`SELECT key FROM ${s}.coupon_codes WHERE key IN (${inList(part.length)})`, part);
        for (const r of rows) found.add(r.key);
      }
      return found;
    },

    reserveUsage: (request) => reserveUsageStatement(sql, s, request),

    commitUsage: (request) => settle(sql, s, request, 'committed'),

    releaseUsage: (request) => settle(sql, s, request, 'released'),

    restoreUsage: (request) => sql.transaction((tx) => restore(tx, s, request)),

    async getReservation(reservationId, at) {
      const row = await selectReservation(sql, s, reservationId);
      return row === undefined ? undefined : reservationView(row, at);
    },

    async findReservations({ checkoutId, orderId, customerId }, at) {
      const [column, value] = checkoutId !== undefined ? ['checkout_id', checkoutId] : orderId !== undefined ? ['order_id', orderId] : ['customer_id', customerId];
      if (value === undefined) return [];
      const text = `SELECT ${RESERVATION_COLUMNS} FROM ${s}.coupon_reservations WHERE ${column} = $1::text ORDER BY reservation_id`;
      const { rows } = await sql.query<ReservationRow>(text, [value], statementName(text));
      return rows.map((row) => reservationView(row, at));
    },

    usageCounts: (query) => countUsage(sql, s, query),

    async couponActivity({ from, to, promotionIds }) {
      const range = [from.toISOString(), to.toISOString()];
      const [coupons, issued, committed, restored, redeemers] = await Promise.all([
        sql.query<{ promotion_id: string; campaign: string }>(`SELECT promotion_id, campaign FROM ${s}.coupons ORDER BY promotion_id`),
        sql.query<{ promotion_id: string; n: string | number; shared: string | number }>(
          `SELECT promotion_id, sum(CASE WHEN shared THEN 0 ELSE 1 END) AS n, sum(CASE WHEN shared THEN 1 ELSE 0 END) AS shared FROM ${s}.coupon_codes
            WHERE issued_at >= $1::timestamptz AND issued_at < $2::timestamptz GROUP BY promotion_id`,
          range,
        ),
        sql.query<{ promotion_id: string; currency: string; n: string | number; discount: string | number; debit: string | number }>(
          `SELECT promotion_id, currency, count(*) AS n, sum(discount_minor) AS discount, sum(voucher_debit_minor) AS debit
             FROM ${s}.coupon_reservations
            WHERE committed_at >= $1::timestamptz AND committed_at < $2::timestamptz GROUP BY promotion_id, currency`,
          range,
        ),
        sql.query<{ promotion_id: string; n: string | number }>(
          `SELECT promotion_id, count(*) AS n FROM ${s}.coupon_reservations
            WHERE restored_at >= $1::timestamptz AND restored_at < $2::timestamptz GROUP BY promotion_id`,
          range,
        ),
        sql.query<{ promotion_id: string; n: string | number }>(
          `SELECT promotion_id, count(DISTINCT customer_id) + sum(CASE WHEN customer_id IS NULL THEN 1 ELSE 0 END) AS n FROM ${s}.coupon_reservations
            WHERE committed_at >= $1::timestamptz AND committed_at < $2::timestamptz GROUP BY promotion_id`,
          range,
        ),
      ]);
      const countOf = (rows: readonly { promotion_id: string; n: string | number }[], id: string): number => Number(rows.find((x) => x.promotion_id === id)?.n ?? 0);
      const wanted = promotionIds === undefined ? undefined : new Set(promotionIds);
      return coupons.rows
        .filter((c) => wanted === undefined || wanted.has(c.promotion_id))
        .map((c): CouponActivity => {
          const discountMinor: Record<string, number> = {};
          const voucherDebitMinor: Record<string, number> = {};
          let redeemed = 0;
          for (const r of committed.rows.filter((x) => x.promotion_id === c.promotion_id)) {
            redeemed += Number(r.n);
            addTo(discountMinor, r.currency, Number(r.discount));
            if (Number(r.debit) > 0) addTo(voucherDebitMinor, r.currency, Number(r.debit));
          }
          return {
            promotionId: c.promotion_id,
            campaign: c.campaign,
            issued: countOf(issued.rows, c.promotion_id),
            sharedCodes: Number(issued.rows.find((x) => x.promotion_id === c.promotion_id)?.shared ?? 0),
            redeemed,
            redeemers: countOf(redeemers.rows, c.promotion_id),
            restored: countOf(restored.rows, c.promotion_id),
            discountMinor,
            voucherDebitMinor,
          };
        });
    },
  };
}
