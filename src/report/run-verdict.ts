import { ExitCode } from '../contracts/exit-codes.ts';
import type { RunResults } from '../contracts/results.ts';
import { exitCodeOf, thresholdsFailed } from '../logic/results/exit-code.ts';

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
export type RunVerdictKind = 'conforms' | 'does-not-conform' | 'thresholds-failed' | 'not-verified';

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
  'not-verified': 'CDR NOT VERIFIED',
};

export { thresholdsFailed };

export function runVerdict(results: RunResults): RunVerdict {
  const thresholds = results.thresholds ?? [];
  const counts = { thresholdsFailed: thresholds.filter((t) => !t.passed).length, thresholdsTotal: thresholds.length };
  // One rule for the exit code and the banner: the CLI's (exitCodeOf), and 130 for an interrupted run.
  const exitCode = results.run.interrupted === true ? ExitCode.Interrupted : exitCodeOf(results);
  // Calls whose rows were never read are "not verified", interrupted or not: nothing failed, nothing is proven.
  const kind: RunVerdictKind =
    exitCode === ExitCode.Ok ? 'conforms' : exitCode === ExitCode.ThresholdsFailed ? 'thresholds-failed' : exitCodeOf(results) === ExitCode.Infrastructure ? 'not-verified' : 'does-not-conform';
  return { kind, text: TEXT[kind], exitCode, ...counts };
}
