import type { CallRecord } from '../../contracts/call-record.ts';
import { customerOutcomeSeenAs } from '../plan/customer-outcomes.ts';

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
 * Whether Asterisk created a channel for the call: it answered the authenticated INVITE with something
 * other than the digest challenge. Before that there is no channel, so there can be no CDR.
 */
function reachedDialplan(call: Pick<CallRecord, 'timeline' | 'sipStatus'>): boolean {
  const t = call.timeline;
  if (t.trying !== undefined || t.ringing !== undefined || t.answered !== undefined) return true;
  return call.sipStatus !== undefined && call.sipStatus !== 401 && call.sipStatus !== 407;
}

/**
 * Whether Asterisk refused the call because no extension matches the number: PJSIP then answers 404 Not
 * Found before creating a channel, without the 100 Trying it sends once an extension is found (seen on
 * Asterisk 22; a 404 from the dialplan, Hangup(1), follows a 100 Trying). No channel, no CDR.
 */
function noSuchExtension(call: Pick<CallRecord, 'timeline' | 'sipStatus'>): boolean {
  return call.sipStatus === 404 && call.timeline.trying === undefined && call.timeline.ringing === undefined;
}

/**
 * The dispositions Asterisk still writes when cdr.conf has `unanswered = no`. It drops a record whose
 * disposition ranks below ANSWERED in its order (NO ANSWER, FAILED, BUSY, ANSWERED, CONGESTION: enum
 * ast_cdr_disposition) and that has no destination channel (the simulated customer never dials one), so
 * a call that ended in CONGESTION is recorded even though nobody answered it (seen on Asterisk 22).
 */
const KEPT_WHEN_UNANSWERED_OFF: ReadonlySet<string> = new Set(['ANSWERED', 'CONGESTION']);

/**
 * What Asterisk's CDR engine writes for a call, from what the agent observed. The disposition follows the
 * hangup cause of the caller's channel (see CUSTOMER_OUTCOMES); with `unanswered = no`, calls never
 * answered are dropped unless they ended in CONGESTION.
 */
export function expectCdr(call: Pick<CallRecord, 'outcome' | 'timeline' | 'sipStatus'>, policy: CdrPolicy): CdrExpectation {
  if (call.timeline.inviteSent === undefined) return { recorded: false, why: 'the INVITE was never sent, so Asterisk never saw the call' };
  if (!reachedDialplan(call)) return { recorded: false, why: 'Asterisk never accepted the INVITE (no answer beyond the digest challenge), so no channel and no CDR exist' };
  if (noSuchExtension(call)) return { recorded: false, why: 'Asterisk answered 404 without 100 Trying: no extension matches the number, so no channel and no CDR exist' };
  const customer = customerOutcomeSeenAs(call.outcome);
  if (customer?.agentOutcome === 'answered') return { recorded: true, disposition: customer.disposition(policy.recordCongestion), why: 'the call was answered' };
  const disposition = customer?.disposition(policy.recordCongestion);
  if (!policy.recordUnanswered && (disposition === undefined || !KEPT_WHEN_UNANSWERED_OFF.has(disposition))) {
    return { recorded: false, why: 'cdr.conf has unanswered = no and the call was not answered' };
  }
  if (customer && disposition !== undefined) {
    if (!policy.recordUnanswered) return { recorded: true, disposition, why: `cdr.conf has unanswered = no, but Asterisk still records a call that ended in ${disposition}` };
    const why =
      customer.agentOutcome === 'congestion' && !policy.recordCongestion
        ? 'cdr.conf has congestion = no, so congestion is recorded as FAILED'
        : `the customer's ${customer.agentOutcome} ended with ${customer.sipStatus}`;
    return { recorded: true, disposition, why };
  }
  // Rejected, failed or interrupted after Asterisk took the call: what it recorded depends on where it broke.
  return { recorded: true, disposition: undefined, why: `the call ${call.outcome} after Asterisk had taken it` };
}
