import { describe, expect, it } from 'vitest';
import type { CallOutcome, CallTimeline } from '../contracts/call-record.ts';
import { expectCdr, type CdrPolicy } from './cdr-expectation.ts';

// The authenticated INVITE got its 100 Trying: Asterisk created a channel for the call.
const SENT: CallTimeline = { dialRequested: 100, inviteSent: 110, trying: 130 };
const ALL: CdrPolicy = { recordUnanswered: true, recordCongestion: true };

describe('expectCdr', () => {
  it.each([
    ['answered', 'ANSWERED'],
    ['busy', 'BUSY'],
    ['no-answer', 'NO ANSWER'],
    ['congestion', 'CONGESTION'],
  ] as [CallOutcome, string][])('expects a %s call recorded as %s under the default policy', (outcome, disposition) => {
    const expectation = expectCdr({ outcome, timeline: SENT }, ALL);
    expect(expectation.recorded).toBe(true);
    expect(expectation.recorded && expectation.disposition).toBe(disposition);
  });

  it('expects congestion recorded as FAILED when cdr.conf has congestion = no', () => {
    const expectation = expectCdr({ outcome: 'congestion', timeline: SENT }, { recordUnanswered: true, recordCongestion: false });
    expect(expectation).toEqual({ recorded: true, disposition: 'FAILED', why: 'cdr.conf has congestion = no, so congestion is recorded as FAILED' });
  });

  it.each([['busy'], ['no-answer'], ['congestion'], ['rejected'], ['failed']] as [CallOutcome][])(
    'expects no row for an unanswered %s call when cdr.conf has unanswered = no',
    (outcome) => {
      expect(expectCdr({ outcome, timeline: SENT }, { recordUnanswered: false, recordCongestion: true })).toEqual({
        recorded: false,
        why: 'cdr.conf has unanswered = no and the call was not answered',
      });
    },
  );

  it('still expects a row for an answered call when cdr.conf has unanswered = no', () => {
    expect(expectCdr({ outcome: 'answered', timeline: SENT }, { recordUnanswered: false, recordCongestion: false })).toEqual({
      recorded: true,
      disposition: 'ANSWERED',
      why: 'the call was answered',
    });
  });

  it('expects no row when the INVITE was never sent, whatever the outcome', () => {
    for (const outcome of ['failed', 'answered', 'interrupted'] as CallOutcome[]) {
      expect(expectCdr({ outcome, timeline: { dialRequested: 100 } }, ALL).recorded).toBe(false);
    }
  });

  it.each([['rejected'], ['failed'], ['interrupted']] as [CallOutcome][])('expects a row of unknown disposition for a %s call after the INVITE left', (outcome) => {
    expect(expectCdr({ outcome, timeline: SENT }, ALL)).toEqual({ recorded: true, disposition: undefined, why: `the call ${outcome} after Asterisk had taken it` });
  });

  it('expects no row when Asterisk answered nothing but the digest challenge, or nothing at all', () => {
    const challenged = { dialRequested: 100, inviteSent: 110 };
    for (const sipStatus of [401, 407, undefined]) {
      const expectation = expectCdr({ outcome: 'failed', timeline: challenged, sipStatus }, ALL);
      expect(expectation.recorded).toBe(false);
      expect(expectation.why).toMatch(/never accepted the INVITE/);
    }
  });

  it('expects a row when a final answer other than the challenge arrived, even without 100 Trying', () => {
    const expectation = expectCdr({ outcome: 'busy', timeline: { dialRequested: 100, inviteSent: 110 }, sipStatus: 486 }, ALL);
    expect(expectation).toMatchObject({ recorded: true, disposition: 'BUSY' });
  });
});
