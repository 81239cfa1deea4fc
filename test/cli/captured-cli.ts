// The `fidelis` CLI run in process with its output captured: what the CLI tests call.
import { Writable } from 'node:stream';
import { runCli } from '../../src/cli/run.js';

/** Run `fidelis <argv…>`; its exit code and everything it wrote to stdout and stderr. */
export async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const sink = (add: (s: string) => void) => new Writable({ write: (chunk: Buffer | string, _e, done) => (add(chunk.toString()), done()) });
  const code = await runCli(argv, { stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)) });
  return { code, out, err };
}
