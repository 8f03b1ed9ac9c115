import type { CallRecord, CallTimeline } from '../../contracts/call-record.ts';

/** What the harness knows of a call while its page runs it: when it asked, and the stamps the page reported. */
export interface CallSoFar {
  callIndex: number;
  /** When the harness asked the page to dial (epoch ms). */
  dialRequested: number;
  sipCallId?: string;
  /** The stamps the page reported before it went away (see AgentEvent's call-progress). */
  timeline: Pick<CallTimeline, 'inviteSent' | 'answered' | 'byeSent'>;
}

export interface PageCrash {
  /** When the harness learned of the crash (epoch ms). */
  at: number;
  /** What the browser said, e.g. `Page crashed!`. */
  reason: string;
  /** Which page, e.g. `page 2 in browser-1`. */
  page: string;
}

/**
 * The record of a call whose page crashed under it, from what the harness knew: it failed, naming the
 * crash, and keeps the stamps the page had reported, so the verifier still knows whether Asterisk saw the
 * INVITE (then a row is expected: Asterisk ends the orphaned call itself) or not.
 */
export function crashedCallResult(call: CallSoFar, crash: PageCrash): Pick<CallRecord, 'outcome' | 'timeline' | 'sip' | 'error' | 'sipCallId'> {
  const timeline: CallTimeline = { dialRequested: call.dialRequested, ...call.timeline, ended: Math.max(crash.at, call.dialRequested) };
  const reached = call.timeline.byeSent !== undefined ? 'after its BYE' : call.timeline.answered !== undefined ? 'after the answer' : call.timeline.inviteSent !== undefined ? 'after its INVITE' : 'before its INVITE';
  const result: Pick<CallRecord, 'outcome' | 'timeline' | 'sip' | 'error' | 'sipCallId'> = {
    outcome: 'failed',
    timeline,
    sip: [],
    error: `the browser page crashed during the call (${reached}), ${(((timeline.ended ?? crash.at) - call.dialRequested) / 1000).toFixed(1)} s after the dial: ${crash.page}: ${crash.reason}`,
  };
  if (call.sipCallId !== undefined) result.sipCallId = call.sipCallId;
  return result;
}
