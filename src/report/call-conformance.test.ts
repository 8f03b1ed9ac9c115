import type { VerifiedCall } from '../contracts/results.ts';
import { isCallFailing, reportVerdict, keyValueOf } from './call-conformance.ts';
import { FIXTURE_CALLS, makeResults, KEY_HEADER } from '../../tests/support/report-fixtures.ts';
import { describe, expect, it } from 'vitest';

function call(id: string): VerifiedCall {
  const found = makeResults().calls.find((c) => c.id === id);
  if (!found) throw new Error(`fixture has no ${id}`);
  return found;
}

describe('reportVerdict', () => {
  it('is the CDR verdict kind for calls the agent completed', () => {
    expect(reportVerdict(call(FIXTURE_CALLS.matched))).toBe('matched');
    expect(reportVerdict(call(FIXTURE_CALLS.missing))).toBe('missing');
    expect(reportVerdict(call(FIXTURE_CALLS.notRecorded))).toBe('not-recorded');
  });

  it('is call-failed / call-interrupted when the agent saw the call fail and the CDR conforms', () => {
    const failed = call(FIXTURE_CALLS.failed);
    expect(reportVerdict(failed)).toBe('call-failed');
    expect(reportVerdict({ ...failed, outcome: 'interrupted' })).toBe('call-interrupted');
  });

  it('is wrong-outcome when the call ended otherwise than its number asked for', () => {
    const answered = call(FIXTURE_CALLS.matched);
    expect(reportVerdict({ ...answered, outcome: 'busy', sipStatus: 486 })).toBe('wrong-outcome');
    expect(isCallFailing({ ...answered, outcome: 'busy', sipStatus: 486 })).toBe(true);
  });

  it('keeps a failing CDR verdict even when the call also failed', () => {
    expect(reportVerdict({ ...call(FIXTURE_CALLS.missing), outcome: 'failed' })).toBe('missing');
  });
});

describe('isCallFailing', () => {
  it('passes matched and not-recorded calls only', () => {
    const failing = makeResults().calls.filter(isCallFailing).map((c) => c.id).sort();
    expect(failing).toEqual([FIXTURE_CALLS.missing, FIXTURE_CALLS.mismatched, FIXTURE_CALLS.duplicate, FIXTURE_CALLS.failed, FIXTURE_CALLS.unexpectedRow].sort());
  });

  it('does not fail busy or no-answer calls that were planned so and whose CDR conforms', () => {
    const busy = call(FIXTURE_CALLS.notRecorded);
    expect(busy.outcome).toBe('busy');
    expect(isCallFailing(busy)).toBe(false);
    expect(isCallFailing({ ...busy, plannedOutcome: 'no-answer', outcome: 'no-answer' })).toBe(false);
  });
});

describe('keyValueOf', () => {
  it('reads the key header of the call, or undefined', () => {
    const call = makeResults().calls[0]!;
    expect(keyValueOf(call, KEY_HEADER)).toBe('CRM-1001');
    expect(keyValueOf(call, 'X-Other')).toBeUndefined();
  });
});
