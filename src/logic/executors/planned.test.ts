import { describe, expect, it } from 'vitest';
import { executorConfigSchema } from '../../contracts/load-options.ts';
import { latestEndMs, plannedDurationMs, plannedIterations, runsForPlannedDuration } from './planned.ts';

const parse = (config: unknown) => executorConfigSchema.parse(config);

describe('planned duration and iterations', () => {
  it('iteration-based: maxDuration is a limit; the iterations are known', () => {
    const shared = parse({ executor: 'shared-iterations', vus: 4, iterations: 30, maxDuration: '2m' });
    expect(plannedDurationMs(shared)).toBe(120_000);
    expect(runsForPlannedDuration(shared)).toBe(false);
    expect(plannedIterations(shared)).toBe(30);
    const perVu = parse({ executor: 'per-vu-iterations', vus: 4, iterations: 30 });
    expect(plannedDurationMs(perVu)).toBe(600_000);
    expect(plannedIterations(perVu)).toBe(120);
  });

  it('VU-based duration executors: their duration or stages; iterations not known in advance', () => {
    const constant = parse({ executor: 'constant-vus', vus: 3, duration: '45s' });
    expect(plannedDurationMs(constant)).toBe(45_000);
    expect(runsForPlannedDuration(constant)).toBe(true);
    expect(plannedIterations(constant)).toBeUndefined();
    const ramp = parse({
      executor: 'ramping-vus',
      stages: [
        { duration: '10s', target: 5 },
        { duration: '1m', target: 5 },
        { duration: '0s', target: 0 },
      ],
    });
    expect(plannedDurationMs(ramp)).toBe(70_000);
    expect(plannedIterations(ramp)).toBeUndefined();
  });

  it('arrival-rate executors: their duration or stages, and the arrivals of their schedule', () => {
    const constant = parse({ executor: 'constant-arrival-rate', rate: 2, duration: '30s', preAllocatedVUs: 2 });
    expect(plannedDurationMs(constant)).toBe(30_000);
    expect(plannedIterations(constant)).toBe(60);
    const ramp = parse({
      executor: 'ramping-arrival-rate',
      stages: [
        { duration: '10s', target: 10 },
        { duration: '10s', target: 10 },
      ],
      preAllocatedVUs: 5,
    });
    expect(plannedDurationMs(ramp)).toBe(20_000);
    expect(plannedIterations(ramp)).toBe(150);
  });

  it('the latest end counts startTime and gracefulStop', () => {
    expect(latestEndMs(parse({ executor: 'constant-vus', duration: '1m', startTime: '30s', gracefulStop: '10s' }))).toBe(100_000);
  });
});
