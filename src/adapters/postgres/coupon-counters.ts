/**
 * The usage counters of coupon reservations (`coupon_counters`, migration 6): per promotion,
 * one row per scope a limit can apply to — `total` (key `''`), `customer`, `code`, `period`
 * (key: the customer id, code key, period key) and `budget` (key: the currency; amounts in minor
 * units) — holding what live reservations hold (`held`) and what commits used (`used`). Every
 * reservation counts in every scope it has a key for, whatever the limits are now, so a limit
 * added later counts from the first reservation. A reservation's own contribution, as rows of
 * (scope, key, amount), is {@link counterScopes}; the statements that move a reservation from one
 * state to another update the counters in the same statement with {@link counterUpdate}.
 */

/**
 * The (scope, key, amount) rows a reservation row `r` counts in, as a `LATERAL` join.
 *
 * @example
 * ```ts
 * `SELECT v.scope, v.key, v.amount FROM moved m, ${counterScopes('m')}`;
 * ```
 */
export function counterScopes(r: string): string {
  return `LATERAL (VALUES ('total', ''::text, 1::numeric), ('customer', ${r}.customer_id, 1), ('code', ${r}.code_key, 1),
    ('period', ${r}.period_key, 1), ('budget', ${r}.currency, ${r}.discount_minor)) AS v(scope, key, amount)`;
}

/** The order every statement locks counter rows in (the reserve statement's upserts run in it too). */
const LOCK_ORDER = `CASE y.scope WHEN 'total' THEN 1 WHEN 'customer' THEN 2 WHEN 'code' THEN 3 WHEN 'period' THEN 4 ELSE 5 END, y.scope_key`;

/**
 * CTEs (`<name>_deltas`, `<name>_locks`, `<name>`) adding `held` and `used` (SQL expressions of a sign:
 * −1, 0, 1) times the amounts of the reservations in CTE `source` to their counters. The rows are
 * locked first, in one order shared by every statement that writes counters (scope, then key),
 * so concurrent commits, releases, sweeps and reservations queue instead of deadlocking; amounts
 * are summed per counter (an `UPDATE … FROM` changes each target row once).
 *
 * @example
 * ```ts
 * const ctes = counterUpdate('"fidelis"', 'counted', 'moved', '-1', '1'); // a commit: held → used
 * ```
 */
export function counterUpdate(s: string, name: string, source: string, held: string, used: string): string {
  return `${name}_deltas AS (SELECT m.promotion_id, v.scope, v.key, sum(v.amount) AS amount FROM ${source} m, ${counterScopes('m')}
      WHERE v.key IS NOT NULL GROUP BY m.promotion_id, v.scope, v.key),
    ${name}_locks AS (SELECT y.scope FROM ${s}.coupon_counters y, ${name}_deltas d
      WHERE y.promotion_id = d.promotion_id AND y.scope = d.scope AND y.scope_key = d.key
      ORDER BY ${LOCK_ORDER} FOR UPDATE OF y),
    ${name} AS (UPDATE ${s}.coupon_counters x SET held = x.held + (${held}) * d.amount, used = x.used + (${used}) * d.amount
      FROM ${name}_deltas d
     WHERE x.promotion_id = d.promotion_id AND x.scope = d.scope AND x.scope_key = d.key AND (SELECT count(*) FROM ${name}_locks) >= 0
     RETURNING 1)`;
}

/**
 * A data-modifying CTE body lowering the voucher holds of the codes of the reservations in CTE
 * `source` by their debits (a reservation released, committed or lapsed no longer holds).
 *
 * @example
 * ```ts
 * const cte = `unheld AS (${voucherUnhold('"fidelis"', 'moved')})`;
 * ```
 */
export function voucherUnhold(s: string, source: string): string {
  return `UPDATE ${s}.coupon_codes x SET voucher_held_minor = x.voucher_held_minor - h.debit
      FROM (SELECT code_key, sum(voucher_debit_minor) AS debit FROM ${source}
             WHERE code_key IS NOT NULL AND voucher_debit_minor > 0 GROUP BY code_key) h
     WHERE x.key = h.code_key
     RETURNING 1`;
}
