import type { RunResults } from '../contracts/results.ts';
import { isCallFailing } from './call-conformance.ts';

/**
 * Whether the reports call the run conforming. Stricter than `summary.conforms` alone: a run that
 * placed no call, was interrupted, or holds a failing call or unknown row is never shown as passing,
 * whatever the summary says, so no report can be green while another shows a failure.
 */
export function runConforms(results: RunResults): boolean {
  return (
    results.summary.conforms &&
    results.calls.length > 0 &&
    results.run.interrupted !== true &&
    results.unknownRows.length === 0 &&
    !results.calls.some(isCallFailing)
  );
}
