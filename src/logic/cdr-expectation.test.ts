import { describe, expect, it } from 'vitest';
import type { CallOutcome, CallTimeline } from '../contracts/call-record.ts';
import { expectCdr, type CdrPolicy } from './cdr-expectation.ts';

const SENT: CallTimeline = { dialRequested: 100, inviteSent: 110 };
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
    expect(expectCdr({ outcome, timeline: SENT }, ALL)).toEqual({ recorded: true, disposition: undefined, why: `the call ${outcome} after the INVITE was sent` });
  });
});
