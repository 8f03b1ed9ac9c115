import { describe, expect, it } from 'vitest';
import type { RunResults } from '../contracts/results.ts';
import { FIXTURE_CALLS, makeResults, resummarise } from '../../tests/support/report-fixtures.ts';
import { runConforms } from './run-verdict.ts';

/** The fixture with only its conforming calls and no unknown row: a passing run. */
function passingRun(): RunResults {
  const base = makeResults();
  return resummarise({ ...base, calls: base.calls.filter((c) => c.id === FIXTURE_CALLS.matched || c.id === FIXTURE_CALLS.notRecorded), unknownRows: [] });
}

describe('runConforms', () => {
  it('passes a run whose calls all conform', () => {
    expect(runConforms(passingRun())).toBe(true);
  });

  it('fails the fixture run, which holds failures', () => {
    expect(runConforms(makeResults())).toBe(false);
  });

  it('fails an interrupted run', () => {
    const run = passingRun();
    expect(runConforms({ ...run, run: { ...run.run, interrupted: true } })).toBe(false);
  });

  it('fails when the summary says so although every call conforms', () => {
    const run = passingRun();
    expect(runConforms({ ...run, summary: { ...run.summary, conforms: false } })).toBe(false);
  });
});
