// Imports the BUILT package by its name (Node's self-reference through `exports`), from ESM and
// from CommonJS, in fresh Node processes: what a user of the published package gets.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

function node(args: string[]): string {
  return execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8' }).trim();
}

/** The newest modification time of the files below `dir`. */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) latest = Math.max(latest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return latest;
}

beforeAll(() => {
  // Build when there is no build, or when it is older than the sources or the dependencies.
  const built = existsSync(`${root}dist/index.js`) && existsSync(`${root}dist/index.cjs`) ? statSync(`${root}dist/index.js`).mtimeMs : 0;
  if (built < Math.max(newest(`${root}src`), statSync(`${root}package-lock.json`).mtimeMs)) {
    const r = spawnSync('npm', ['run', 'build'], { cwd: root, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`npm run build failed:\n${r.stdout}\n${r.stderr}`);
  }
}, 180_000);

describe('the built package', () => {
  it('works with import (ESM)', () => {
    const out = node([
      '--input-type=module',
      '-e',
      "import { Money } from 'fidelis'; console.log(Money.of('100.00', 'EUR').allocate([1, 1, 1]).join('|'))",
    ]);
    expect(out).toBe('33.34 EUR|33.33 EUR|33.33 EUR');
  });
  it('works with require (CommonJS)', () => {
    const out = node([
      '--input-type=commonjs',
      '-e',
      "const { Money, FidelisError } = require('fidelis'); try { Money.of('1.005', 'EUR') } catch (e) { console.log(e instanceof FidelisError, e.code, Money.of('1000', 'JPY').allocate([1, 1, 1]).join('|')) }",
    ]);
    expect(out).toBe('true PRECISION_EXCEEDED 334 JPY|333 JPY|333 JPY');
  });
  it('ships type declarations for both', () => {
    expect(existsSync(`${root}dist/index.d.ts`)).toBe(true);
    expect(existsSync(`${root}dist/index.d.cts`)).toBe(true);
  });
});
