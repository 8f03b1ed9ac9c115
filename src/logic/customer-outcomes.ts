import type { CallOutcome } from '../contracts/call-record.ts';
import type { PlannedOutcome } from '../contracts/scenario.ts';

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
}

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
    disposition: () => 'NO ANSWER',
  },
  congestion: {
    prefix: '503',
    // Cause 34 (no circuit available): 503 Service Unavailable.
    steps: () => ['Hangup(34)'],
    agentOutcome: 'congestion',
    sipStatus: 503,
    disposition: (recordCongestion) => (recordCongestion ? 'CONGESTION' : 'FAILED'),
  },
};

/** The customer behaviour whose outcome the agent observed, if the observation is one of them. */
export function customerOutcomeSeenAs(outcome: CallOutcome): CustomerOutcome | undefined {
  return Object.values(CUSTOMER_OUTCOMES).find((o) => o.agentOutcome === outcome);
}
