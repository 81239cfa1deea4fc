import { counterScopes } from '../coupon-counters.js';
import type { Migration } from './migration.js';

/**
 * Migration 6: usage counters for coupon reservations (see `coupon-counters.ts`), so one
 * statement can reserve against every limit with guarded upserts instead of a transaction that
 * locks the promotion and counts; and the part of a voucher's balance live reservations hold
 * (`coupon_codes.voucher_held_minor`). Both are filled from the reservations stored: live and
 * lapsed-but-unswept reservations count as held (a reservation that lapsed is swept, and its hold
 * given back, when a limit would refuse), commits as used. The counters' `used` replaces
 * `coupon_usage_totals` (the committed count and spend), which is dropped.
 *
 * @example
 * ```ts
 * couponCountersMigration.version; // 6
 * ```
 */
export const couponCountersMigration: Migration = {
  version: 6,
  name: 'coupon-counters',
  statements: (s) => [
    `CREATE TABLE ${s}.coupon_counters (
      promotion_id text COLLATE "C" NOT NULL,
      scope text NOT NULL,
      scope_key text NOT NULL,
      held numeric NOT NULL DEFAULT 0,
      used numeric NOT NULL DEFAULT 0,
      PRIMARY KEY (promotion_id, scope, scope_key))`,
    `INSERT INTO ${s}.coupon_counters (promotion_id, scope, scope_key, held, used)
     SELECT r.promotion_id, v.scope, v.key,
            sum(CASE WHEN r.status = 'reserved' THEN v.amount ELSE 0 END), sum(CASE WHEN r.status = 'committed' THEN v.amount ELSE 0 END)
       FROM ${s}.coupon_reservations r, ${counterScopes('r')}
      WHERE v.key IS NOT NULL AND r.status IN ('reserved', 'committed')
      GROUP BY r.promotion_id, v.scope, v.key`,
    `ALTER TABLE ${s}.coupon_codes ADD COLUMN voucher_held_minor numeric NOT NULL DEFAULT 0`,
    `UPDATE ${s}.coupon_codes c SET voucher_held_minor = h.debit
       FROM (SELECT code_key, sum(voucher_debit_minor) AS debit FROM ${s}.coupon_reservations
              WHERE status = 'reserved' AND code_key IS NOT NULL GROUP BY code_key) h
      WHERE c.key = h.code_key`,
    // the counters' `used` is what the committed totals were: one figure, kept in one place
    `DROP TABLE IF EXISTS ${s}.coupon_usage_totals`,
  ],
};
