/**
 * `fidelis/postgres`: the PostgreSQL Store adapter, on a `pg` Pool or an embedded PGlite.
 *
 * @example
 * ```ts
 * import { createPostgresStore } from 'fidelis/postgres';
 * ```
 *
 * @packageDocumentation
 */
export {};
