import type { PlannedOutcome } from '../contracts/scenario.ts';
import { CUSTOMER_OUTCOMES } from './customer-outcomes.ts';

/** The number a call dials: the outcome's prefix followed by the call's index, zero-padded to 6 digits. */
export function dialedNumber(outcome: PlannedOutcome, index: number): string {
  return `${CUSTOMER_OUTCOMES[outcome].prefix}${String(index).padStart(6, '0')}`;
}
