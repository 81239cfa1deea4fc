// What every `fidelis` subcommand does with bad flags and failed input (CLI layer).
import { FidelisError, isFidelisError } from '../core/errors.js';
import type { CliIo } from './run.js';

/** A `VALIDATION_FAILED` error for `--flag`. */
export function flagError(flag: string, message: string): FidelisError {
  return new FidelisError('VALIDATION_FAILED', `--${flag}: ${message}`, { issues: [{ path: `--${flag}`, message }] });
}

/** `parse()` with a parseArgs error (unknown flag, missing value) as `VALIDATION_FAILED`. */
export function parseFlags<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new FidelisError('VALIDATION_FAILED', (error as Error).message, {});
  }
}

/** A `FidelisError` or a file-system error (`ENOENT`…) is told on stderr as `fidelis <command>: …` (in the flags' words), exit code 2; anything else is a bug and is thrown. */
export function commandFailed(command: string, error: unknown, io: CliIo): number {
  const code = (error as { code?: unknown }).code;
  if (isFidelisError(error) || (typeof code === 'string' && code.startsWith('E'))) {
    io.stderr.write(`fidelis ${command}: ${inFlagWords((error as Error).message)}\n`);
    return 2;
  }
  throw error;
}

/** The library's option names in a message, as the CLI's flags. */
export function inFlagWords(message: string): string {
  return message
    .replace(/\bdateFormat\b/g, '--date-format')
    .replace(/the delimiter option/g, '--delimiter')
    .replace(/with decimal "([.,])"/g, 'with --decimal $1')
    .replace(/the column options/g, '--customer-column, --date-column, --amount-column or --columns');
}
