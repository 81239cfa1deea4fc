// Takes a schema back from migrations 12 (customer-segments), 11 (webhooks), 10 (partner-entries), 9 (event-outbox) and 8
// (coupon-checkouts) for the tests that rebuild an older schema and migrate it up again.
import type { SqlClient } from '../../src/adapters/postgres/index.js';

/** Drop what migration 8 added (`s` is the quoted schema name). */
export async function undoCouponCheckouts(sql: SqlClient, s: string): Promise<void> {
  await sql.query(`ALTER TABLE ${s}.coupon_reservations DROP COLUMN checkout_id, DROP COLUMN checkout_hash, DROP COLUMN terms, DROP COLUMN returned_units`);
  await sql.query(`DROP INDEX ${s}.coupon_reservations_order`);
  await sql.query(`DROP INDEX ${s}.coupon_reservations_by_customer`);
  await sql.query(`ALTER TABLE ${s}.coupon_codes DROP COLUMN shared, DROP COLUMN batch_id`);
  await sql.query(`DROP TABLE ${s}.coupon_batches`);
}

/** Drop what migration 12 added (`s` is the quoted schema name). */
export async function undoCustomerSegments(sql: SqlClient, s: string): Promise<void> {
  await sql.query(`DROP TABLE ${s}.customer_segments`);
}

/** Drop what migrations 12 and 11 added (`s` is the quoted schema name). */
export async function undoWebhooks(sql: SqlClient, s: string): Promise<void> {
  await undoCustomerSegments(sql, s);
  await sql.query(`DROP TABLE ${s}.webhook_deliveries, ${s}.webhook_subscriptions`);
}

/** Drop what migrations 12, 11, 10 and 9 added (`s` is the quoted schema name). */
export async function undoEventOutbox(sql: SqlClient, s: string): Promise<void> {
  await undoWebhooks(sql, s);
  await sql.query(`DROP INDEX ${s}.ledger_entries_by_partner`);
  await sql.query(`DROP TABLE ${s}.events, ${s}.event_sequencer, ${s}.event_consumers`);
}
