import { describe, expect, it } from 'vitest';
import { fakeCall, fakeRowFor } from '../../../tests/support/fake-calls.ts';
import type { CallRecord } from '../../contracts/call-record.ts';
import type { CdrRow } from '../../contracts/cdr-row.ts';
import { ExitCode } from '../../contracts/exit-codes.ts';
import { RESULTS_SCHEMA_VERSION, runResultsSchema, type StackInfo } from '../../contracts/results.ts';
import { RUN_MANIFEST_SCHEMA_VERSION, type RunManifest } from '../../contracts/run-manifest.ts';
import { AGENT_CONTEXT } from '../asterisk/dialplan.ts';
import { callFailed } from '../plan/customer-outcomes.ts';
import { assembleResults, type RunRecord } from './assemble-results.ts';
import { exitCodeOf } from './exit-code.ts';
import { PHASES } from './phases.ts';

const KEY = { header: 'X-CRM-Id', column: 'crm_id', length: 64 };
const STACK: StackInfo = {
  asteriskVersion: '22.5.0',
  cdrImage: 'mysql:8.4',
  cdrServerVersion: '8.4.6',
  cdrTable: 'cdr',
  headerMap: { 'X-CRM-Id': 'crm_id' },
  keyHeader: 'X-CRM-Id',
};
const at = '2026-11-26T08:00:00.000Z';

function manifest(extra: Partial<RunManifest> = {}): RunManifest {
  return {
    schemaVersion: RUN_MANIFEST_SCHEMA_VERSION,
    run: { id: 'r1', scenario: 'smoke', scenarioFile: 'scenarios/smoke.ts', startedAt: '2026-11-26T07:54:01.000Z', callcheckVersion: '0.1.0', nodeVersion: 'v24.0.0', host: 'h' },
    pid: 1,
    settings: { mappings: [KEY], key: KEY, policy: { recordUnanswered: true, recordCongestion: true }, context: AGENT_CONTEXT },
    cdrTable: 'cdr',
    browsers: [],
    agents: ['agent001'],
    load: { default: { executor: 'per-vu-iterations', vus: 1, iterations: 3, maxDurationMs: 600_000, startTimeMs: 0, gracefulStopMs: 30_000 } },
    loadStartedAt: Date.parse('2026-11-26T07:54:05.000Z'),
    ...extra,
  };
}

/** A run that finished and read its rows. */
function finished(calls: CallRecord[], rows: CdrRow[], extra: Partial<RunManifest> = {}): RunRecord {
  return {
    manifest: manifest({ stack: STACK, ended: { at: '2026-11-26T07:55:01.000Z', how: 'finished' }, ...extra }),
    calls,
    rows: { rows, source: '127.0.0.1:3306/asteriskcdrdb.cdr', readAt: at },
  };
}

function call(n: number, overrides: Partial<CallRecord> = {}): CallRecord {
  return fakeCall(n, { timeline: { dialRequested: 1000, inviteSent: 1000 + n, answered: 1300 }, ...overrides });
}

function rowFor(c: CallRecord, disposition = 'ANSWERED', billsec = 2): CdrRow {
  return fakeRowFor(c, { 'X-CRM-Id': 'crm_id' }, { disposition, billsec, duration: billsec + 1 });
}

describe('callFailed', () => {
  it('is true exactly when the agent did not see the planned outcome', () => {
    expect(callFailed({ plannedOutcome: 'answer', outcome: 'answered' })).toBe(false);
    expect(callFailed({ plannedOutcome: 'busy', outcome: 'busy' })).toBe(false);
    expect(callFailed({ plannedOutcome: 'no-answer', outcome: 'no-answer' })).toBe(false);
    expect(callFailed({ plannedOutcome: 'congestion', outcome: 'congestion' })).toBe(false);
    expect(callFailed({ plannedOutcome: 'answer', outcome: 'busy' })).toBe(true);
    expect(callFailed({ plannedOutcome: 'busy', outcome: 'answered' })).toBe(true);
    expect(callFailed({ plannedOutcome: 'congestion', outcome: 'failed' })).toBe(true);
  });
});

