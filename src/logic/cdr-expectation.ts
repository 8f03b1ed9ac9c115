import type { CallRecord } from '../contracts/call-record.ts';

/** The cdr.conf settings that decide whether and how a call is recorded. One object drives cdr.conf and the verifier. */
export interface CdrPolicy {
  /** cdr.conf `unanswered`. */
  recordUnanswered: boolean;
  /** cdr.conf `congestion`. */
  recordCongestion: boolean;
}

export type CdrExpectation =
  | { recorded: true; disposition: string | undefined; why: string }
  | { recorded: false; why: string };

/**
 * What Asterisk's CDR engine writes for a call, from what the agent observed. The disposition follows
 * the hangup cause of the caller's channel: ANSWERED once answered; BUSY for cause 17; NO ANSWER for
 * 19 (and 16 before answer); CONGESTION for 34 only when `congestion = yes`, else FAILED. Calls never
 * answered are dropped when `unanswered = no`.
 */
export function expectCdr(call: Pick<CallRecord, 'outcome' | 'timeline'>, policy: CdrPolicy): CdrExpectation {
  if (call.timeline.inviteSent === undefined) return { recorded: false, why: 'the INVITE was never sent, so Asterisk never saw the call' };
  if (call.outcome === 'answered') return { recorded: true, disposition: 'ANSWERED', why: 'the call was answered' };
  if (!policy.recordUnanswered) return { recorded: false, why: 'cdr.conf has unanswered = no and the call was not answered' };
  switch (call.outcome) {
    case 'busy':
      return { recorded: true, disposition: 'BUSY', why: 'the customer was busy (486)' };
    case 'no-answer':
      return { recorded: true, disposition: 'NO ANSWER', why: 'the customer did not answer' };
    case 'congestion':
      return policy.recordCongestion
        ? { recorded: true, disposition: 'CONGESTION', why: 'cdr.conf has congestion = yes and the call met congestion (503)' }
        : { recorded: true, disposition: 'FAILED', why: 'cdr.conf has congestion = no, so congestion is recorded as FAILED' };
    default:
      // Rejected, failed or interrupted after the INVITE left: Asterisk saw the call, but what it recorded depends on where it broke.
      return { recorded: true, disposition: undefined, why: `the call ${call.outcome} after the INVITE was sent` };
  }
}
