import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ExitCode } from './contracts/exit-codes.ts';
import { CDR_VERDICT_KINDS } from './contracts/verdict.ts';
import { PHASES } from './logic/results/phases.ts';
import { METRIC_NAMES } from './logic/thresholds/metrics.ts';

/**
 * The lists that the code and the docs both hold (exit codes, CDR verdicts, phases, metrics) live in one
 * docs table each; this test holds every such table to the code, and every link of the docs to a page or a
 * heading that exists, so a value added, renamed or removed on one side only fails here.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/** The first column's `values` of the table whose header row starts with `| <header> |`. */
function tableValues(markdown: string, header: string): string[] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => line.startsWith(`| ${header} |`));
  if (start < 0) throw new Error(`no table headed "${header}"`);
  const values: string[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    const first = /^\| `([^`]+)` \|/.exec(line);
    if (!first) throw new Error(`row without a value in backticks: ${line}`);
    values.push(first[1] as string);
  }
  return values;
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to dashes. */
function anchorOf(heading: string): string {
  return heading.toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-');
}

const PAGES = ['README.md', 'ARCHITECTURE.md', 'CONTRIBUTING.md', 'CHANGELOG.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

describe('lists the code and the docs both hold', () => {
  it('exit codes: docs/cli.md and the README list exactly the codes callcheck exits with', () => {
    const codes = Object.values(ExitCode).map(String);
    expect(tableValues(read('docs/cli.md'), 'exit code')).toEqual(codes);
    expect(tableValues(read('README.md'), 'exit code')).toEqual(codes);
  });

  it('CDR verdicts: docs/faults-and-verdicts.md lists every verdict kind', () => {
    expect(tableValues(read('docs/faults-and-verdicts.md'), 'verdict')).toEqual([...CDR_VERDICT_KINDS]);
  });

  it('phases: docs/reading-the-report.md lists every phase, in the order of the code', () => {
    expect(tableValues(read('docs/reading-the-report.md'), 'phase')).toEqual(PHASES.map((p) => p.name));
  });

  it('metrics: docs/load-profiles-and-thresholds.md lists every metric thresholds can use', () => {
    expect(tableValues(read('docs/load-profiles-and-thresholds.md'), 'metric')).toEqual([...METRIC_NAMES]);
  });
});

describe('the docs', () => {
  it('link every page of docs/ from the README', () => {
    const readme = read('README.md');
    for (const page of PAGES.filter((p) => p.startsWith('docs/'))) expect(readme, page).toContain(`](${page}`);
  });

  it('link only to pages and headings that exist', () => {
    const broken: string[] = [];
    for (const page of PAGES) {
      const text = read(page).replace(/```[\s\S]*?```/g, '');
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (target === undefined || /^[a-z]+:/.test(target)) continue;
        const [path = '', anchor] = target.split('#');
        const file = path === '' ? page : normalize(join(dirname(page), path));
        if (!existsSync(join(ROOT, file))) {
          broken.push(`${page}: ${target} (no such file)`);
          continue;
        }
        if (anchor === undefined || !file.endsWith('.md')) continue;
        const anchors = [...read(file).replace(/```[\s\S]*?```/g, '').matchAll(/^#+ (.+)$/gm)].map((m) => anchorOf(m[1] as string));
        if (!anchors.includes(anchor)) broken.push(`${page}: ${target} (no heading #${anchor} in ${file})`);
      }
    }
    expect(broken).toEqual([]);
  });
});
