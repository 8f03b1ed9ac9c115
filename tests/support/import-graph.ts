import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** One import of a source file: what it names, and whether only types cross (erased at run time, still a dependency). */
export interface ImportEdge {
  specifier: string;
  typeOnly: boolean;
}

/**
 * The text of a TypeScript file with its comments blanked out and the contents of its string, template and
 * regular expression literals replaced by spaces, keeping every offset: what is left is code, so an import
 * written in a comment, in a report's inline script or in a template is never taken for one.
 * String quotes are kept, with the specifier of an import or export still readable: literals that follow
 * `from`, `import(` or `import` are kept whole.
 */
export function codeOnly(source: string): string {
  const out = source.split('');
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (out[k] !== '\n') out[k] = ' ';
  };
  // What precedes a `/` decides whether it starts a regular expression or divides.
  const regexAllowedAfter = /(?:^|[=(,:;!&|?{}[+\-*%<>~^]|\breturn|\btypeof|\bcase|\bdo|\belse|\bin|\bof|\bvoid|\byield|\bawait)\s*$/;
  const keepsSpecifier = /(?:\bfrom|\bimport\s*\(|\bimport)\s*$/;
  // Template literals nest: each `${` opens code inside the template, whose `}` returns to it.
  const braces: number[] = [];
  let depth = 0;
  let i = 0;
  const n = source.length;
  const skipTemplate = (start: number): number => {
    let k = start;
    while (k < n) {
      const c = source[k];
      if (c === '\\') k += 2;
      else if (c === '`') return k + 1;
      else if (c === '$' && source[k + 1] === '{') {
        braces.push(depth);
        depth++;
        return -(k + 2);
      } else k++;
    }
    return n;
  };
  while (i < n) {
    const c = source[i];
    const next = source[i + 1];
    if (c === '/' && next === '/') {
      const end = source.indexOf('\n', i);
      const stop = end < 0 ? n : end;
      blank(i, stop);
      i = stop;
    } else if (c === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      const stop = end < 0 ? n : end + 2;
      blank(i, stop);
      i = stop;
    } else if (c === '"' || c === "'") {
      let k = i + 1;
      while (k < n && source[k] !== c && source[k] !== '\n') k += source[k] === '\\' ? 2 : 1;
      if (!keepsSpecifier.test(source.slice(Math.max(0, i - 20), i))) blank(i + 1, k);
      i = k + 1;
    } else if (c === '`') {
      const r = skipTemplate(i + 1);
      blank(i + 1, Math.abs(r) - (r < 0 ? 2 : 1));
      i = Math.abs(r);
    } else if (c === '{') {
      depth++;
      i++;
    } else if (c === '}') {
      depth--;
      if (braces.length > 0 && braces.at(-1) === depth) {
        braces.pop();
        const r = skipTemplate(i + 1);
        blank(i + 1, Math.abs(r) - (r < 0 ? 2 : 1));
        i = Math.abs(r);
      } else i++;
    } else if (c === '/' && regexAllowedAfter.test(out.slice(Math.max(0, i - 12), i).join(''))) {
      let k = i + 1;
      let inClass = false;
      while (k < n && source[k] !== '\n') {
        if (source[k] === '\\') k += 2;
        else if (source[k] === '[') (inClass = true), k++;
        else if (source[k] === ']') (inClass = false), k++;
        else if (source[k] === '/' && !inClass) break;
        else k++;
      }
      blank(i + 1, k);
      i = k + 1;
    } else i++;
  }
  return out.join('');
}

/** Every import and re-export of a TypeScript file, static or dynamic, with whether it brings types only. */
export function importsOf(source: string): ImportEdge[] {
  const code = codeOnly(source);
  const edges: ImportEdge[] = [];
  const statement = /(?:^|[;}\n])\s*(import|export)\s+(type\s+)?([^;'"]*?)\bfrom\s*(['"])([^'"]+)\4/g;
  for (const m of code.matchAll(statement)) {
    const clause = m[3] ?? '';
    // `import { type A, type B }` brings types only as well; `import { type A, B }` does not.
    const names = /^\{([^}]*)\}\s*$/.exec(clause.trim())?.[1];
    const allTypeNames = names !== undefined && names.split(',').map((s) => s.trim()).filter(Boolean).every((s) => s.startsWith('type '));
    edges.push({ specifier: m[5] as string, typeOnly: m[2] !== undefined || allTypeNames });
  }
  for (const m of code.matchAll(/(?:^|[;}\n])\s*import\s*(['"])([^'"]+)\1/g)) edges.push({ specifier: m[2] as string, typeOnly: false });
  for (const m of code.matchAll(/\bimport\s*\(\s*(['"])([^'"]+)\1\s*\)/g)) edges.push({ specifier: m[2] as string, typeOnly: false });
  return edges;
}

/** A source file's imports, relative ones resolved to repository paths (`src/logic/…`), the others as written. */
export interface SourceFile {
  path: string;
  /** Files of the tree it imports, as repository paths. */
  local: { path: string; typeOnly: boolean }[];
  /** Packages and Node built-ins it imports, as written (`zod`, `node:fs`, `sip.js/lib/…`). */
  external: string[];
}

/** Reads every TypeScript file under `dir` of `root`, tests left out, with its imports. */
export function readSourceTree(root: string, dir: string): SourceFile[] {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) files.push(path);
    }
  };
  walk(join(root, dir));
  return files.sort().map((file) => {
    const edges = importsOf(readFileSync(file, 'utf8'));
    const path = relative(root, file);
    return {
      path,
      local: edges.filter((e) => e.specifier.startsWith('.')).map((e) => ({ path: relative(root, resolve(dirname(file), e.specifier)), typeOnly: e.typeOnly })),
      external: edges.filter((e) => !e.specifier.startsWith('.')).map((e) => e.specifier),
    };
  });
}

/** The import cycles among the files (strongly connected components of more than one file, or a file importing itself). */
export function importCycles(files: readonly SourceFile[]): string[][] {
  const graph = new Map(files.map((f) => [f.path, f.local.map((l) => l.path).filter((p) => p !== undefined)]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let counter = 0;
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return cycles;
}
