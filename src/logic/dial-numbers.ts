import type { PlannedOutcome } from '../contracts/scenario.ts';

/**
 * Dialed-number prefixes that select the simulated customer's behaviour in the generated dialplan.
 * Named after the SIP status each one ends in, so a CDR's `dst` reads at a glance.
 */
export const OUTCOME_PREFIX: Readonly<Record<PlannedOutcome, string>> = {
  answer: '200',
  busy: '486',
  'no-answer': '480',
  congestion: '503',
};

/** The number a call dials: the outcome's prefix followed by the call's index, zero-padded to 6 digits. */
export function dialedNumber(outcome: PlannedOutcome, index: number): string {
  return `${OUTCOME_PREFIX[outcome]}${String(index).padStart(6, '0')}`;
}
