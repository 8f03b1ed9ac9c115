import type { DialNumbers } from '../../contracts/pbx.ts';
import type { PlannedOutcome } from '../../contracts/scenario.ts';
import { CUSTOMER_OUTCOMES } from './customer-outcomes.ts';

/** The call's index as dialed numbers carry it: zero-padded to 6 digits. */
function paddedIndex(index: number): string {
  return String(index).padStart(6, '0');
}

/**
 * The number a call dials: the outcome's prefix followed by the call's index, zero-padded to 6 digits,
 * which callcheck's generated dialplan answers. On an external PBX, `numbers` (the scenario's
 * `pbx.numbers`) says what to dial there instead, `{n}` standing for the padded index.
 */
export function dialedNumber(outcome: PlannedOutcome, index: number, numbers?: DialNumbers): string {
  const template = numbers?.[outcome];
  if (template !== undefined) return template.replaceAll('{n}', paddedIndex(index));
  return `${CUSTOMER_OUTCOMES[outcome].prefix}${paddedIndex(index)}`;
}
