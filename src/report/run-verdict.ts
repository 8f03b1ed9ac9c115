import { ExitCode } from '../contracts/exit-codes.ts';
import type { RunResults } from '../contracts/results.ts';

/**
 * Whether the reports call the run conforming: what buildResults decided (`summary.conforms`, never true
 * without a call placed, with a failing call or an unknown row), and never for an interrupted run.
 */
export function runConforms(results: RunResults): boolean {
  return results.summary.conforms && results.run.interrupted !== true;
}

/**
 * The run's verdict as every report states it. CDR non-conformance outranks thresholds, as the exit code
 * does: `does-not-conform` (exit 1, 130 when interrupted) whenever a call or row failed, `thresholds-failed`
 * (exit 99) when only thresholds failed, `conforms` (exit 0) otherwise.
 */
export type RunVerdictKind = 'conforms' | 'does-not-conform' | 'thresholds-failed';

export interface RunVerdict {
  kind: RunVerdictKind;
  /** The banner text: `CONFORMS`, `DOES NOT CONFORM` or `THRESHOLDS FAILED`. */
  text: string;
  /** The exit code callcheck gives such a run. */
  exitCode: ExitCode;
  /** Thresholds that failed, and how many the run had (0 when the scenario has none). */
  thresholdsFailed: number;
  thresholdsTotal: number;
}

const TEXT: Record<RunVerdictKind, string> = {
  conforms: 'CONFORMS',
  'does-not-conform': 'DOES NOT CONFORM',
  'thresholds-failed': 'THRESHOLDS FAILED',
};

/** Whether any threshold failed: by the summary's flag or by a failed result, whichever says so. */
export function thresholdsFailed(results: RunResults): boolean {
  return results.summary.thresholdsPassed === false || (results.thresholds ?? []).some((t) => !t.passed);
}

export function runVerdict(results: RunResults): RunVerdict {
  const thresholds = results.thresholds ?? [];
  const counts = { thresholdsFailed: thresholds.filter((t) => !t.passed).length, thresholdsTotal: thresholds.length };
  let kind: RunVerdictKind;
  let exitCode: ExitCode;
  if (!runConforms(results)) {
    kind = 'does-not-conform';
    exitCode = results.run.interrupted === true ? ExitCode.Interrupted : ExitCode.ConformanceFailure;
  } else if (thresholdsFailed(results)) {
    kind = 'thresholds-failed';
    exitCode = ExitCode.ThresholdsFailed;
  } else {
    kind = 'conforms';
    exitCode = ExitCode.Ok;
  }
  return { kind, text: TEXT[kind], exitCode, ...counts };
}
