import type { Scenario } from '../../contracts/scenario.ts';

/**
 * The longest one call may take from the click to its end, in ms: the ringing before the answer, or before
 * the agent cancels, whichever is longer, then the talk time and the scenario's slack. The agents give up
 * on a call after it, and the simulated customer never holds a call longer.
 */
export function callLimitMs(scenario: Pick<Scenario, 'ringTimeMs' | 'cancelAfterMs' | 'talkTimeMs' | 'timeouts'>): number {
  return Math.max(scenario.ringTimeMs, scenario.cancelAfterMs) + scenario.talkTimeMs + scenario.timeouts.callSlackMs;
}
