import { join } from 'node:path';
import type { RunResults } from '../../contracts/results.ts';
import { writeFileAtomic } from '../../run-dir/atomic-write.ts';
import { callsSuite } from './calls-suite.ts';
import { counts, renderSuite } from './junit-xml.ts';
import { thresholdsSuite } from './thresholds-suite.ts';
import { escapeXmlAttribute as attr } from './xml-escape.ts';
import { RUN_FILES } from '../../run-dir/run-directory.ts';

/**
 * Renders the run as JUnit XML. The first suite holds one testcase per call, one failing testcase per
 * unknown CDR row, and a failing testcase for anything that makes the run fail without belonging to a
 * call (no call placed, run interrupted). When the scenario has thresholds, a second suite holds one
 * testcase per threshold, failing with the threshold's line. The suites are green exactly when the run
 * exits 0: a CI dashboard tells a CDR failure (exit 1) from a threshold failure (exit 99) by the suite.
 */
export function renderJUnit(results: RunResults): string {
  const suites = [callsSuite(results), ...thresholdsSuite(results)];
  const all = suites.flatMap((s) => s.cases);
  const rootName = `callcheck ${results.run.scenario}`;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${attr(rootName)}" ${counts(all, results.run.durationMs / 1000)}>`,
    ...suites.flatMap((suite) => renderSuite(suite, results)),
    '</testsuites>',
    '',
  ];
  return lines.join('\n');
}

/** Writes `junit.xml` into `dir` atomically and returns its path. */
export async function writeJUnitReport(results: RunResults, dir: string): Promise<string> {
  const path = join(dir, RUN_FILES.junit);
  await writeFileAtomic(path, renderJUnit(results));
  return path;
}
