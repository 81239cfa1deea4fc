import type { Migration } from './migration.js';

/**
 * Migration 2: coupon usage. `coupons` holds each promotion's limits (its row is the lock every
 * reservation of the promotion takes); `coupon_codes` the codes by normalised key, with voucher
 * balances (`numeric` minor units); `coupon_reservations` every usage with its status;
 * `coupon_usage_totals` counts committed usages and their discount per promotion and currency
 * (kept in the transactions that commit and restore, so a reservation never scans a promotion's
 * whole history); `coupon_restores` makes each return apply once per reservation.
 *
 * @example
 * ```ts
 * couponsMigration.version; // 2
 * ```
 */
export const couponsMigration: Migration = {
  version: 2,
  name: 'coupons',
  statements: (s) => [
    `CREATE TABLE ${s}.coupons (
      promotion_id text COLLATE "C" PRIMARY KEY,
      campaign text NOT NULL,
      limits jsonb NOT NULL)`,
    `CREATE TABLE ${s}.coupon_codes (
      key text PRIMARY KEY,
      display text NOT NULL,
      promotion_id text NOT NULL,
      issued_at timestamptz NOT NULL,
      assigned_to text,
      voucher_currency text,
      voucher_initial_minor numeric,
      voucher_committed_debit_minor numeric NOT NULL DEFAULT 0,
      voucher_credited_minor numeric NOT NULL DEFAULT 0)`,
    `CREATE INDEX coupon_codes_issued ON ${s}.coupon_codes (issued_at)`,
    `CREATE TABLE ${s}.coupon_reservations (
      reservation_id text PRIMARY KEY,
      promotion_id text NOT NULL,
      code_key text,
      customer_id text,
      period_key text,
      currency text NOT NULL,
      discount_minor numeric NOT NULL,
      voucher_debit_minor numeric NOT NULL,
      order_id text,
      reserved_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      status text NOT NULL CHECK (status IN ('reserved', 'committed', 'released', 'expired', 'restored')),
      settled_at timestamptz,
      committed_at timestamptz,
      restored_at timestamptz,
      voucher_credited_minor numeric NOT NULL DEFAULT 0)`,
    `CREATE INDEX coupon_reservations_promotion ON ${s}.coupon_reservations (promotion_id, status, expires_at)`,
    `CREATE INDEX coupon_reservations_customer ON ${s}.coupon_reservations (promotion_id, customer_id)`,
    `CREATE INDEX coupon_reservations_period ON ${s}.coupon_reservations (promotion_id, period_key)`,
    `CREATE INDEX coupon_reservations_code ON ${s}.coupon_reservations (code_key, status)`,
    `CREATE INDEX coupon_reservations_committed ON ${s}.coupon_reservations (committed_at)`,
    `CREATE INDEX coupon_reservations_restored ON ${s}.coupon_reservations (restored_at)`,
    `CREATE TABLE ${s}.coupon_usage_totals (
      promotion_id text NOT NULL,
      currency text NOT NULL,
      committed bigint NOT NULL CHECK (committed >= 0),
      spent_minor numeric NOT NULL,
      PRIMARY KEY (promotion_id, currency))`,
    `CREATE TABLE ${s}.coupon_restores (
      reservation_id text NOT NULL,
      restore_id text NOT NULL,
      at timestamptz NOT NULL,
      PRIMARY KEY (reservation_id, restore_id))`,
  ],
};
