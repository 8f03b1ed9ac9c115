import { describe, expect, it } from 'vitest';
import { expectCdr } from './cdr-expectation.ts';
import { crashedCallResult } from './crashed-call.ts';

const crash = { at: 12_500, reason: 'Page crashed!', page: 'page 2 in browser-1' };
const policy = { recordUnanswered: true, recordCongestion: true };

describe('crashedCallResult', () => {
  it('fails an answered call with the crash named and keeps what the page had reported', () => {
    const result = crashedCallResult({ callIndex: 7, dialRequested: 10_000, sipCallId: 'abc@callcheck', timeline: { inviteSent: 10_100, answered: 10_400 } }, crash);
    expect(result).toEqual({
      outcome: 'failed',
      timeline: { dialRequested: 10_000, inviteSent: 10_100, answered: 10_400, ended: 12_500 },
      sip: [],
      sipCallId: 'abc@callcheck',
      error: 'the browser page crashed during the call (after the answer), 2.5 s after the dial: page 2 in browser-1: Page crashed!',
    });
    // Asterisk had the call: its row is expected (the verifier then checks its columns).
    expect(expectCdr({ ...result, sipStatus: undefined }, policy).recorded).toBe(true);
  });

  it('expects no row when the INVITE had not been sent', () => {
    const result = crashedCallResult({ callIndex: 1, dialRequested: 12_000, timeline: {} }, crash);
    expect(result.error).toMatch(/\(before its INVITE\), 0\.5 s after the dial/);
    expect(result.sipCallId).toBeUndefined();
    expect(expectCdr({ ...result, sipStatus: undefined }, policy)).toMatchObject({ recorded: false });
  });

  it('never ends before the dial, whatever the clocks say', () => {
    expect(crashedCallResult({ callIndex: 1, dialRequested: 13_000, timeline: {} }, crash).timeline.ended).toBe(13_000);
  });
});
