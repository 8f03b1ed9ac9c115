import type { CallRecord } from '../contracts/call-record.ts';
import { customerOutcomeSeenAs } from './customer-outcomes.ts';

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
 * What Asterisk's CDR engine writes for a call, from what the agent observed. The disposition follows the
 * hangup cause of the caller's channel (see CUSTOMER_OUTCOMES); calls never answered are dropped when
 * `unanswered = no`.
 */
export function expectCdr(call: Pick<CallRecord, 'outcome' | 'timeline' | 'sipStatus'>, policy: CdrPolicy): CdrExpectation {
  if (call.timeline.inviteSent === undefined) return { recorded: false, why: 'the INVITE was never sent, so Asterisk never saw the call' };
  if (!reachedDialplan(call)) return { recorded: false, why: 'Asterisk never accepted the INVITE (no answer beyond the digest challenge), so no channel and no CDR exist' };
  const customer = customerOutcomeSeenAs(call.outcome);
  if (customer?.agentOutcome === 'answered') return { recorded: true, disposition: customer.disposition(policy.recordCongestion), why: 'the call was answered' };
  if (!policy.recordUnanswered) return { recorded: false, why: 'cdr.conf has unanswered = no and the call was not answered' };
  if (customer) {
    const disposition = customer.disposition(policy.recordCongestion);
    const why =
      customer.agentOutcome === 'congestion' && !policy.recordCongestion
        ? 'cdr.conf has congestion = no, so congestion is recorded as FAILED'
        : `the customer's ${customer.agentOutcome} ended with ${customer.sipStatus}`;
    return { recorded: true, disposition, why };
  }
  // Rejected, failed or interrupted after Asterisk took the call: what it recorded depends on where it broke.
  return { recorded: true, disposition: undefined, why: `the call ${call.outcome} after Asterisk had taken it` };
}
