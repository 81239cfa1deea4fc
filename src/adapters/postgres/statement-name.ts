import { createHash } from 'node:crypto';
import type { QueryOptions } from './sql-client.js';

const names = new Map<string, QueryOptions>();

/**
 * The prepared-statement name of a statement text: `fidelis_` and a digest of the text (the
 * schema is part of the text, so each schema's statements have their own names). Computed once
 * per text.
 *
 * @example
 * ```ts
 * await sql.query(text, params, statementName(text));
 * ```
 */
export function statementName(text: string): QueryOptions {
  let options = names.get(text);
  if (options === undefined) {
    options = { name: `fidelis_${createHash('sha256').update(text).digest('hex').slice(0, 40)}` };
    names.set(text, options);
  }
  return options;
}
