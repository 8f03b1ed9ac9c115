import { describe, expect, it } from 'vitest';
import type { CallOutcome, CallTimeline } from '../../contracts/call-record.ts';
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
    ['cancelled', 'NO ANSWER'],
    ['declined', 'NO ANSWER'],
    ['not-found', 'NO ANSWER'],
  ] as [CallOutcome, string][])('expects a %s call recorded as %s under the default policy', (outcome, disposition) => {
    const expectation = expectCdr({ outcome, timeline: SENT }, ALL);
    expect(expectation.recorded).toBe(true);
    expect(expectation.recorded && expectation.disposition).toBe(disposition);
  });

  it('expects congestion recorded as FAILED when cdr.conf has congestion = no', () => {
    const expectation = expectCdr({ outcome: 'congestion', timeline: SENT }, { recordUnanswered: true, recordCongestion: false });
    expect(expectation).toEqual({ recorded: true, disposition: 'FAILED', why: 'cdr.conf has congestion = no, so congestion is recorded as FAILED' });
  });

  it.each([['busy'], ['no-answer'], ['cancelled'], ['declined'], ['not-found'], ['rejected'], ['failed']] as [CallOutcome][])(
    'expects no row for an unanswered %s call when cdr.conf has unanswered = no',
    (outcome) => {
      expect(expectCdr({ outcome, timeline: SENT }, { recordUnanswered: false, recordCongestion: true })).toEqual({
        recorded: false,
        why: 'cdr.conf has unanswered = no and the call was not answered',
      });
    },
  );

  it('still expects a CONGESTION row when cdr.conf has unanswered = no, since CONGESTION ranks above ANSWERED', () => {
    expect(expectCdr({ outcome: 'congestion', timeline: SENT }, { recordUnanswered: false, recordCongestion: true })).toEqual({
      recorded: true,
      disposition: 'CONGESTION',
      why: 'cdr.conf has unanswered = no, but Asterisk still records a call that ended in CONGESTION',
    });
  });

  it('expects no row for congestion when cdr.conf has both unanswered = no and congestion = no (FAILED is dropped)', () => {
    expect(expectCdr({ outcome: 'congestion', timeline: SENT }, { recordUnanswered: false, recordCongestion: false })).toEqual({
      recorded: false,
      why: 'cdr.conf has unanswered = no and the call was not answered',
    });
  });

  it('expects no row for a 404 that came without 100 Trying: no extension matched, so no channel existed', () => {
    const refused = { dialRequested: 100, inviteSent: 110 };
    expect(expectCdr({ outcome: 'not-found', timeline: refused, sipStatus: 404 }, ALL)).toEqual({
      recorded: false,
      why: 'Asterisk answered 404 without 100 Trying: no extension matches the number, so no channel and no CDR exist',
    });
    // The dialplan's own 404 (Hangup(1)) follows a 100 Trying: the channel, and its row, exist.
    expect(expectCdr({ outcome: 'not-found', timeline: SENT, sipStatus: 404 }, ALL)).toMatchObject({ recorded: true, disposition: 'NO ANSWER' });
  });

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