describe('assembleResults of a run that read its rows', () => {
  it('conforms when every call was answered as planned and matched its row', () => {
    const calls = [call(1), call(2)];
    const record = finished(calls, calls.map((c) => rowFor(c)));
    const results = assembleResults(record);
    expect(results.summary).toEqual({
      placed: 2,
      answered: 2,
      failed: 0,
      cdr: { matched: 2, missing: 0, duplicate: 0, mismatched: 0, unknown: 0, notRecorded: 0, unexpected: 0, lost: 0, inFlight: 0, notPlaced: 0 },
      conforms: true,
    });
    expect(results.schemaVersion).toBe(RESULTS_SCHEMA_VERSION);
    expect(results.run).toEqual({ ...record.manifest.run, finishedAt: '2026-11-26T07:55:01.000Z', durationMs: 60_000 });
    expect(results.stack).toBe(STACK);
    expect(results.calls.map((c) => [c.id, c.cdr.kind])).toEqual([
      ['call-00001', 'matched'],
      ['call-00002', 'matched'],
    ]);
    expect(results.phases.map((p) => p.name)).toEqual(PHASES.map((p) => p.name));
    expect(results.phases.find((p) => p.name === 'invite_to_200')).toMatchObject({ count: 2, minMs: 298, maxMs: 299 });
    expect(results.rebuilt).toBeUndefined();
    // What it assembles is results.json as its schema says.
    expect(runResultsSchema.safeParse(JSON.parse(JSON.stringify(results))).success).toBe(true);
  });

  it('never conforms without a call', () => {
    const results = assembleResults(finished([], []));
    expect(results.summary.placed).toBe(0);
    expect(results.summary.conforms).toBe(false);
  });

  it('counts a call whose outcome differs from the plan as failed, even when its CDR row is right', () => {
    const good = call(1);
    const wrong = call(2, { outcome: 'busy', talkTimeMs: undefined, sipStatus: 486 });
    const results = assembleResults(finished([good, wrong], [rowFor(good), rowFor(wrong, 'BUSY', 0)]));
    expect(results.calls.map((c) => c.cdr.kind)).toEqual(['matched', 'matched']);
    expect(results.summary.failed).toBe(1);
    expect(results.summary.answered).toBe(1);
    expect(results.summary.conforms).toBe(false);
  });

  it('does not conform when a row belongs to no call', () => {
    const c = call(1);
    const results = assembleResults(finished([c], [rowFor(c), rowFor(call(9))]));
    expect(results.unknownRows.map((u) => u.key)).toEqual(['C-9']);
    expect(results.summary.cdr.unknown).toBe(1);
    expect(results.summary.conforms).toBe(false);
  });

  it('does not conform when a call has no row', () => {
    const results = assembleResults(finished([call(1), call(2)], [rowFor(call(1))]));
    expect(results.summary.cdr.missing).toBe(1);
    expect(results.summary.conforms).toBe(false);
  });

  it('conforms with a call that was, as configured, not recorded', () => {
    const answered = call(1);
    const busy = call(2, { plannedOutcome: 'busy', outcome: 'busy', dialed: '486000001', talkTimeMs: undefined });
    const record = finished([answered, busy], [rowFor(answered)]);
    record.manifest.settings = { ...record.manifest.settings, policy: { recordUnanswered: false, recordCongestion: true } };
    const results = assembleResults(record);
    expect(results.calls.map((c) => c.cdr.kind)).toEqual(['matched', 'not-recorded']);
    expect(results.summary.conforms).toBe(true);
  });

  it('carries what the run observed and how it stopped: row delays, events, stop, leftovers', () => {
    const calls = [call(1), call(2)];
    const record = finished(calls, calls.map((c) => rowFor(c)), {
      observation: { cdrRowDelays: { pollMs: 100, byCall: { 'call-00001': 40, 'call-00002': 80 } } },
      stoppedEarly: { reason: 'abort-on-fail', afterCalls: 2 },
      cleanup: { channels: 0, contacts: [] },
      thresholdDefinitions: { calls: ['count>1'] },
    });
    const results = assembleResults({ ...record, events: [{ at: 1, kind: 'fault-skipped', detail: 'the load ended first', fault: 0 }] });
    expect(results.calls.map((c) => c.cdrRowDelayMs)).toEqual([40, 80]);
    expect(results.observations).toEqual({ events: [{ at: 1, kind: 'fault-skipped', detail: 'the load ended first', fault: 0 }], outages: [], cdrDelay: { measured: 2, p50Ms: 60, p95Ms: 78, maxMs: 80, pollMs: 100 } });
    expect(results.summary).toMatchObject({ stoppedEarly: { reason: 'abort-on-fail', afterCalls: 2 }, abortedByThreshold: true, thresholdsPassed: true });
    expect(results.cleanup).toEqual({ channels: 0, contacts: [] });
  });

  it('leaves out observations when the run observed nothing it kept', () => {
    expect(assembleResults(finished([call(1)], [rowFor(call(1))])).observations).toBeUndefined();
    expect(assembleResults(finished([call(1)], [rowFor(call(1))], { observation: {} })).observations).toEqual({ events: [], outages: [] });
  });
});

