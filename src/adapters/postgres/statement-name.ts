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

const statements = new Map<string, { readonly text: string; readonly options: QueryOptions }>();

/**
 * The text and name of a statement built by `build`, built once per `key` (the SQL builders take
 * the schema: the key names the builder and its arguments), so a hot path neither rebuilds nor
 * re-hashes a long statement text on every call.
 *
 * @example
 * ```ts
 * const { text, options } = preparedStatement(`append|${schema}|new`, () => appendSql(schema, true));
 * await sql.query(text, params, options);
 * ```
 */
export function preparedStatement(key: string, build: () => string): { readonly text: string; readonly options: QueryOptions } {
  let statement = statements.get(key);
  if (statement === undefined) {
    const text = build();
    statement = { text, options: statementName(text) };
    statements.set(key, statement);
  }
  return statement;
}
