import { describe, expect, it } from 'vitest';
import type { ArrivalRateConfig, ConstantArrivalRateConfig, RampingArrivalRateConfig } from '../../contracts/executor-config.ts';
import { arrivalOffsetList, countArrivals } from './arrival-schedule.ts';
import { shardExecutor } from './shard.ts';

function constant(rate: number, durationMs: number, timeUnitMs = 1000): ConstantArrivalRateConfig {
  return { executor: 'constant-arrival-rate', rate, timeUnitMs, durationMs, preAllocatedVUs: 1, startTimeMs: 0, gracefulStopMs: 0 };
}

function ramping(startRate: number, stages: Array<[durationMs: number, target: number]>, timeUnitMs = 1000): RampingArrivalRateConfig {
  return {
    executor: 'ramping-arrival-rate',
    startRate,
    timeUnitMs,
    stages: stages.map(([durationMs, target]) => ({ durationMs, target })),
    preAllocatedVUs: 1,
    startTimeMs: 0,
    gracefulStopMs: 0,
  };
}

function expectTimes(actual: readonly number[], expected: readonly number[]): void {
  expect(actual).toHaveLength(expected.length);
  expected.forEach((ms, i) => expect(actual[i], `arrival ${i}`).toBeCloseTo(ms, 6));
}

describe('constant-arrival-rate arrivals', () => {
  it('starts one every timeUnit/rate from t=0, strictly before the end (as k6)', () => {
    const times = arrivalOffsetList(constant(10, 10_000));
    expect(times).toHaveLength(100);
    expectTimes(times.slice(0, 3), [0, 100, 200]);
    expect(times[99]).toBeCloseTo(9900, 6);
    expect(countArrivals(constant(10, 10_000))).toBe(100);
  });

  it('applies the rate per timeUnit', () => {
    expectTimes(arrivalOffsetList(constant(3, 4000, 2000)), [0, 2000 / 3, 4000 / 3, 2000, 8000 / 3, 10_000 / 3]);
  });

  it('starts ceil(area) iterations when the duration is not a whole number of intervals', () => {
    expectTimes(arrivalOffsetList(constant(1, 2500)), [0, 1000, 2000]);
    expect(countArrivals(constant(1, 2500))).toBe(3);
  });
});

describe('ramping-arrival-rate arrivals', () => {
  // 0→10/s over 10 s (area 50), then 10/s for 10 s (area 100).
  const rampThenHold = ramping(0, [
    [10_000, 10],
    [10_000, 10],
  ]);

  it('from a start rate of 0, starts arrival n (1-based) when the integral reaches n, the end included (as k6)', () => {
    const times = arrivalOffsetList(rampThenHold);
    expect(times).toHaveLength(150);
    expect(countArrivals(rampThenHold)).toBe(150);
    // First stage: the integral is t²/2 (t in s), so arrival n is at √(2n) s.
    expect(times[0]).toBeCloseTo(Math.SQRT2 * 1000, 6);
    expect(times[1]).toBeCloseTo(2000, 6);
    expect(times[7]).toBeCloseTo(4000, 6);
    expect(times[31]).toBeCloseTo(8000, 6);
    expect(times[49]).toBeCloseTo(10_000, 6);
    // Second stage: 50 + 10·(t − 10), so arrival n is at 10 + (n − 50)/10 s.
    expect(times[50]).toBeCloseTo(10_100, 6);
    expect(times[99]).toBeCloseTo(15_000, 6);
    expect(times[149]).toBeCloseTo(20_000, 6);
  });

  it('from a start rate above 0, starts at t=0 like constant-arrival-rate (k6 would wait 1/startRate)', () => {
    const hold = ramping(10, [[10_000, 10]]);
    expectTimes(arrivalOffsetList(hold), arrivalOffsetList(constant(10, 10_000)));
  });

  it('spaces arrivals out as the rate ramps down', () => {
    // 10/s → 0 over 10 s: the integral is 10t − t²/2, so area a is reached at 10 − √(100 − 2a) s.
    const times = arrivalOffsetList(ramping(10, [[10_000, 0]]));
    expect(times).toHaveLength(50);
    const at = (area: number) => (10 - Math.sqrt(100 - 2 * area)) * 1000;
    for (const area of [0, 18, 32, 42, 48, 49]) expect(times[area], `area ${area}`).toBeCloseTo(at(area), 6);
  });

  it('jumps on a 0s stage and starts nothing while the rate is 0', () => {
    // 0→2/s over 1 s (area 1), jump to 0, 5 s at 0, 0→2/s over 1 s (area 1).
    const config = ramping(0, [
      [1000, 2],
      [0, 0],
      [5000, 0],
      [1000, 2],
    ]);
    expectTimes(arrivalOffsetList(config), [1000, 7000]);
    expectTimes(arrivalOffsetList(ramping(0, [[0, 10], [1000, 10]])), [100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
  });

  it('starts nothing when the rate stays at 0', () => {
    expect(arrivalOffsetList(ramping(0, [[10_000, 0]]))).toEqual([]);
    expect(countArrivals(ramping(0, [[10_000, 0]]))).toBe(0);
  });
});

describe('sharded arrivals', () => {
  const schedules: Array<[string, ArrivalRateConfig]> = [
    ['constant 10/s for 10 s', constant(10, 10_000)],
    ['constant 1/s for 2.5 s', constant(1, 2500)],
    ['ramp 0→10/s then hold', ramping(0, [[10_000, 10], [10_000, 10]])],
    ['ramp 10/s→0', ramping(10, [[10_000, 0]])],
    ['ramp 0→7 per 3 s', ramping(0, [[4000, 7]], 3000)],
  ];

  for (const [label, whole] of schedules) {
    it(`${label}: the shards together start exactly the whole's arrivals, interleaved, shard 1 first`, () => {
      const all = arrivalOffsetList(whole);
      for (const count of [2, 3, 7]) {
        const parts = Array.from({ length: count }, (_, i) => arrivalOffsetList(shardExecutor(whole, i + 1, count)));
        parts.forEach((part, i) => {
          // Shard i+1 takes the whole's arrivals i, i+count, i+2·count, ...
          expectTimes(part, all.filter((_, n) => n % count === i));
          expect(countArrivals(shardExecutor(whole, i + 1, count))).toBe(part.length);
        });
        expect(parts.reduce((sum, p) => sum + p.length, 0)).toBe(all.length);
      }
    });
  }
});
