/**
 * `fidelis/postgres`: the PostgreSQL Store adapter, on a `pg` Pool or Client or an embedded
 * PGlite. `pg` and `@electric-sql/pglite` are optional peer dependencies: this module never
 * imports them; pass your instance, or let {@link openPglite} load PGlite on demand.
 *
 * @example
 * ```ts
 * import { createPostgresStore, migrate, openPglite } from 'fidelis/postgres';
 * const store = createPostgresStore({ pglite: await openPglite('./data'), owned: true });
 * await migrate(store);
 * ```
 *
 * @packageDocumentation
 */
export * from './migrate.js';
export * from './migrations/migration.js';
export * from './pg-sql-client.js';
export * from './pglite-sql-client.js';
export * from './postgres-store.js';
export * from './schema-name.js';
export * from './sql-client.js';
