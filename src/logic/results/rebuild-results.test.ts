import { describe, expect, it } from 'vitest';
import { fakeCall, fakeRowFor } from '../../../tests/support/fake-calls.ts';
import { RUN_MANIFEST_SCHEMA_VERSION, type RunManifest } from '../../contracts/run-manifest.ts';
import { ExitCode } from '../../contracts/exit-codes.ts';
import { AGENT_CONTEXT } from '../asterisk/dialplan.ts';
import { rebuildResults } from './rebuild-results.ts';
import { exitCodeOf } from './exit-code.ts';

const KEY = { header: 'X-CRM-Id', column: 'crm_id', length: 64 };

function manifest(extra: Partial<RunManifest> = {}): RunManifest {
  return {
    schemaVersion: RUN_MANIFEST_SCHEMA_VERSION,
    run: { id: 'r1', scenario: 'smoke', scenarioFile: 'scenarios/smoke.ts', startedAt: '2026-11-26T07:54:01.000Z', callcheckVersion: '0.1.0', nodeVersion: 'v24.0.0', host: 'h' },
    pid: 1,
    settings: { mappings: [KEY], key: KEY, policy: { recordUnanswered: true, recordCongestion: true }, context: AGENT_CONTEXT },
    cdrTable: 'cdr',
    browsers: [],
    agents: ['agent001'],
    load: { default: { executor: 'per-vu-iterations', vus: 1, iterations: 3, maxDurationMs: 600_000, startTimeMs: 0, gracefulStopMs: 30_000 } } as unknown as RunManifest['load'],
    loadStartedAt: Date.parse('2026-11-26T07:54:05.000Z'),
    ...extra,
  };
}

// Ended out of order, as calls.jsonl lists them.
const calls = [fakeCall(2), fakeCall(1), fakeCall(3)].map((c) => ({ ...c, loadScenario: 'default', timeline: { ...c.timeline, ended: Date.parse('2026-11-26T07:54:09.000Z') + c.index } }));
const at = '2026-11-26T08:00:00.000Z';

describe('rebuildResults', () => {
  it('gives every call of a killed run that read no row the verdict not-verified, marks it killed, and exits 3', () => {
    const results = rebuildResults({ manifest: manifest(), calls, by: 'report', at });
    expect(results.calls.map((c) => c.id)).toEqual(['call-00001', 'call-00002', 'call-00003']);
    expect(results.calls.map((c) => c.cdr)).toEqual(calls.map(() => ({ kind: 'not-verified', reason: 'the run was killed before its CDR rows were read' })));
    expect(results.summary.cdr).toEqual({ matched: 0, missing: 0, duplicate: 0, mismatched: 0, unknown: 0, notRecorded: 0, unexpected: 0, lost: 0, inFlight: 0, notPlaced: 0, notVerified: 3 });
    expect(results.summary.conforms).toBe(false);
    expect(results.run).toMatchObject({ interrupted: true, killed: true, finishedAt: '2026-11-26T07:54:09.002Z' });
    expect(results.rebuilt).toEqual({ by: 'report', at });
    expect(results.load?.scenarios).toEqual([{ name: 'default', executor: 'per-vu-iterations', agents: 1, iterations: 3, dropped: 0 }]);
    expect(results.load?.durationMs).toBe(4002);
    expect(exitCodeOf(results)).toBe(ExitCode.Infrastructure);
  });

  it('verifies the kept calls against rows, a failed call outranking the unverified ones (exit 1)', () => {
    const failed = { ...calls[0]!, outcome: 'failed' as const };
    const unverified = rebuildResults({ manifest: manifest({ ended: { at, how: 'interrupted' } }), calls: [failed, calls[1]!], at });
    expect(unverified.run).toMatchObject({ interrupted: true });
    expect(unverified.run.killed).toBeUndefined();
    expect(unverified.rebuilt).toBeUndefined();
    expect(exitCodeOf(unverified)).toBe(ExitCode.ConformanceFailure);
  });

  it('gives a finished run the same verdicts from its rows, one missing and one unknown row found', () => {
    const rows = [fakeRowFor(calls[0]!, { 'X-CRM-Id': 'crm_id' }), fakeRowFor(calls[1]!, { 'X-CRM-Id': 'crm_id' }, { mapped: { crm_id: 'C-RETYPED' } })];
    const results = rebuildResults({ manifest: manifest({ ended: { at, how: 'finished' } }), calls, rows: { rows, source: '127.0.0.1:3306/cdr.cdr', readAt: at }, by: 'verify', at });
    expect(results.run.interrupted).toBeUndefined();
    expect(results.calls.map((c) => c.cdr.kind)).toEqual(['missing', 'matched', 'missing']);
    expect(results.unknownRows.map((u) => u.key)).toEqual(['C-RETYPED']);
    expect(results.rebuilt).toEqual({ by: 'verify', at, cdrSource: '127.0.0.1:3306/cdr.cdr', cdrReadAt: at });
    expect(exitCodeOf(results)).toBe(ExitCode.ConformanceFailure);
  });

  it('evaluates the recorded thresholds again over the new verdicts (exit 99 when only they fail)', () => {
    const rows = calls.map((c) => fakeRowFor(c, { 'X-CRM-Id': 'crm_id' }));
    const results = rebuildResults({
      manifest: manifest({ ended: { at, how: 'finished' }, thresholdDefinitions: { calls: ['count>5'] } }),
      calls,
      rows: { rows, source: 's', readAt: at },
      by: 'verify',
      at,
    });
    expect(results.calls.every((c) => c.cdr.kind === 'matched')).toBe(true);
    expect(results.thresholds?.map((t) => t.passed)).toEqual([false]);
    expect(exitCodeOf(results)).toBe(ExitCode.ThresholdsFailed);
  });
});
