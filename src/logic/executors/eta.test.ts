import { describe, expect, it } from 'vitest';
import { executorConfigSchema } from '../../contracts/load-options.ts';
import { estimateRemainingMs } from './eta.ts';

const parse = (config: unknown) => executorConfigSchema.parse(config);

describe('estimateRemainingMs', () => {
  it('is what is left of the duration for duration-based executors', () => {
    const constant = parse({ executor: 'constant-vus', duration: '1m' });
    expect(estimateRemainingMs(constant, { elapsedMs: 15_000, completed: 40 })).toBe(45_000);
    expect(estimateRemainingMs(constant, { elapsedMs: 75_000, completed: 40 })).toBe(0);
  });

  it('extrapolates the pace for iteration-based executors, capped by maxDuration', () => {
    const shared = parse({ executor: 'shared-iterations', vus: 2, iterations: 100, maxDuration: '10m' });
    expect(estimateRemainingMs(shared, { elapsedMs: 20_000, completed: 25 })).toBe(60_000);
    expect(estimateRemainingMs(shared, { elapsedMs: 0, completed: 0 })).toBe(600_000);
    expect(estimateRemainingMs(shared, { elapsedMs: 500_000, completed: 10 })).toBe(100_000);
    expect(estimateRemainingMs(shared, { elapsedMs: 9000, completed: 100 })).toBe(0);
  });
});
