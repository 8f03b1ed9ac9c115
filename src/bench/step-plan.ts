/** What the benchmark's steps take from its plan: the longest talk time of any step, the agents of each. */

import type { BenchPlan } from './bench-plan.ts';

/** The longest talk time any step uses, ms. */
export function longestTalkMs(plan: BenchPlan): number {
  const rampMs = Math.max(...plan.concurrencySteps.map((held) => Math.ceil((held / plan.rampCps) * 1000)));
  // The half-ceiling step holds its calls while the probe calls run after its ramp (see runBench).
  const halfCeilingStep = rampMs + 2000 + plan.singleCalls * 1000 + 3000;
  return Math.max(rampMs + plan.holdSeconds * 1000, halfCeilingStep, plan.rateTalkMs, 1000);
}

/**
 * The agents of a step: each step starts on the next page, so the calls of the whole benchmark spread over
 * every page instead of wearing out the first one's RTCPeerConnection budget.
 */
export function agentsForStep(names: readonly string[], stepNo: number, count: number, agentsPerPage: number): string[] {
  const start = ((stepNo - 1) * agentsPerPage) % names.length;
  return Array.from({ length: Math.min(count, names.length) }, (_, i) => names[(start + i) % names.length] as string);
}
