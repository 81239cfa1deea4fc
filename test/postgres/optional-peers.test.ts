// `pg` and `@electric-sql/pglite` are optional peer dependencies: the adapter (and the CLI that
// bundles it) must never import them at module level, so `fidelis/postgres` loads without them.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../src/', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('optional peer dependencies (pg, @electric-sql/pglite)', () => {
  const files = [...sources(join(root, 'adapters/postgres')), ...sources(join(root, 'cli'))];

  it('are never imported as values at module level by the adapter or the CLI', () => {
    const offenders = files.filter((f) => {
      const text = readFileSync(f, 'utf8');
      return /^import\s+(?!type\b)[^;]*from\s+['"](pg|@electric-sql\/pglite)['"]/m.test(text) || /import\(\s*['"](pg|@electric-sql\/pglite)['"]\s*\)/.test(text);
    });
    expect(files.length).toBeGreaterThan(10);
    expect(offenders).toEqual([]);
  });

  it('are loaded on demand by openPglite and the CLI (dynamic import of a variable specifier)', () => {
    const pglite = readFileSync(join(root, 'adapters/postgres/pglite-sql-client.ts'), 'utf8');
    const cli = readFileSync(join(root, 'cli/db-command.ts'), 'utf8');
    expect(pglite).toMatch(/const specifier = '@electric-sql\/pglite';[\s\S]*await import\(specifier\)/);
    expect(cli).toMatch(/const specifier = 'pg';[\s\S]*await import\(specifier\)/);
  });
});
