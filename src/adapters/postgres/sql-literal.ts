/**
 * A parameter value as a PostgreSQL literal of unknown type (`E'…'`, `NULL`), which PostgreSQL
 * coerces to the type the statement gives the parameter, as it does a parameter sent as text.
 * Strings are escape-string literals (every backslash and quote escaped, so the result does not
 * depend on `standard_conforming_strings`); numbers and booleans are quoted like strings; a `Date`
 * is its ISO instant; an array is an array literal (`'{"a","b",NULL}'`, one level); any other
 * object is its JSON. Used to run prepared statements on PGlite, whose `EXECUTE` takes no bind
 * parameters (see `pgliteSqlClient`).
 *
 * @example
 * ```ts
 * sqlLiteral("it's"); // "E'it\\'s'"
 * sqlLiteral(['a', null]); // `E'{"a",NULL}'`
 * sqlLiteral(null); // 'NULL'
 * ```
 */
export function sqlLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (Array.isArray(value)) return quoted(`{${value.map(arrayElement).join(',')}}`);
  return quoted(scalarText(value));
}

function scalarText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`sqlLiteral: ${value} is not a finite number`);
    return String(value);
  }
  if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value);
}

function arrayElement(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (Array.isArray(value)) throw new TypeError('sqlLiteral: nested arrays are not supported');
  return `"${scalarText(value).replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

function quoted(text: string): string {
  return `E'${text.replace(/[\\']/g, (c) => `\\${c}`)}'`;
}
