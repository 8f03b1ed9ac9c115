import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunResults } from '../../src/contracts/results.ts';
import { renderHtml } from '../../src/report/html/html-report.ts';
import { renderJson } from '../../src/report/json-report.ts';
import { makeMatrixResults, resummarise, type MatrixBuildLabel } from './report-fixtures.ts';

/** Writes a run directory as callcheck run leaves it, as far as compare and show-report read it. */
export async function writeRunDir(dir: string, results: RunResults): Promise<string> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'results.json'), renderJson(results));
  await writeFile(join(dir, 'index.html'), renderHtml(results));
  return dir;
}

/**
 * One build of the matrix fixture as a run of its own, without a matrix: what `callcheck run` writes for a
 * scenario on that browser alone. Different builds come out as runs made at different times.
 */
export function singleBuildRun(label: MatrixBuildLabel, runId: string): RunResults {
  const matrix = makeMatrixResults();
  const { matrix: _matrix, ...plain } = matrix;
  const browser = matrix.browsers.find((b) => b.build === label)!;
  const { build: _build, ...browserInfo } = browser;
  return resummarise({
    ...plain,
    run: { ...plain.run, id: runId, scenario: 'smoke' },
    browsers: [{ ...browserInfo, id: 'browser-1' }],
    calls: matrix.calls.filter((c) => c.build === label).map(({ build: _b, ...call }) => ({ ...call, browser: 'browser-1' })),
  });
}
