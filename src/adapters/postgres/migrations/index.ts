import type { Migration } from './migration.js';

/**
 * Every migration this build ships, in version order.
 *
 * @example
 * ```ts
 * migrations.map((m) => `${m.version} ${m.name}`);
 * ```
 */
export const migrations: readonly Migration[] = [];
