import { describe, expect, it } from 'vitest';
import { codeOnly, importCycles, importsOf, type SourceFile } from './import-graph.ts';

describe('importsOf', () => {
  it('finds static, type-only, re-exported, side-effect and dynamic imports, over several lines', () => {
    const source = [
      "import { a, b } from './a.ts';",
      "import type { C } from '../c.ts';",
      'import {',
      '  type D,',
      '  type E,',
      "} from './d.ts';",
      "import { type F, g } from './f.ts';",
      "export { h } from './h.ts';",
      "export type { I } from './i.ts';",
      "export * from './j.ts';",
      "import './k.ts';",
      "const m = await import('node:fs');",
    ].join('\n');
    expect(importsOf(source)).toEqual([
      { specifier: './a.ts', typeOnly: false },
      { specifier: '../c.ts', typeOnly: true },
      { specifier: './d.ts', typeOnly: true },
      { specifier: './f.ts', typeOnly: false },
      { specifier: './h.ts', typeOnly: false },
      { specifier: './i.ts', typeOnly: true },
      { specifier: './j.ts', typeOnly: false },
      { specifier: './k.ts', typeOnly: false },
      { specifier: 'node:fs', typeOnly: false },
    ]);
  });

  it('takes no import from comments, strings, templates or regular expressions', () => {
    const source = [
      "/** Write: import { defineScenario } from 'callcheck'; */",
      "// import { x } from './commented.ts';",
      "const text = \"import { y } from './in-a-string.ts'\";",
      "const quote = /[\"'`]/g; const other = 'it\\'s';",
      'const script = `',
      "import { z } from './in-a-template.ts';",
      "${`nested ${ { a: 1 }.a } import('./nested.ts')`}",
      '`;',
      "import { real } from './real.ts';",
    ].join('\n');
    expect(importsOf(source)).toEqual([{ specifier: './real.ts', typeOnly: false }]);
  });

  it('keeps offsets and line breaks, so what is left is the code in place', () => {
    const source = "const a = 'x/y'; // note\nconst b = a / 2;";
    const code = codeOnly(source);
    expect(code).toHaveLength(source.length);
    expect(code.split('\n')).toHaveLength(2);
    expect(code).toContain('const b = a / 2;');
    expect(code).not.toContain('note');
  });
});

describe('importCycles', () => {
  const file = (path: string, ...imports: string[]): SourceFile => ({ path, local: imports.map((p) => ({ path: p, typeOnly: true })), external: [] });

  it('finds a cycle of type-only imports and a file importing itself', () => {
    expect(importCycles([file('a', 'b'), file('b', 'c'), file('c', 'a'), file('d', 'a'), file('e', 'e')])).toEqual([['a', 'b', 'c'], ['e']]);
  });

  it('finds none in a tree', () => {
    expect(importCycles([file('a', 'b', 'c'), file('b', 'c'), file('c')])).toEqual([]);
  });
});
