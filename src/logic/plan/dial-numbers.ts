import type { DialNumbers } from '../../contracts/pbx.ts';
import { CALL_OUTCOMES, type PlannedOutcome, type Scenario } from '../../contracts/scenario.ts';
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

/**
 * What the scenario's calls dial for each outcome, where it is not callcheck's own numbers: `pbx.numbers`
 * on an external PBX; on a call center's own configuration, the trunk's `dial` around the number the
 * simulated carrier receives (e.g. `00200{n}`: the route strips `00`, the carrier answers `200…`).
 */
export function dialNumbersOf(scenario: Pick<Scenario, 'pbx' | 'asterisk'>): DialNumbers | undefined {
  if (scenario.asterisk !== undefined) {
    const dial = scenario.asterisk.trunk.dial;
    return Object.fromEntries(CALL_OUTCOMES.map((o) => [o, dial.replace('{number}', `${CUSTOMER_OUTCOMES[o].prefix}{n}`)])) as DialNumbers;
  }
  return scenario.pbx?.numbers;
}
