import type { Writable } from 'node:stream';
import { PORTFOLIO_USAGE_LINE, portfolioCommand } from './portfolio-command.js';
import { dbCommand } from './db-command.js';
import { BACKTEST_USAGE_LINE, backtestCommand } from './backtest-command.js';
import { KEYS_USAGE_LINE, keysCommand } from './keys-command.js';
import { SERVE_USAGE_LINE, serveCommand } from './serve-command.js';

/**
 * Where the CLI writes: injectable so tests capture the output.
 *
 * @example
 * ```ts
 * const io: CliIo = { stdout: process.stdout, stderr: process.stderr };
 * ```
 */
export interface CliIo {
  readonly stdout: Writable;
  readonly stderr: Writable;
}

/** A subcommand of the `fidelis` CLI. */
export type CliCommand = (args: readonly string[], io: CliIo) => Promise<number>;

const commands: Record<string, CliCommand> = {
  backtest: backtestCommand,
  db: dbCommand,
  keys: keysCommand,
  portfolio: portfolioCommand,
  serve: serveCommand,
};

const USAGE = `Usage: fidelis <command> [options]

Commands:
  db migrate --url <postgres-url> | --pglite <dir>   create or upgrade the fidelis tables
${PORTFOLIO_USAGE_LINE}
${BACKTEST_USAGE_LINE}
${SERVE_USAGE_LINE}
${KEYS_USAGE_LINE}
`;

/**
 * Run the `fidelis` command line with `argv` (without node and script) and return the exit code.
 *
 * @example
 * ```ts
 * const code = await runCli(['--help'], { stdout: process.stdout, stderr: process.stderr });
 * ```
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(USAGE);
    return name === undefined ? 1 : 0;
  }
  const command = commands[name];
  if (command === undefined) {
    io.stderr.write(`fidelis: unknown command "${name}"\n${USAGE}`);
    return 2;
  }
  return command(rest, io);
}
