import type { RunResults } from '../../contracts/results.ts';
import type { ThresholdResult } from '../../contracts/threshold-options.ts';
import { thresholdsFailed } from '../run-verdict.ts';
import { formatObserved, thresholdLine } from '../text/threshold-summary.ts';
import type { TestCase, TestSuite } from './junit-xml.ts';

/**
 * One testcase per threshold, in the order written, failing with its line (`✗ key expr: observed over n
 * samples`); absent when the scenario has no threshold and the summary says none failed.
 */
export function thresholdsSuite(results: RunResults): TestSuite[] {
  const thresholds = results.thresholds ?? [];
  const scenario = results.run.scenario;
  const cases = thresholds.map((t) => thresholdTestCase(t, scenario, results.summary.abortedByThreshold === true));
  // The producer may know of a failed threshold no result shows; the suite must not be green then.
  if (thresholdsFailed(results) && !cases.some((c) => c.failure !== undefined)) {
    cases.push({
      classname: `${scenario}.thresholds`,
      name: 'thresholds passed',
      seconds: 0,
      failure: { type: 'thresholds-failed', message: 'the run failed its thresholds although no threshold result failed', body: `summary: ${JSON.stringify(results.summary)}` },
    });
  }
  if (cases.length === 0) return [];
  const properties: [string, string][] = [['callcheck.abortedByThreshold', String(results.summary.abortedByThreshold === true)]];
  return [{ name: `callcheck ${scenario} thresholds`, seconds: 0, properties, cases }];
}

function thresholdTestCase(t: ThresholdResult, scenario: string, aborted: boolean): TestCase {
  const testCase: TestCase = { classname: `${scenario}.thresholds`, name: `${t.key} ${t.expression}`, seconds: 0 };
  if (t.passed) return testCase;
  const lines = t.noData
    ? [`No sample of ${t.key} matched (${t.samples} ${t.sampleNoun}): the threshold cannot be proven and counts as failed.`]
    : [`Observed ${t.aggregation} = ${formatObserved(t)} over ${t.samples} ${t.sampleNoun}; the threshold requires ${t.aggregation} ${t.operator} ${t.target}.`];
  lines.push(`abortOnFail: ${t.abortOnFail ? 'yes' : 'no'}.`);
  if (aborted) lines.push('The load was stopped early by a threshold with abortOnFail; the thresholds were evaluated on the calls that ran.');
  testCase.failure = { type: t.noData ? 'threshold-no-data' : 'threshold', message: thresholdLine(t), body: lines.join('\n') };
  return testCase;
}

