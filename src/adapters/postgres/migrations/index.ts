import { ledgerMigration } from './001-ledger.js';
import type { Migration } from './migration.js';

/**
 * Every migration this build ships, in version order.
 *
 * @example
 * ```ts
 * migrations.map((m) => `${m.version} ${m.name}`); // ['1 ledger', …]
 * ```
 */
export const migrations: readonly Migration[] = [ledgerMigration];
