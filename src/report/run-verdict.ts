import type { RunResults } from '../contracts/results.ts';

/**
 * Whether the reports call the run conforming: what buildResults decided (`summary.conforms`, never true
 * without a call placed, with a failing call or an unknown row), and never for an interrupted run.
 */
export function runConforms(results: RunResults): boolean {
  return results.summary.conforms && results.run.interrupted !== true;
}
