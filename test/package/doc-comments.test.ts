// Every symbol the package exports (root and subpaths) has a doc comment with an @example.
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const entries = ['src/index.ts', 'src/adapters/postgres/index.ts', 'src/testing/index.ts', 'src/http/index.ts'].map((e) => `${root}${e}`);

function undocumented(): string[] {
  const program = ts.createProgram(entries, {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const missing = new Set<string>();
  for (const entry of entries) {
    const source = program.getSourceFile(entry);
    const moduleSymbol = source === undefined ? undefined : checker.getSymbolAtLocation(source);
    if (moduleSymbol === undefined) continue;
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const declarations = symbol.getDeclarations() ?? [];
      const hasExample = declarations.some((d) => ts.getJSDocTags(d).some((t) => t.tagName.text === 'example'));
      if (!hasExample) missing.add(`${exported.getName()} (${declarations[0]?.getSourceFile().fileName.replace(root, '') ?? '?'})`);
    }
  }
  return [...missing].sort();
}

describe('public surface documentation', () => {
  it('every exported symbol has a doc comment with an @example', () => {
    expect(undocumented()).toEqual([]);
  }, 120_000);
});
