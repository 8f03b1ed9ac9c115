import type { CallOutcome, CallRecord } from '../../contracts/call-record.ts';
import type { PlannedOutcome } from '../../contracts/scenario.ts';

/** Everything one behaviour of the simulated customer implies, from the number dialed to the CDR row. */
export interface CustomerOutcome {
  /** Dialed-number prefix selecting it in the generated dialplan; named after the SIP status it ends in. */
  prefix: string;
  /** What the simulated customer does once the headers are captured (dialplan applications). */
  steps: (ring: { seconds: string }, maxCallS: number) => string[];
  /** What the agent sees happen. */
  agentOutcome: CallOutcome;
  /** The final SIP status the agent receives. */
  sipStatus: number;
  /**
   * The disposition Asterisk's CDR engine records, which follows the caller's hangup cause; CONGESTION
   * only when cdr.conf has `congestion = yes`, else FAILED.
   */
  disposition: (recordCongestion: boolean) => string;
  /** The agent hangs up (CANCEL) while the call still rings, after the scenario's `cancelAfterMs`. */
  agentCancels?: true;
}

/*
 * Asterisk's CDR engine (main/cdr.c, "CDR specification" on the Asterisk wiki) gives an unanswered call
 * its disposition from the hangup cause of the caller's channel: 17 (busy) is BUSY, 34 (congestion) is
 * CONGESTION with cdr.conf `congestion = yes` and FAILED without, 3 (no route) and 20 (unregistered)
 * are FAILED, 16 and 19 are NO ANSWER, and every other cause leaves the default, NO ANSWER.
 */
const NO_ANSWER = 'NO ANSWER';

export const CUSTOMER_OUTCOMES: Readonly<Record<PlannedOutcome, CustomerOutcome>> = {
  answer: {
    prefix: '200',
    steps: (ring, maxCallS) => ['Ringing()', `Wait(${ring.seconds})`, 'Answer()', `Set(TIMEOUT(absolute)=${maxCallS})`, 'Echo()', 'Hangup()'],
    agentOutcome: 'answered',
    sipStatus: 200,
    disposition: () => 'ANSWERED',
  },
  busy: {
    prefix: '486',
    // Cause 17 (user busy): PJSIP answers 486 Busy Here.
    steps: () => ['Hangup(17)'],
    agentOutcome: 'busy',
    sipStatus: 486,
    disposition: () => 'BUSY',
  },
  'no-answer': {
    prefix: '480',
    // Cause 19 (no answer): 480 Temporarily Unavailable after ringing.
    steps: (ring) => ['Ringing()', `Wait(${ring.seconds})`, 'Hangup(19)'],
    agentOutcome: 'no-answer',
    sipStatus: 480,
    disposition: () => NO_ANSWER,
  },
  congestion: {
    prefix: '503',
    // Cause 34 (no circuit available): 503 Service Unavailable.
    steps: () => ['Hangup(34)'],
    agentOutcome: 'congestion',
    sipStatus: 503,
    disposition: (recordCongestion) => (recordCongestion ? 'CONGESTION' : 'FAILED'),
  },
  cancel: {
    prefix: '487',
    // Rings for longer than any call may last: only the agent's CANCEL ends it, answered by 487 Request
    // Terminated. Should the agent not cancel, the customer gives up with 480 and the call fails.
    steps: (_ring, maxCallS) => ['Ringing()', `Wait(${maxCallS})`, 'Hangup(19)'],
    agentOutcome: 'cancelled',
    sipStatus: 487,
    // The cause PJSIP hangs the caller's channel up with on a CANCEL is none the engine maps: the default.
    disposition: () => NO_ANSWER,
    agentCancels: true,
  },
  reject: {
    prefix: '403',
    // Cause 21 (call rejected): PJSIP answers 403 Forbidden; Asterisk maps no cause to 603 Decline.
    steps: () => ['Hangup(21)'],
    agentOutcome: 'declined',
    sipStatus: 403,
    disposition: () => NO_ANSWER,
  },
  'unknown-number': {
    prefix: '404',
    // Cause 1 (unallocated number): PJSIP answers 404 Not Found, after the headers were captured.
    steps: () => ['Hangup(1)'],
    agentOutcome: 'not-found',
    sipStatus: 404,
    disposition: () => NO_ANSWER,
  },
};

/** The customer behaviour whose outcome the agent observed, if the observation is one of them. */
export function customerOutcomeSeenAs(outcome: CallOutcome): CustomerOutcome | undefined {
  return Object.values(CUSTOMER_OUTCOMES).find((o) => o.agentOutcome === outcome);
}

/** A call failed when the agent did not see the outcome its dialed number asks the customer for. */
export function callFailed(call: Pick<CallRecord, 'outcome' | 'plannedOutcome'>): boolean {
  return call.outcome !== CUSTOMER_OUTCOMES[call.plannedOutcome].agentOutcome;
}
