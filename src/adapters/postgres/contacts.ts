import type { ContactStore } from '../../storage/contact-store.js';
import type { PostgresScope } from './postgres-store.js';

/**
 * The contact-history operations of the Store on PostgreSQL.
 *
 * @example
 * ```ts
 * const part = createPgContactStore({ sql, schema: '"fidelis"' });
 * ```
 */
export function createPgContactStore(scope: PostgresScope): ContactStore {
  void scope;
  return {};
}
