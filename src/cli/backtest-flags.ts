// Files and window flags of `fidelis backtest` (CLI layer: reads files).
import { readFile } from 'node:fs/promises';
import { FidelisError } from '../core/errors.js';
import { endOfLocalDate, startOfLocalDate } from '../core/time.js';
import { flagError } from './command-errors.js';

/** The JSON file a flag names; not JSON is `PARSE_FAILED` naming the flag and the file. */
export async function readJson(flag: string, path: string): Promise<unknown> {
  const text = await readFile(path, 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new FidelisError('PARSE_FAILED', `--${flag} ${path}: not JSON (${(error as Error).message})`, { file: path });
  }
}

/** A window flag: `YYYY-MM-DD` (the start, or with `end` the end, of that day in `zone`) or an instant with an offset. */
export function dayFlag(flag: string, text: string, zone: string, end: boolean): Date {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    try {
      return end ? endOfLocalDate(text, zone) : startOfLocalDate(text, zone);
    } catch {
      throw flagError(flag, `"${text}" is not a calendar date`);
    }
  }
  const d = /([Zz]|[+-]\d{2}:\d{2})$/.test(text) ? new Date(text) : new Date(Number.NaN);
  if (Number.isNaN(d.getTime())) throw flagError(flag, `"${text}" is not a date YYYY-MM-DD or an instant with an offset (2026-03-01T00:00:00+01:00)`);
  return d;
}

