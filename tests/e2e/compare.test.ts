import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ComparisonReport } from '../../src/report/comparison-report.ts';
import { callcheck } from '../support/cli.ts';
import { contentSecurityPolicy, hasAttribute, scripts } from '../support/html-markup.ts';
import { makeMatrixResults } from '../support/report-fixtures.ts';
import { singleBuildRun, writeRunDir } from '../support/run-dirs.ts';
import { useTempDir } from '../support/temp-dir.ts';

const LAST_WEEK = 'run-20261119-090000-aa11';
const TODAY = 'run-20261126-090000-bb22';

const dir = useTempDir('compare', 'all');
let lastWeek: string;
let today: string;
let matrix: string;

/** `callcheck compare <args>`, run in the file's folder unless told otherwise. */
const compare = (args: string[], cwd = dir()) => callcheck(['compare', ...args], { cwd });

const exists = (path: string) => stat(path).then(() => true, () => false);

beforeAll(async () => {
  // Last week's run on Chromium 150 and today's on Chromium 156, each a plain run of one browser.
  lastWeek = await writeRunDir(join(dir(), 'runs', LAST_WEEK), singleBuildRun('chromium-150', LAST_WEEK));
  today = await writeRunDir(join(dir(), 'runs', TODAY), singleBuildRun('chromium-156', TODAY));
  matrix = await writeRunDir(join(dir(), 'runs', 'matrix'), makeMatrixResults());
});

