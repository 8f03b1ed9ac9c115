import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../../src/contracts/scenario.ts';
import { ExitCode } from '../../src/contracts/exit-codes.ts';
import rampingLoad from '../../scenarios/ramping-load.ts';
import { runScenario } from './support.ts';

/** The shipped ramping scenario, shortened so the suite stays quick: same executor, same thresholds. */
const shortRamp: ScenarioInput = {
  ...rampingLoad,
  name: 'ramping-load-e2e',
  options: {
    ...rampingLoad.options,
    scenarios: {
      morning: {
        executor: 'ramping-arrival-rate',
        startRate: 0,
        timeUnit: '1s',
        preAllocatedVUs: 12,
        maxVUs: 16,
        stages: [
          { duration: '4s', target: 4 },
          { duration: '4s', target: 4 },
        ],
      },
    },
  },
};

describe('load profiles on the real stack', () => {
  it('runs a ramping-arrival-rate profile: every CDR matched, audio proven, thresholds passed, exit 0', async () => {
    const { results, exitCode } = await runScenario(shortRamp);
    const load = results.load?.scenarios[0];
    // 0→4/s over 4 s then 4/s for 4 s: 8 + 16 arrivals (k6's ramping rule: the first when 1 call is due).
    expect(load).toMatchObject({ name: 'morning', executor: 'ramping-arrival-rate', iterations: 24, dropped: 0 });
    expect(results.summary.placed).toBe(24);
    expect(results.summary.cdr.matched).toBe(24);
    expect(results.calls.every((c) => c.loadScenario === 'morning' && c.audio?.heard === true)).toBe(true);
    expect(results.thresholds?.map((t) => [t.key, t.passed])).toEqual(Object.keys(shortRamp.options?.thresholds ?? {}).map((key) => [key, true]));
    expect(results.summary.thresholdsPassed).toBe(true);
    expect(exitCode).toBe(ExitCode.Ok);
    // Arrivals ramp up: the first calls are further apart (about 470 ms on average) than the last (250 ms at 4/s).
    const dials = results.calls.map((c) => c.timeline.dialRequested ?? 0).sort((a, b) => a - b);
    const spread = (four: number[]) => ((four.at(-1) ?? 0) - (four[0] ?? 0)) / 3;
    expect(spread(dials.slice(0, 4))).toBeGreaterThan(1.5 * spread(dials.slice(-4)));
  });

  it('exits 99 and names the threshold when only a threshold fails', async () => {
    const { results, exitCode } = await runScenario({
      name: 'threshold-fails',
      headers: { 'X-CRM-Id': 'crm_id' },
      ringTimeMs: 300,
      talkTimeMs: 1000,
      options: {
        scenarios: { pair: { executor: 'shared-iterations', vus: 2, iterations: 4 } },
        // The customer rings for 300 ms, so INVITE → 200 OK cannot be under 50 ms.
        thresholds: { 'dial_latency{phase:invite_to_200}': ['p(95)<50'], cdr_matched: ['rate==1'] },
      },
    });
    expect(results.summary.conforms).toBe(true);
    const [latency, matched] = results.thresholds ?? [];
    expect(latency).toMatchObject({ key: 'dial_latency{phase:invite_to_200}', passed: false, samples: 4 });
    expect(latency?.observed).toBeGreaterThanOrEqual(300);
    expect(matched).toMatchObject({ key: 'cdr_matched', passed: true, observed: 1 });
    expect(exitCode).toBe(ExitCode.ThresholdsFailed);
  });

  it('recycles a page that reached its call limit without losing a call: the fresh page takes the agents over', async () => {
    const { results, exitCode } = await runScenario({
      name: 'page-recycling',
      headers: { 'X-CRM-Id': 'crm_id' },
      ringTimeMs: 0,
      talkTimeMs: 800,
      agentsPerPage: 2,
      browser: { recyclePageAfterCalls: 3 },
      options: { scenarios: { pair: { executor: 'per-vu-iterations', vus: 2, iterations: 6 } } },
    });
    expect(results.load?.recycledPages).toBeGreaterThanOrEqual(2);
    expect(results.summary).toMatchObject({ placed: 12, answered: 12, failed: 0, conforms: true });
    expect(results.calls.every((c) => c.audio?.heard)).toBe(true);
    expect(exitCode).toBe(ExitCode.Ok);
  });
});
