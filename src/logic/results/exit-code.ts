import { ExitCode } from '../../contracts/exit-codes.ts';
import type { RunResults } from '../../contracts/results.ts';
import { isConforming } from '../../contracts/verdict.ts';

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
