import { FidelisError } from '../../core/errors.js';

/**
 * The schema fidelis creates its tables in when none is given.
 *
 * @example
 * ```ts
 * createPostgresStore({ pool, schema: DEFAULT_SCHEMA }); // same as leaving `schema` out
 * ```
 */
export const DEFAULT_SCHEMA = 'fidelis';

/**
 * Quote an SQL identifier (a schema name) safely: wrapped in double quotes, inner quotes doubled.
 * Names that are empty, longer than PostgreSQL's 63 bytes or contain a NUL character are
 * rejected with `VALIDATION_FAILED` naming the `schema` field.
 *
 * @example
 * ```ts
 * quoteIdentifier('fidelis'); // '"fidelis"'
 * quoteIdentifier('my "shop"'); // '"my ""shop"""'
 * ```
 */
export function quoteIdentifier(name: string): string {
  const bytes = new TextEncoder().encode(name).length;
  if (bytes === 0 || bytes > 63 || name.includes('\u0000')) {
    throw new FidelisError(
      'VALIDATION_FAILED',
      `schema: "${name}" is not a valid PostgreSQL identifier (1 to 63 bytes, no NUL character)`,
      { issues: [{ path: 'schema', message: 'must be 1 to 63 bytes without NUL' }] },
    );
  }
  return `"${name.replaceAll('"', '""')}"`;
}
