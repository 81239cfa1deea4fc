// `fidelis keys create`: a new API key for the HTTP service, shown once.
import { parseArgs } from 'node:util';
import { ApiScope, createApiKey } from '../http/api-keys.js';
import { commandFailed, flagError, parseFlags } from './command-errors.js';
import type { CliIo } from './run.js';

/** One line of the `fidelis` usage list. */
export const KEYS_USAGE_LINE = '  keys create --scope read,checkout [--expires <instant>]   a new API key for fidelis serve (shown once)';

const HELP = `Usage: fidelis keys create --scope <scopes> [--expires <instant>] [--id <id>]

Creates an API key for fidelis serve. The key is printed once: give it to the client, it is not
stored anywhere. The service keeps only the line printed after it (its SHA-256), in the "keys"
of its config file. Rotate by adding a new key, moving the clients to it, then removing the old
line (several keys are active at once).

  --scope <list>      comma-separated: read, checkout, admin, gdpr
  --expires <instant> refuse the key after this instant (ISO 8601 with an offset)
  --id <id>           the key's id (lower-case letters and digits; random by default)
  -h, --help          this help
`;

/**
 * `fidelis keys create`: print a new key and its configuration record. Returns the exit code.
 *
 * @example
 * ```ts
 * await keysCommand(['create', '--scope', 'read,checkout'], { stdout: process.stdout, stderr: process.stderr });
 * ```
 */
export async function keysCommand(args: readonly string[], io: CliIo): Promise<number> {
  try {
    const [sub, ...rest] = args;
    if (sub === undefined || sub === '--help' || sub === '-h') {
      io.stdout.write(HELP);
      return sub === undefined ? 1 : 0;
    }
    if (sub !== 'create') throw flagError('keys', `unknown subcommand "${sub}" (use: fidelis keys create)`);
    const { values: v } = parseFlags(() =>
      parseArgs({ args: rest, options: { scope: { type: 'string' }, expires: { type: 'string' }, id: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false }),
    );
    if (v.help === true) {
      io.stdout.write(HELP);
      return 0;
    }
    if (v.scope === undefined) throw flagError('scope', 'is required: a comma-separated list of read, checkout, admin, gdpr');
    const scopes = v.scope.split(',').map((s) => s.trim());
    for (const s of scopes) if (!ApiScope.safeParse(s).success) throw flagError('scope', `"${s}" is not one of read, checkout, admin, gdpr`);
    let expiresAt: Date | undefined;
    if (v.expires !== undefined) {
      expiresAt = new Date(v.expires);
      if (!/([Zz]|[+-]\d{2}:\d{2})$/.test(v.expires) || Number.isNaN(expiresAt.getTime())) throw flagError('expires', `"${v.expires}" is not an instant with an offset (2027-01-01T00:00:00Z)`);
    }
    if (v.id !== undefined && !/^[a-z0-9]{1,32}$/.test(v.id)) throw flagError('id', 'must be 1 to 32 lower-case letters or digits');
    const { key, record } = createApiKey({ scopes: scopes as ApiScope[], ...(expiresAt === undefined ? {} : { expiresAt }), ...(v.id === undefined ? {} : { id: v.id }) });
    io.stdout.write(
      `API key (shown once; give it to the client as "Authorization: Bearer <key>"):\n${key}\n\n` +
        `Add this line to the "keys" of the service's config file:\n${JSON.stringify(record)}\n`,
    );
    return 0;
  } catch (error) {
    return commandFailed('keys', error, io);
  }
}
