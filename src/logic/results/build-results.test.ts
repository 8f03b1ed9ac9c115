import { describe, expect, it } from 'vitest';
import { AGENT_CONTEXT } from '../asterisk/dialplan.ts';
import type { CallRecord } from '../../contracts/call-record.ts';
import type { CdrRow } from '../../contracts/cdr-row.ts';
import type { HeaderMapping } from '../../contracts/header-map.ts';
import { RESULTS_SCHEMA_VERSION, type RunMetadata, type StackInfo, type VerificationSettings } from '../../contracts/results.ts';
import { buildResults, callFailed } from './build-results.ts';
import { PHASES } from './phases.ts';
import { verifyCdr } from '../verify/verify-cdr.ts';
import { fakeCall, fakeRowFor } from '../../../tests/support/fake-calls.ts';

const KEY: HeaderMapping = { header: 'X-CRM-Id', column: 'crm_id', length: 64 };
const CONTEXT = AGENT_CONTEXT;

const RUN: RunMetadata = {
  id: '20261126-074512-3fa9',
  scenario: 'smoke',
  scenarioFile: 'scenarios/smoke.ts',
  startedAt: '2026-11-26T07:45:12.000Z',
  finishedAt: '2026-11-26T07:46:12.000Z',
  durationMs: 60_000,
  callcheckVersion: '0.1.0',
  nodeVersion: 'v24.21.0',
  host: 'ci',
};
const STACK: StackInfo = {
  asteriskVersion: '22.5.0',
  cdrImage: 'mysql:8.4',
  cdrServerVersion: '8.4.6',
  cdrTable: 'cdr',
  headerMap: { 'X-CRM-Id': 'crm_id' },
  keyHeader: 'X-CRM-Id',
};

const SETTINGS: VerificationSettings = {
  mappings: [{ header: 'X-CRM-Id', column: 'crm_id', length: 64 }],
  key: { header: 'X-CRM-Id', column: 'crm_id', length: 64 },
  policy: { recordUnanswered: true, recordCongestion: true },
  context: 'callcheck-agents',
};

function call(n: number, overrides: Partial<CallRecord> = {}): CallRecord {
  return fakeCall(n, { timeline: { dialRequested: 1000, inviteSent: 1000 + n, answered: 1300 }, ...overrides });
}

function rowFor(c: CallRecord, disposition = 'ANSWERED', billsec = 2): CdrRow {
  return fakeRowFor(c, { 'X-CRM-Id': 'crm_id' }, { disposition, billsec, duration: billsec + 1 });
}

function build(calls: CallRecord[], rows: CdrRow[], recordUnanswered = true) {
  const verification = verifyCdr({ calls, rows, mappings: [KEY], key: KEY, policy: { recordUnanswered, recordCongestion: true }, context: CONTEXT });
  return buildResults({ run: RUN, stack: STACK, browsers: [], calls, settings: SETTINGS, verification });
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

describe('buildResults', () => {
  it('conforms when every call was answered as planned and matched its row', () => {
    const calls = [call(1), call(2)];
    const results = build(calls, calls.map((c) => rowFor(c)));
    expect(results.summary).toEqual({
      placed: 2,
      answered: 2,
      failed: 0,
      cdr: { matched: 2, missing: 0, duplicate: 0, mismatched: 0, unknown: 0, notRecorded: 0, unexpected: 0, lost: 0, inFlight: 0, notPlaced: 0 },
      conforms: true,
    });
    expect(results.schemaVersion).toBe(RESULTS_SCHEMA_VERSION);
    expect(results.run).toBe(RUN);
    expect(results.stack).toBe(STACK);
    expect(results.calls.map((c) => [c.id, c.cdr.kind])).toEqual([
      ['call-00001', 'matched'],
      ['call-00002', 'matched'],
    ]);
    expect(results.phases.map((p) => p.name)).toEqual(PHASES.map((p) => p.name));
    expect(results.phases.find((p) => p.name === 'invite_to_200')).toMatchObject({ count: 2, minMs: 298, maxMs: 299 });
  });

  it('never conforms without a call', () => {
    const results = build([], []);
    expect(results.summary.placed).toBe(0);
    expect(results.summary.conforms).toBe(false);
  });

  it('counts a call whose outcome differs from the plan as failed, even when its CDR row is right', () => {
    const good = call(1);
    const wrong = call(2, { outcome: 'busy', talkTimeMs: undefined, sipStatus: 486 });
    const results = build([good, wrong], [rowFor(good), rowFor(wrong, 'BUSY', 0)]);
    expect(results.calls.map((c) => c.cdr.kind)).toEqual(['matched', 'matched']);
    expect(results.summary.failed).toBe(1);
    expect(results.summary.answered).toBe(1);
    expect(results.summary.conforms).toBe(false);
  });

  it('does not conform when a row belongs to no call', () => {
    const c = call(1);
    const results = build([c], [rowFor(c), rowFor(call(9))]);
    expect(results.unknownRows.map((u) => u.key)).toEqual(['C-9']);
    expect(results.summary.cdr.unknown).toBe(1);
    expect(results.summary.conforms).toBe(false);
  });

  it('does not conform when a call has no row', () => {
    const results = build([call(1), call(2)], [rowFor(call(1))]);
    expect(results.summary.cdr.missing).toBe(1);
    expect(results.summary.conforms).toBe(false);
  });

  it('conforms with a call that was, as configured, not recorded', () => {
    const answered = call(1);
    const busy = call(2, { plannedOutcome: 'busy', outcome: 'busy', dialed: '486000001', talkTimeMs: undefined });
    const results = build([answered, busy], [rowFor(answered)], false);
    expect(results.calls.map((c) => c.cdr.kind)).toEqual(['matched', 'not-recorded']);
    expect(results.summary.conforms).toBe(true);
  });

  it('throws when a call has no verdict', () => {
    const verification = verifyCdr({ calls: [], rows: [], mappings: [KEY], key: KEY, policy: { recordUnanswered: true, recordCongestion: true }, context: CONTEXT });
    expect(() => buildResults({ run: RUN, stack: STACK, browsers: [], calls: [call(1)], settings: SETTINGS, verification })).toThrow('call call-00001 has no CDR verdict');
  });
});
