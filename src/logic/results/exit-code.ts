import { ExitCode } from '../../contracts/exit-codes.ts';
import type { RunResults } from '../../contracts/results.ts';
import { isConforming } from '../../contracts/verdict.ts';
import { metricSamples } from '../thresholds/metrics.ts';
import type { ParsedThreshold } from '../thresholds/threshold-parser.ts';
import { evaluateThresholds } from '../thresholds/threshold-evaluation.ts';

/**
 * Evaluates the scenario's thresholds over the verified calls and records the outcome in the results.
 * `durationS` is the load's duration, the base of counters' per-second rates.
 */
export function withThresholds(results: RunResults, thresholds: readonly ParsedThreshold[], durationS: number, abortedByThreshold = false): RunResults {
  if (thresholds.length === 0) return results;
  const dropped = Object.fromEntries((results.load?.scenarios ?? []).map((s) => [s.name, s.dropped]));
  const evaluated = evaluateThresholds(thresholds, metricSamples(results.calls, { unknownRows: results.unknownRows.length, droppedIterations: dropped }), { durationS });
  const summary = { ...results.summary, thresholdsPassed: evaluated.every((t) => t.passed), ...(abortedByThreshold ? { abortedByThreshold } : {}) };
  return { ...results, thresholds: evaluated, summary };
}

/** Whether any threshold failed: by the summary's flag or by a failed result, whichever says so. */
export function thresholdsFailed(results: RunResults): boolean {
  return results.summary.thresholdsPassed === false || (results.thresholds ?? []).some((t) => !t.passed);
}

/**
 * The run's exit code. A CDR that is missing or wrong is the harness's first concern and outranks the
 * thresholds: 1 when any call or row did not conform, else 3 when calls' rows were never read (nothing
 * failed, but nothing is proven either), else 99 when a threshold failed, else 0.
 */
export function exitCodeOf(results: RunResults): ExitCode {
  if (!results.summary.conforms) return onlyUnverified(results) ? ExitCode.Infrastructure : ExitCode.ConformanceFailure;
  if (thresholdsFailed(results)) return ExitCode.ThresholdsFailed;
  return ExitCode.Ok;
}

/** Whether the run fails only for calls whose CDR rows were never read: every call that was checked conforms. */
export function onlyUnverified(results: RunResults): boolean {
  const { summary } = results;
  return (summary.cdr.notVerified ?? 0) > 0 && summary.failed === 0 && results.unknownRows.length === 0 &&
    results.calls.every((c) => isConforming(c.cdr) || c.cdr.kind === 'not-verified');
}
