/**
 * One versioned step of the PostgreSQL schema. Its statements are plain SQL strings shipped in
 * the package; `schema` is the already-quoted schema name to qualify every table with.
 * Statements use only what Citus, CockroachDB and YugabyteDB also run (see docs/scaling.md).
 *
 * @example
 * ```ts
 * const m: Migration = {
 *   version: 1,
 *   name: 'ledger',
 *   statements: (s) => [`CREATE TABLE ${s}.example (id text PRIMARY KEY)`],
 * };
 * ```
 */
export interface Migration {
  /** Position in the sequence, 1, 2, 3…; recorded in `fidelis_schema_version` once applied. */
  readonly version: number;
  /** Short name, e.g. `ledger`. */
  readonly name: string;
  /** The statements, in order, for the quoted schema name `schema`. */
  statements(schema: string): readonly string[];
}
