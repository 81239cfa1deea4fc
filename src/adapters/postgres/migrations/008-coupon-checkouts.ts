import type { Migration } from './migration.js';

/**
 * Migration 8: reservations know their checkout. `coupon_reservations` gains `checkout_id`
 * (filled for existing rows from their id, `<checkout>:<promotion>`, as the engine wrote it),
 * `checkout_hash` (the digest of the checkout's cart: a reused checkout id with another cart is
 * a CONFLICT), `terms` (what the usage was granted on, for judging returns) and
 * `returned_units` (units returned so far), with indexes to find a checkout's or an order's
 * reservations (and a customer's, for GDPR exports). Codes gain `shared` (public and signed codes stored on first use: not "issued"
 * in reports) and `batch_id`, with `coupon_batches` keeping each issued batch once (a retried
 * `issueCodes` under the same key returns the first batch).
 *
 * @example
 * ```ts
 * couponCheckoutsMigration.version; // 8
 * ```
 */
export const couponCheckoutsMigration: Migration = {
  version: 8,
  name: 'coupon-checkouts',
  statements: (s) => [
    `ALTER TABLE ${s}.coupon_reservations ADD COLUMN checkout_id text, ADD COLUMN checkout_hash text, ADD COLUMN terms jsonb, ADD COLUMN returned_units jsonb`,
    `UPDATE ${s}.coupon_reservations SET checkout_id = left(reservation_id, length(reservation_id) - length(promotion_id) - 1)
      WHERE right(reservation_id, length(promotion_id) + 1) = ':' || promotion_id AND length(reservation_id) > length(promotion_id) + 1`,
    `CREATE INDEX coupon_reservations_checkout ON ${s}.coupon_reservations (checkout_id)`,
    `CREATE INDEX coupon_reservations_order ON ${s}.coupon_reservations (order_id)`,
    `CREATE INDEX coupon_reservations_by_customer ON ${s}.coupon_reservations (customer_id)`,
    `ALTER TABLE ${s}.coupon_codes ADD COLUMN shared boolean NOT NULL DEFAULT false, ADD COLUMN batch_id text`,
    `CREATE INDEX coupon_codes_batch ON ${s}.coupon_codes (batch_id)`,
    `CREATE TABLE ${s}.coupon_batches (batch_id text PRIMARY KEY, promotion_id text NOT NULL, created_at timestamptz NOT NULL)`,
  ],
};
