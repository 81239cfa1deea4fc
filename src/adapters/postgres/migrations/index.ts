import { ledgerMigration } from './001-ledger.js';
import { couponsMigration } from './002-coupons.js';
import { contactsMigration } from './003-contacts.js';
import { ledgerBudgetsMigration } from './004-ledger-budgets.js';
import { ledgerProjectionMigration } from './005-ledger-projection.js';
import { couponCountersMigration } from './006-coupon-counters.js';
import { ledgerRevisionMigration } from './007-ledger-revision.js';
import { couponCheckoutsMigration } from './008-coupon-checkouts.js';
import { eventOutboxMigration } from './009-event-outbox.js';
import { partnerEntriesMigration } from './010-partner-entries.js';
import { webhooksMigration } from './011-webhooks.js';
import { customerSegmentsMigration } from './012-customer-segments.js';
import type { Migration } from './migration.js';

/**
 * Every migration this build ships, in version order.
 *
 * @example
 * ```ts
 * migrations.map((m) => `${m.version} ${m.name}`); // ['1 ledger', '2 coupons', '3 contacts', '4 ledger-budgets', '5 ledger-projection', '6 coupon-counters', '7 ledger-revision', '8 coupon-checkouts', …, '12 customer-segments']
 * ```
 */
export const migrations: readonly Migration[] = [ledgerMigration, couponsMigration, contactsMigration, ledgerBudgetsMigration, ledgerProjectionMigration, couponCountersMigration, ledgerRevisionMigration, couponCheckoutsMigration, eventOutboxMigration, partnerEntriesMigration, webhooksMigration, customerSegmentsMigration];
