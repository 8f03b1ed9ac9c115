import { ExitCode } from '../../contracts/exit-codes.ts';
import type { RunResults } from '../../contracts/results.ts';
import { runVerdict, stoppedEarlyText } from '../run-verdict.ts';

/** The cause of a finished run's non-zero exit code, in one line, and what to do. */
export interface ExitCause {
  exitCode: ExitCode;
  cause: string;
  hint: string;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** What did not conform, counted: failed calls and each kind of bad CDR verdict that occurred. */
function nonConformance(results: RunResults): string {
  const { summary } = results;
  if (summary.placed === 0) return 'no call was placed, so nothing was verified';
  const { cdr } = summary;
  const parts = [
    summary.failed > 0 ? `${summary.failed} of ${plural(summary.placed, 'call')} failed` : '',
    cdr.missing > 0 ? `${plural(cdr.missing, 'CDR row')} missing` : '',
    cdr.keyNotStored ? `${plural(cdr.keyNotStored, 'CDR row')} written without the key` : '',
    cdr.duplicate > 0 ? `${plural(cdr.duplicate, 'call')} with duplicate CDR rows` : '',
    cdr.mismatched > 0 ? `${plural(cdr.mismatched, 'CDR row')} mismatched` : '',
    cdr.unexpected > 0 ? `${plural(cdr.unexpected, 'unexpected CDR row')}` : '',
    cdr.unknown > 0 ? `${plural(cdr.unknown, 'unknown CDR row')}` : '',
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : 'a call or CDR row did not conform';
}

/**
 * Why a finished run exits 1 or 99, as the one `callcheck:` line on stderr says it; undefined for exit 0.
 * Interrupted runs and runs that could not start end with an error instead, which carries its own cause.
 */
export function exitCause(results: RunResults, reportPath: string): ExitCause | undefined {
  const verdict = runVerdict(results);
  const hint = `the report says why, call by call: ${reportPath}`;
  switch (verdict.kind) {
    case 'conforms':
      return undefined;
    case 'thresholds-failed': {
      const failed = (results.thresholds ?? []).filter((t) => !t.passed).map((t) => t.key);
      const stopped = results.summary.stoppedEarly ? `; ${stoppedEarlyText(results.summary.stoppedEarly)}` : '';
      return { exitCode: verdict.exitCode, cause: `every call conformed, but ${verdict.thresholdsFailed} of ${plural(verdict.thresholdsTotal, 'threshold')} failed: ${failed.join(', ')}${stopped}`, hint };
    }
    case 'does-not-conform': {
      const stopped = results.summary.stoppedEarly ? `; ${stoppedEarlyText(results.summary.stoppedEarly)}` : '';
      return { exitCode: verdict.exitCode, cause: `the run does not conform: ${nonConformance(results)}${stopped}`, hint };
    }
  }
}