describe('callcheck compare', () => {
  it('compares the only build of two runs, writes comparison.json and comparison.html, and prints the verdict', async () => {
    const out = join(dir(), 'out-1');
    const { code, stdout, stderr } = compare([lastWeek, today, '--out', out]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`baseline:  Chromium 150.0.7871.100, run ${LAST_WEEK}, 27 answered calls`);
    expect(lines[1]).toBe(`candidate: Chromium 156.0.8078.108, run ${TODAY}, 26 answered calls`);
    expect(lines[2]).toMatch(/^Chromium 156 against 150: 4 phases slower \(ICE gathering, .*\), 11 unchanged$/);
    expect(lines.filter((l) => l.startsWith('  '))).toHaveLength(4);
    expect(stdout).toMatch(/^ {2}ICE gathering \+4\d ms at p95 on Chromium 156 against 150, significant$/m);
    expect(lines.at(-1)).toMatch(/^comparison: .*out-1\/comparison\.html$/);

    const report = JSON.parse(await readFile(join(out, 'comparison.json'), 'utf8')) as ComparisonReport;
    expect(report.kind).toBe('callcheck-comparison');
    expect([report.baseline.runId, report.baseline.build.version, report.baseline.answered, report.baseline.calls]).toEqual([LAST_WEEK, '150.0.7871.100', 27, 30]);
    expect([report.candidate.runId, report.candidate.build.build, report.candidate.dir]).toEqual([TODAY, 'chromium-156.0.8078.108', today]);
    expect(report.comparison.seed).toBe(1);
    expect(report.comparison.phases.find((p) => p.phase === 'ice_gathering')!.change).toBe('slower');
    const page = await readFile(join(out, 'comparison.html'), 'utf8');
    expect(page).toContain('<div class="verdict" id="verdict">SLOWER</div>');
    expect(contentSecurityPolicy(page)).toMatch(/^default-src 'none';/);
    expect(scripts(page).filter((s) => hasAttribute(s.attributes, 'src'))).toEqual([]);
  });

  it('gives the same comparison.json for the same runs and seed, and records another seed', async () => {
    const first = join(dir(), 'same-1');
    const second = join(dir(), 'same-2');
    expect(compare([lastWeek, today, '--out', first]).code).toBe(0);
    expect(compare([lastWeek, today, '--out', second, '--seed', '1']).code).toBe(0);
    const a = await readFile(join(first, 'comparison.json'), 'utf8');
    expect(await readFile(join(second, 'comparison.json'), 'utf8')).toBe(a);
    const seeded = join(dir(), 'seed-7');
    expect(compare([lastWeek, today, '--out', seeded, '--seed', '7']).code).toBe(0);
    const other = JSON.parse(await readFile(join(seeded, 'comparison.json'), 'utf8')) as ComparisonReport;
    expect(other.comparison.seed).toBe(7);
    expect(JSON.stringify(other.comparison.phases)).not.toBe(JSON.stringify((JSON.parse(a) as ComparisonReport).comparison.phases));
  });

  it('writes into reports/compare-<baseline>-vs-<candidate>/ by default', async () => {
    const cwd = join(dir(), 'cwd');
    await mkdir(cwd, { recursive: true });
    const { code, stdout } = compare([lastWeek, today], cwd);
    expect(code).toBe(0);
    const expected = join('reports', `compare-${LAST_WEEK}-vs-${TODAY}`);
    expect(stdout).toContain(`comparison: ${join(expected, 'comparison.html')}`);
    expect(await exists(join(cwd, expected, 'comparison.json'))).toBe(true);
  });

  it('refuses a run of several builds without a choice, exit 2, naming the run and its builds; takes the one chosen', async () => {
    const out = join(dir(), 'out-matrix');
    const refused = compare([lastWeek, matrix, '--out', out]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`candidate run ${matrix} has 3 builds (chromium-150 (30 calls), chromium-156 (30 calls), firefox-esr-140 (30 calls))`);
    expect(refused.stderr).toContain('what to do: choose one with --candidate-build, e.g. --candidate-build chromium-150');
    expect(await exists(out)).toBe(false);

    const chosen = compare([lastWeek, matrix, '--candidate-build', 'firefox-esr-140', '--out', out]);
    expect(chosen.stderr).toBe('');
    expect(chosen.code).toBe(0);
    expect(chosen.stdout).toContain('candidate: firefox-esr-140 (Firefox 140.5.0esr), run run-20261127-090000-cd34, 27 answered calls');
  });

  it('refuses a build the run does not have, exit 2, listing the ones it has', () => {
    const { code, stderr } = compare([matrix, today, '--baseline-build', 'chromium-149']);
    expect(code).toBe(2);
    expect(stderr).toContain(`--baseline-build chromium-149: baseline run ${matrix} has no build chromium-149; its builds: chromium-150 (30 calls), chromium-156 (30 calls), firefox-esr-140 (30 calls)`);
    expect(stderr).toContain('what to do: pass one of them');
  });

  it('refuses what is not a run, exit 2, naming the input, what is wrong and what to do', async () => {
    const empty = join(dir(), 'not-a-run');
    await mkdir(empty, { recursive: true });
    const broken = join(dir(), 'broken');
    await mkdir(broken, { recursive: true });
    await writeFile(join(broken, 'results.json'), '{"schemaVersion": 2, "run": {');
    const cases: [string[], RegExp][] = [
      [[join(dir(), 'nowhere'), today], /baseline run .*nowhere: does not exist\n {2}what to do: pass a run directory/],
      [[lastWeek, empty], /candidate run .*not-a-run: is not a run directory: it has no readable results\.json .*\n {2}what to do: pass a directory written by callcheck run or merge/],
      [[broken, today], /baseline run .*broken: results\.json is not valid JSON .*\n {2}what to do: the file is damaged or was cut short/],
      [[join(lastWeek, 'results.json'), today], /baseline run .*results\.json: is a file, not a run directory/],
      [[lastWeek], /compare needs two run directories: the baseline run, then the candidate run/],
      [[lastWeek, today, '--seed', 'x'], /--seed x: expected a whole number/],
    ];
    for (const [args, message] of cases) {
      const { code, stderr, stdout } = compare(args);
      expect({ args, code }).toEqual({ args, code: 2 });
      expect(stderr).toMatch(message);
      expect(stdout).toBe('');
    }
  });
});
