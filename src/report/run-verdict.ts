import { ExitCode } from '../contracts/exit-codes.ts';
import type { RunResults, StoppedEarly } from '../contracts/results.ts';
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

/** What every report says to do about calls whose CDR rows were never read. */
export const NOT_VERIFIED_HINT =
  'Check them against the CDR database with: callcheck verify <run-dir> --cdr mysql://user:password@127.0.0.1:3306/database (the database the run wrote to, or a restored copy).';

/** One sentence saying that the load stopped early, why and after how many calls: for stdout, stderr and the HTML report. */
export function stoppedEarlyText(stopped: StoppedEarly): string {
  const why = stopped.reason === 'max-failures'
    ? `${stopped.maxFailures} call${stopped.maxFailures === 1 ? '' : 's'} had failed (--max-failures ${stopped.maxFailures})`
    : 'a threshold with abortOnFail failed';
  return `stopped early: ${why}; ${stopped.afterCalls} call${stopped.afterCalls === 1 ? '' : 's'} placed in all, those in flight let end, every one verified`;
}
