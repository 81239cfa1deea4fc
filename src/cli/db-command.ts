import { parseArgs } from 'node:util';
import { z } from 'zod';
import { migrate } from '../adapters/postgres/migrate.js';
import { type PgPoolLike, pgPoolSqlClient } from '../adapters/postgres/pg-sql-client.js';
import { openPglite, pgliteSqlClient } from '../adapters/postgres/pglite-sql-client.js';
import type { SqlClient } from '../adapters/postgres/sql-client.js';
import { formatPath } from '../core/validation.js';
import type { CliCommand, CliIo } from './run.js';

const DB_USAGE = `Usage: fidelis db migrate (--url <postgres-url> | --pglite <dir>) [--schema <name>]

  --url <url>      PostgreSQL connection string (postgres://user@host:5432/db); needs the \`pg\` package
  --pglite <dir>   an embedded PGlite database kept in <dir>; needs \`@electric-sql/pglite\`
  --schema <name>  schema of the fidelis tables (default: fidelis)
`;

/**
 * The flags of `fidelis db migrate`: a PostgreSQL URL or a PGlite directory (exactly one), and
 * an optional schema name.
 *
 * @example
 * ```ts
 * DbMigrateFlags.parse({ url: 'postgres://app@db:5432/shop', schema: 'loyalty' });
 * ```
 */
export const DbMigrateFlags = z
  .object({
    url: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional(),
    pglite: z.string().min(1, 'must name a directory').optional(),
    schema: z.string().min(1).max(63).optional(),
  })
  .strict()
  .refine((f) => (f.url === undefined) !== (f.pglite === undefined), { message: 'give exactly one of --url or --pglite' });

/** A `pg` pool on `url` (the `pg` package is loaded only here: it is an optional peer). */
export async function openPool(url: string, max = 2): Promise<PgPoolLike> {
  const specifier = 'pg';
  const mod = (await import(specifier)) as { default: { Pool: new (config: object) => PgPoolLike & { on(e: 'error', l: () => void): unknown } } };
  const pool = new mod.default.Pool({ connectionString: url, max });
  pool.on('error', () => {});
  return pool;
}

async function openSql(url: string | undefined, dir: string | undefined): Promise<SqlClient> {
  if (url !== undefined) return pgPoolSqlClient(await openPool(url), { owned: true });
  return pgliteSqlClient(await openPglite(dir), { owned: true });
}

async function migrateCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: { url: { type: 'string' }, pglite: { type: 'string' }, schema: { type: 'string' } },
    strict: true,
  });
  const defined = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
  const parsed = DbMigrateFlags.safeParse(defined);
  if (!parsed.success) {
    io.stderr.write(`fidelis db migrate: ${parsed.error.issues.map((i) => `${i.path.length > 0 ? `--${formatPath(i.path)}: ` : ''}${i.message}`).join('; ')}\n${DB_USAGE}`);
    return 2;
  }
  const flags = parsed.data;
  const sql = await openSql(flags.url, flags.pglite);
  try {
    const report = await migrate(sql, flags.schema === undefined ? {} : { schema: flags.schema });
    const steps = report.applied.map((m) => `${String(m.version).padStart(3, '0')} ${m.name}`).join(', ');
    io.stdout.write(
      report.applied.length === 0
        ? `schema "${report.schema}" is up to date (version ${report.to})\n`
        : `schema "${report.schema}" migrated from version ${report.from} to ${report.to} (applied ${steps})\n`,
    );
    return 0;
  } finally {
    await sql.close();
  }
}

/**
 * `fidelis db <subcommand>`: database administration. `fidelis db migrate --url <postgres-url>`
 * (or `--pglite <dir>`) creates or upgrades the fidelis tables; safe to re-run.
 *
 * @example
 * ```ts
 * const code = await dbCommand(['migrate', '--pglite', './data'], { stdout: process.stdout, stderr: process.stderr });
 * ```
 */
export const dbCommand: CliCommand = async (args, io) => {
  const [sub, ...rest] = args;
  if (sub === 'migrate') {
    try {
      return await migrateCommand(rest, io);
    } catch (error) {
      io.stderr.write(`fidelis db migrate: ${error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    }
  }
  if (sub === undefined || sub === '--help' || sub === '-h') {
    io.stdout.write(DB_USAGE);
    return sub === undefined ? 1 : 0;
  }
  io.stderr.write(`fidelis db: unknown subcommand "${sub}"\n${DB_USAGE}`);
  return 2;
};
