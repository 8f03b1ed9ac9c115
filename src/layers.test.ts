import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importCycles, readSourceTree, type SourceFile } from '../tests/support/import-graph.ts';

/**
 * The layers of src/ and what each may import. Contracts depend on nothing else in src; pure logic only on
 * contracts; the agents' page code runs in the browser, so it imports no Node module; the machinery (host,
 * run directory, CDR database, stack, browsers, reports) sits on those; the run pipeline on all of them;
 * the command lines on top. A folder not listed here is an error: a new one must be placed in a layer.
 */
interface Layer {
  name: string;
  /** Folders (or one file) of src/ the layer holds; the longest match wins, so `browser/page/` is not `browser/`. */
  holds: string[];
  /** Layers its files may import. */
  may: string[];
  /** Packages (and `node:` built-ins, as `node:`) its files may import; absent: any. */
  packages?: string[];
}

export const LAYERS: Layer[] = [
  { name: 'contracts', holds: ['src/contracts/'], may: ['contracts'], packages: ['zod', 'k6'] },
  { name: 'logic', holds: ['src/logic/'], may: ['contracts', 'logic'], packages: [] },
  { name: 'page', holds: ['src/browser/page/'], may: ['contracts', 'logic', 'page'], packages: ['sip.js'] },
  { name: 'host', holds: ['src/host/'], may: ['contracts', 'logic', 'host'] },
  { name: 'run-dir', holds: ['src/run-dir/'], may: ['contracts', 'logic', 'host', 'run-dir'] },
  { name: 'cdr', holds: ['src/cdr/'], may: ['contracts', 'logic', 'host', 'cdr'] },
  { name: 'stack', holds: ['src/stack/'], may: ['contracts', 'logic', 'host', 'cdr', 'stack'] },
  { name: 'browser', holds: ['src/browser/'], may: ['contracts', 'logic', 'host', 'page', 'browser'] },
  { name: 'report', holds: ['src/report/'], may: ['contracts', 'logic', 'host', 'run-dir', 'report'] },
  { name: 'run', holds: ['src/run/'], may: ['contracts', 'logic', 'host', 'run-dir', 'cdr', 'stack', 'browser', 'page', 'report', 'run'] },
  { name: 'cli', holds: ['src/cli/'], may: ['contracts', 'logic', 'host', 'run-dir', 'cdr', 'stack', 'browser', 'report', 'run', 'cli'] },
  { name: 'bench', holds: ['src/bench/'], may: ['contracts', 'logic', 'host', 'run-dir', 'cdr', 'stack', 'browser', 'report', 'run', 'bench'] },
  { name: 'api', holds: ['src/index.ts'], may: ['contracts'], packages: [] },
];

/** The layer a repository path belongs to, by the longest folder that holds it. */
export function layerOf(path: string, layers: readonly Layer[] = LAYERS): Layer | undefined {
  let best: { layer: Layer; length: number } | undefined;
  for (const layer of layers) {
    for (const held of layer.holds) {
      const match = held.endsWith('/') ? path.startsWith(held) : path === held;
      if (match && (best === undefined || held.length > best.length)) best = { layer, length: held.length };
    }
  }
  return best?.layer;
}

/** Every import that breaks a rule of the layers, as a sentence naming the file, the import and the rule. */
export function layerViolations(files: readonly SourceFile[], layers: readonly Layer[] = LAYERS): string[] {
  const found: string[] = [];
  for (const file of files) {
    const layer = layerOf(file.path, layers);
    if (layer === undefined) {
      found.push(`${file.path} is in no layer: add its folder to LAYERS in src/layers.test.ts`);
      continue;
    }
    for (const target of file.local) {
      if (!target.path.startsWith('src/')) {
        found.push(`${file.path} imports ${target.path}, outside src/ (tests and scripts are not part of callcheck)`);
        continue;
      }
      const to = layerOf(target.path, layers);
      if (to !== undefined && !layer.may.includes(to.name)) {
        found.push(`${file.path} (${layer.name}) imports ${target.path}${target.typeOnly ? ' (types only)' : ''} (${to.name}): ${layer.name} may import ${layer.may.join(', ')}`);
      }
    }
    if (layer.packages !== undefined) {
      for (const specifier of file.external) {
        const name = specifier.startsWith('node:') ? 'node:' : (specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]) ?? specifier;
        if (!layer.packages.includes(name)) {
          found.push(`${file.path} (${layer.name}) imports ${specifier}: ${layer.name} may import ${layer.packages.length === 0 ? 'no package or Node module' : `only the packages ${layer.packages.join(', ')}`}`);
        }
      }
    }
  }
  return found;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));

describe('the layers of src/', () => {
  const files = readSourceTree(ROOT, 'src');

  it('reads the whole tree', () => {
    expect(files.length).toBeGreaterThan(200);
    expect(files.find((f) => f.path === 'src/run/run-conformance.ts')?.local.length).toBeGreaterThan(5);
  });

  it('holds every import to its layer', () => {
    expect(layerViolations(files)).toEqual([]);
  });

  it('has no import cycle, type-only imports included', () => {
    expect(importCycles(files)).toEqual([]);
  });
});

describe('layerViolations', () => {
  const file = (path: string, local: string[], external: string[] = []): SourceFile => ({ path, local: local.map((p) => ({ path: p, typeOnly: true })), external });

  it('names a contract that imports logic, even for types only, and logic that imports Node', () => {
    expect(
      layerViolations([
        file('src/contracts/results.ts', ['src/logic/results/phases.ts']),
        file('src/logic/verify/verify-cdr.ts', ['src/contracts/verdict.ts'], ['node:crypto']),
      ]),
    ).toEqual([
      'src/contracts/results.ts (contracts) imports src/logic/results/phases.ts (types only) (logic): contracts may import contracts',
      'src/logic/verify/verify-cdr.ts (logic) imports node:crypto: logic may import no package or Node module',
    ]);
  });

  it('names page code that imports machinery or a Node module, and a file in no layer', () => {
    expect(
      layerViolations([
        file('src/browser/page/sip-call.ts', ['src/browser/agent-pool.ts'], ['node:fs', 'sip.js/lib/api/index.js']),
        file('src/somewhere/new.ts', []),
      ]),
    ).toEqual([
      'src/browser/page/sip-call.ts (page) imports src/browser/agent-pool.ts (types only) (browser): page may import contracts, logic, page',
      'src/browser/page/sip-call.ts (page) imports node:fs: page may import only the packages sip.js',
      'src/somewhere/new.ts is in no layer: add its folder to LAYERS in src/layers.test.ts',
    ]);
  });

  it('lets the layers above use those below', () => {
    expect(layerViolations([file('src/run/run-conformance.ts', ['src/stack/stack.ts', 'src/logic/plan/call-plan.ts'], ['node:fs'])])).toEqual([]);
  });
});