describe('assembleResults of a run that stopped early, or again after it', () => {
  // Ended out of order, as calls.jsonl lists them.
  const calls = [fakeCall(2), fakeCall(1), fakeCall(3)].map((c) => ({ ...c, loadScenario: 'default', timeline: { ...c.timeline, ended: Date.parse('2026-11-26T07:54:09.000Z') + c.index } }));

  it('gives every call of a killed run that read no row the verdict not-verified, marks it killed, and exits 3', () => {
    const results = assembleResults({ manifest: manifest(), calls }, { by: 'report', at });
    expect(results.calls.map((c) => c.id)).toEqual(['call-00001', 'call-00002', 'call-00003']);
    expect(results.calls.map((c) => c.cdr)).toEqual(calls.map(() => ({ kind: 'not-verified', reason: 'the run was killed before its CDR rows were read' })));
    expect(results.summary.cdr).toEqual({ matched: 0, missing: 0, duplicate: 0, mismatched: 0, unknown: 0, notRecorded: 0, unexpected: 0, lost: 0, inFlight: 0, notPlaced: 0, notVerified: 3 });
    expect(results.summary.conforms).toBe(false);
    expect(results.run).toMatchObject({ interrupted: true, killed: true, finishedAt: '2026-11-26T07:54:09.002Z' });
    expect(results.rebuilt).toEqual({ by: 'report', at });
    expect(results.load?.scenarios).toEqual([{ name: 'default', executor: 'per-vu-iterations', agents: 1, iterations: 3, dropped: 0 }]);
    expect(results.load?.durationMs).toBe(4002);
    expect(results.stack.asteriskVersion).toBe('unknown: the run stopped before it was up');
    expect(exitCodeOf(results)).toBe(ExitCode.Infrastructure);
  });

  it('verifies the kept calls against rows, a failed call outranking the unverified ones (exit 1)', () => {
    const failed = { ...calls[0]!, outcome: 'failed' as const };
    const unverified = assembleResults({ manifest: manifest({ ended: { at, how: 'interrupted' } }), calls: [failed, calls[1]!] });
    expect(unverified.run).toMatchObject({ interrupted: true });
    expect(unverified.run.killed).toBeUndefined();
    expect(unverified.rebuilt).toBeUndefined();
    expect(unverified.calls.map((c) => c.cdr)).toEqual([1, 2].map(() => ({ kind: 'not-verified', reason: 'the run was interrupted before its CDR rows were read' })));
    expect(exitCodeOf(unverified)).toBe(ExitCode.ConformanceFailure);
  });

  it('gives a finished run the same verdicts from its rows, one missing and one unknown row found', () => {
    const rows = [fakeRowFor(calls[0]!, { 'X-CRM-Id': 'crm_id' }), fakeRowFor(calls[1]!, { 'X-CRM-Id': 'crm_id' }, { mapped: { crm_id: 'C-RETYPED' } })];
    const rebuilt = { by: 'verify' as const, at, cdrSource: '127.0.0.1:3306/cdr.cdr', cdrReadAt: at };
    const results = assembleResults({ manifest: manifest({ ended: { at, how: 'finished' } }), calls, rows: { rows, source: '127.0.0.1:3306/cdr.cdr', readAt: at } }, rebuilt);
    expect(results.run.interrupted).toBeUndefined();
    expect(results.calls.map((c) => c.cdr.kind)).toEqual(['missing', 'matched', 'missing']);
    expect(results.unknownRows.map((u) => u.key)).toEqual(['C-RETYPED']);
    expect(results.rebuilt).toEqual(rebuilt);
    expect(exitCodeOf(results)).toBe(ExitCode.ConformanceFailure);
  });

  it('evaluates the recorded thresholds again over the new verdicts (exit 99 when only they fail)', () => {
    const rows = calls.map((c) => fakeRowFor(c, { 'X-CRM-Id': 'crm_id' }));
    const results = assembleResults({ manifest: manifest({ ended: { at, how: 'finished' }, thresholdDefinitions: { calls: ['count>5'] } }), calls, rows: { rows, source: 's', readAt: at } }, { by: 'verify', at });
    expect(results.calls.every((c) => c.cdr.kind === 'matched')).toBe(true);
    expect(results.thresholds?.map((t) => t.passed)).toEqual([false]);
    expect(results.summary.abortedByThreshold).toBeUndefined();
    expect(exitCodeOf(results)).toBe(ExitCode.ThresholdsFailed);
  });
});
