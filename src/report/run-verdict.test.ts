import type { RunResults } from '../contracts/results.ts';
import { FIXTURE_CALLS, makeResults, resummarise } from '../../tests/support/report-fixtures.ts';
import { exitCodeOf } from '../logic/results/exit-code.ts';
import { runConforms, runVerdict, stoppedEarlyText } from './run-verdict.ts';
import { describe, expect, it } from 'vitest';

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

describe('runVerdict', () => {
  const conformingCalls = (results: RunResults) =>
    resummarise({ ...results, calls: results.calls.filter((c) => c.id === FIXTURE_CALLS.matched || c.id === FIXTURE_CALLS.notRecorded), unknownRows: [] });

  it('conforms with exit 0 when the calls conform and there is no threshold or none failed', () => {
    expect(runVerdict(passingRun())).toEqual({ kind: 'conforms', text: 'CONFORMS', exitCode: 0, thresholdsFailed: 0, thresholdsTotal: 0 });
    expect(runVerdict(conformingCalls(makeResults({ thresholds: 'passing' })))).toMatchObject({ kind: 'conforms', exitCode: 0, thresholdsTotal: 4 });
  });

  it('is thresholds-failed with exit 99 when only thresholds failed', () => {
    expect(runVerdict(conformingCalls(makeResults({ thresholds: 'failing' })))).toEqual({
      kind: 'thresholds-failed',
      text: 'THRESHOLDS FAILED',
      exitCode: 99,
      thresholdsFailed: 2,
      thresholdsTotal: 4,
    });
  });

  it('is does-not-conform with exit 1 when a call or row failed, thresholds or not', () => {
    expect(runVerdict(makeResults())).toMatchObject({ kind: 'does-not-conform', text: 'DOES NOT CONFORM', exitCode: 1 });
    expect(runVerdict(makeResults({ thresholds: 'failing' }))).toMatchObject({ kind: 'does-not-conform', exitCode: 1, thresholdsFailed: 2 });
  });

  it('gives exit 130 for an interrupted run', () => {
    const run = passingRun();
    expect(runVerdict({ ...run, run: { ...run.run, interrupted: true } })).toMatchObject({ kind: 'does-not-conform', exitCode: 130 });
  });

  it('believes a summary that says thresholds failed even when no result did', () => {
    const run = conformingCalls(makeResults({ thresholds: 'passing' }));
    expect(runVerdict({ ...run, summary: { ...run.summary, thresholdsPassed: false } })).toMatchObject({ kind: 'thresholds-failed', exitCode: 99 });
  });
});

describe('runVerdict and the exit code of the run', () => {
  it('agree on every fixture run that was not interrupted', () => {
    const runs = [passingRun(), makeResults(), ...(['passing', 'failing', 'aborted'] as const).flatMap((t) => {
      const base = makeResults({ thresholds: t });
      return [base, resummarise({ ...base, calls: base.calls.filter((c) => c.id === FIXTURE_CALLS.matched), unknownRows: [] })];
    })];
    expect(new Set(runs.map((r) => exitCodeOf(r)))).toEqual(new Set([0, 1, 99]));
    for (const run of runs) expect(runVerdict(run).exitCode).toBe(exitCodeOf(run));
  });
});

describe('stoppedEarlyText', () => {
  it('says which limit stopped the load and after how many calls', () => {
    expect(stoppedEarlyText({ reason: 'max-failures', afterCalls: 3, maxFailures: 2 })).toBe(
      'stopped early: 2 calls had failed (--max-failures 2); 3 calls placed in all, those in flight let end, every one verified',
    );
    expect(stoppedEarlyText({ reason: 'max-failures', afterCalls: 1, maxFailures: 1 })).toBe(
      'stopped early: 1 call had failed (--max-failures 1); 1 call placed in all, those in flight let end, every one verified',
    );
    expect(stoppedEarlyText({ reason: 'abort-on-fail', afterCalls: 7 })).toBe(
      'stopped early: a threshold with abortOnFail failed; 7 calls placed in all, those in flight let end, every one verified',
    );
  });
});
