import { describe, expect, it } from 'vitest';
import type { RunResults } from '../../contracts/results.ts';
import { FIXTURE_CALLS, makeResults, resummarise } from '../../../tests/support/report-fixtures.ts';
import { exitCause } from './exit-cause.ts';

const REPORT = 'reports/run-1/index.html';
const HINT = `the report says why, call by call: ${REPORT}`;

/** The fixture with only its conforming calls and no unknown row. */
function conforming(results: RunResults): RunResults {
  return resummarise({ ...results, calls: results.calls.filter((c) => c.id === FIXTURE_CALLS.matched || c.id === FIXTURE_CALLS.notRecorded), unknownRows: [] });
}

describe('exitCause', () => {
  it('has nothing to say of a conforming run', () => {
    expect(exitCause(conforming(makeResults()), REPORT)).toBeUndefined();
  });

  it('counts every kind of non-conformance of an exit 1 in one line', () => {
    const cause = exitCause(makeResults(), REPORT);
    expect(cause).toEqual({
      exitCode: 1,
      cause: 'the run does not conform: 1 of 7 calls failed, 1 CDR row missing, 1 call with duplicate CDR rows, 1 CDR row mismatched, 1 unexpected CDR row, 1 unknown CDR row',
      hint: HINT,
    });
    expect(cause?.cause).not.toContain('\n');
  });

  it('says that a run stopped by --max-failures stopped early, and after how many calls', () => {
    const base = makeResults();
    const stopped = { ...base, summary: { ...base.summary, stoppedEarly: { reason: 'max-failures' as const, afterCalls: 7, maxFailures: 1 } } };
    expect(exitCause(stopped, REPORT)?.cause).toMatch(/^the run does not conform: 1 of 7 calls failed, .*; stopped early: 1 call had failed \(--max-failures 1\); 7 calls placed in all/);
  });

  it('names the failed thresholds of an exit 99', () => {
    const results = conforming(makeResults({ thresholds: 'failing' }));
    const cause = exitCause(results, REPORT);
    const failed = (results.thresholds ?? []).filter((t) => !t.passed);
    expect(failed.length).toBeGreaterThan(0);
    expect(cause).toEqual({
      exitCode: 99,
      cause: `every call conformed, but ${failed.length} of ${results.thresholds?.length} thresholds failed: ${failed.map((t) => t.key).join(', ')}`,
      hint: HINT,
    });
  });

  it('says no call was placed', () => {
    const empty = resummarise({ ...makeResults(), calls: [], unknownRows: [] });
    expect(exitCause(empty, REPORT)?.cause).toBe('the run does not conform: no call was placed, so nothing was verified');
  });
});
