import { readFileSync } from 'node:fs';
import { type Options, defineConfig } from 'tsup';

// Entries come from package.json's `exports`: each subpath's `./dist/<x>.js` is built from
// `src/<x>.ts`, so adding a subpath export is the only step to add an entry.
interface ExportTarget {
  readonly import?: { readonly default?: string };
}
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  exports: Record<string, ExportTarget | string>;
  bin: Record<string, string>;
};
const entry: Record<string, string> = {};
const toEntry = (dist: string): void => {
  const name = dist.replace(/^\.\/dist\//, '').replace(/\.js$/, '');
  entry[name] = `src/${name}.ts`;
};
for (const target of Object.values(pkg.exports)) {
  if (typeof target !== 'string' && target.import?.default !== undefined) toEntry(target.import.default);
}
const cli: Record<string, string> = {};
for (const bin of Object.values(pkg.bin)) {
  const name = bin.replace(/^\.\/dist\//, '').replace(/\.js$/, '');
  cli[name] = `src/${name}.ts`;
}

const common: Options = {
  target: 'node20',
  sourcemap: true,
  treeshake: true,
  external: ['pg', '@electric-sql/pglite', 'vitest'],
};

export default defineConfig([
  { ...common, entry, format: ['esm'], dts: true, splitting: true },
  // nanoid is ESM-only: the CommonJS build carries its own copy so `require('fidelis')` works on every Node 20.
  { ...common, entry, format: ['cjs'], dts: true, splitting: false, noExternal: ['nanoid'] },
  { ...common, entry: cli, format: ['esm'], dts: false, splitting: false },
]);
