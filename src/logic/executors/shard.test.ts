import { describe, expect, it } from 'vitest';
import { executorConfigSchema } from '../../contracts/load-options.ts';
import { type ExecutorConfig } from '../../contracts/executor-config.ts';
import { shardExecutor, splitEvenly } from './shard.ts';

/** Parses a k6 scenario config, typed as its executor's config. */
function parse<E extends ExecutorConfig['executor']>(config: { executor: E } & Record<string, unknown>): Extract<ExecutorConfig, { executor: E }> {
  const parsed = executorConfigSchema.parse(config);
  if (parsed.executor !== config.executor) throw new Error('unreachable: the schema keeps the executor');
  return parsed as Extract<ExecutorConfig, { executor: E }>;
}

function shards<C extends ExecutorConfig>(config: C, count: number): C[] {
  return Array.from({ length: count }, (_, i) => shardExecutor(config, i + 1, count));
}

describe('splitEvenly', () => {
  it('sums to the whole, the first shards getting the remainder', () => {
    expect([1, 2, 3].map((s) => splitEvenly(10, s, 3))).toEqual([4, 3, 3]);
    expect([1, 2, 3, 4].map((s) => splitEvenly(6, s, 4))).toEqual([2, 2, 1, 1]);
    expect([1, 2, 3].map((s) => splitEvenly(2, s, 3))).toEqual([1, 1, 0]);
    for (let total = 0; total < 30; total++) {
      for (let count = 1; count < 8; count++) {
        const parts = Array.from({ length: count }, (_, i) => splitEvenly(total, i + 1, count));
        expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
        expect(Math.max(...parts) - Math.min(...parts)).toBeLessThanOrEqual(1);
      }
    }
  });
});

describe('shardExecutor', () => {
  it('per-vu-iterations and constant-vus: split the VUs, keep the rest', () => {
    const perVu = parse({ executor: 'per-vu-iterations', vus: 5, iterations: 4, maxDuration: '1m' });
    expect(shards(perVu, 2).map((s) => [s.vus, s.iterations, s.maxDurationMs])).toEqual([
      [3, 4, 60_000],
      [2, 4, 60_000],
    ]);
    const constant = parse({ executor: 'constant-vus', vus: 7, duration: '1m', startTime: '5s' });
    expect(shards(constant, 3).map((s) => [s.vus, s.durationMs, s.startTimeMs])).toEqual([
      [3, 60_000, 5000],
      [2, 60_000, 5000],
      [2, 60_000, 5000],
    ]);
  });

  it('shared-iterations: splits VUs and iterations so that every shard with VUs has at least as many iterations', () => {
    const shared = parse({ executor: 'shared-iterations', vus: 5, iterations: 11 });
    expect(shards(shared, 3).map((s) => [s.vus, s.iterations])).toEqual([
      [2, 4],
      [2, 4],
      [1, 3],
    ]);
    // Fewer VUs than shards: the iterations go to the shards that got a VU.
    const few = parse({ executor: 'shared-iterations', vus: 2, iterations: 9 });
    expect(shards(few, 4).map((s) => [s.vus, s.iterations])).toEqual([
      [1, 5],
      [1, 4],
      [0, 0],
      [0, 0],
    ]);
  });

  it('ramping-vus: splits startVUs and every stage target', () => {
    const ramp = parse({
      executor: 'ramping-vus',
      startVUs: 1,
      stages: [
        { duration: '10s', target: 10 },
        { duration: '5s', target: 3 },
      ],
    });
    expect(shards(ramp, 3).map((s) => [s.startVUs, ...s.stages.map((st) => st.target)])).toEqual([
      [1, 4, 1],
      [0, 3, 1],
      [0, 3, 1],
    ]);
    expect(shards(ramp, 3).every((s) => s.stages.map((st) => st.durationMs).join() === '10000,5000')).toBe(true);
  });

  it('arrival rates: scales the rates by 1/count and splits preAllocatedVUs and maxVUs, at least 1 each', () => {
    const constant = parse({ executor: 'constant-arrival-rate', rate: 10, duration: '1m', preAllocatedVUs: 4, maxVUs: 9 });
    expect(shards(constant, 3).map((s) => [s.rate, s.preAllocatedVUs, s.maxVUs, s.shard])).toEqual([
      [10 / 3, 2, 3, { index: 1, count: 3 }],
      [10 / 3, 1, 3, { index: 2, count: 3 }],
      [10 / 3, 1, 3, { index: 3, count: 3 }],
    ]);
    const ramp = parse({ executor: 'ramping-arrival-rate', startRate: 4, stages: [{ duration: '1m', target: 8 }], preAllocatedVUs: 1 });
    const [first, second] = shards(ramp, 2);
    expect(first).toMatchObject({ startRate: 2, stages: [{ durationMs: 60_000, target: 4 }], preAllocatedVUs: 1 });
    expect(first && 'maxVUs' in first).toBe(false);
    expect(second).toMatchObject({ startRate: 2, preAllocatedVUs: 1, shard: { index: 2, count: 2 } });
  });

  it('returns the scenario itself for a single shard, and refuses a shard out of range or a shard of a shard', () => {
    const constant = parse({ executor: 'constant-arrival-rate', rate: 10, duration: '1m', preAllocatedVUs: 4 });
    expect(shardExecutor(constant, 1, 1)).toBe(constant);
    expect(() => shardExecutor(constant, 0, 2)).toThrow(RangeError);
    expect(() => shardExecutor(constant, 3, 2)).toThrow(RangeError);
    expect(() => shardExecutor(constant, 1, 1.5)).toThrow(RangeError);
    expect(() => shardExecutor(shardExecutor(constant, 1, 2), 1, 2)).toThrow(/already a shard/);
  });
});
