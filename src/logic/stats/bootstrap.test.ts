import { describe, expect, it } from 'vitest';
import { bootstrapQuantileDifference } from './bootstrap.ts';
import { seededRandom, type RandomSource } from './seeded-random.ts';

/** Normal draws by the Box-Muller transform. */
function normalSample(random: RandomSource, count: number, mean: number, sd: number): number[] {
  return Array.from({ length: count }, () => mean + sd * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random()));
}

/** A "random" source that walks through the n cells (i + ½)/n in turn: every resample is the sample itself. */
function identityResampling(n: number): RandomSource {
  let i = 0;
  return () => {
    const value = (i + 0.5) / n;
    i = (i + 1) % n;
    return value;
  };
}

describe('bootstrapQuantileDifference', () => {
  it('gives an interval equal to the exact difference when both samples are constant', () => {
    const baseline = new Array<number>(50).fill(100);
    const candidate = new Array<number>(70).fill(130);
    for (const quantile of [50, 95]) {
      expect(bootstrapQuantileDifference(baseline, candidate, quantile, { random: seededRandom(1) })).toEqual({ estimate: 30, low: 30, high: 30 });
    }
  });

  it('interpolates each resample’s quantile like percentile()', () => {
    // Every resample is the sample itself, so the interval collapses onto the hand-computed difference.
    // p95: rank 0.95·3 = 2.85; baseline 30 + 0.85·10 = 38.5, candidate 35 + 0.85·65 = 90.25, difference 51.75.
    // p50: rank 1.5; baseline 25, candidate 30, difference 5.
    const baseline = [40, 10, 30, 20];
    const candidate = [100, 15, 35, 25];
    const p95 = bootstrapQuantileDifference(baseline, candidate, 95, { random: identityResampling(4), resamples: 10 });
    expect(p95.estimate).toBeCloseTo(51.75, 10);
    expect(p95.low).toBeCloseTo(51.75, 10);
    expect(p95.high).toBeCloseTo(51.75, 10);
    const p50 = bootstrapQuantileDifference(baseline, candidate, 50, { random: identityResampling(4), resamples: 10 });
    expect([p50.estimate, p50.low, p50.high]).toEqual([5, 5, 5]);
    expect(baseline).toEqual([40, 10, 30, 20]);
  });

  it('takes the interval from the percentiles of the resampled differences', () => {
    // The median of a resample of {0, 100} is 0, 50 or 100 with probabilities ¼, ½, ¼; against a baseline of
    // one 0 the differences are the same. The 2.5th and 97.5th percentiles are therefore 0 and 100, and the
    // 30th and 70th (a 40 % interval) both 50.
    const wide = bootstrapQuantileDifference([0], [0, 100], 50, { random: seededRandom(5) });
    expect(wide).toEqual({ estimate: 50, low: 0, high: 100 });
    const narrow = bootstrapQuantileDifference([0], [0, 100], 50, { random: seededRandom(5), confidence: 0.4 });
    expect(narrow).toEqual({ estimate: 50, low: 50, high: 50 });
  });

  it('covers the true shift of large normal samples and excludes 0, with the width theory predicts', () => {
    const data = seededRandom(2024, 'data');
    const baseline = normalSample(data, 400, 200, 20);
    const candidate = normalSample(data, 400, 250, 20);
    for (const quantile of [50, 95]) {
      const interval = bootstrapQuantileDifference(baseline, candidate, quantile, { random: seededRandom(1) });
      expect(interval.low).toBeLessThan(50);
      expect(interval.high).toBeGreaterThan(50);
      expect(interval.low).toBeGreaterThan(0);
    }
    // The sample median's standard error is √(π/2)·σ/√n = 1.2533·20/20 ≈ 1.25 ms, so the difference's is
    // ≈ 1.77 ms and a 95 % interval is about 2·1.96·1.77 ≈ 6.9 ms wide.
    const median = bootstrapQuantileDifference(baseline, candidate, 50, { random: seededRandom(1) });
    expect(median.high - median.low).toBeGreaterThan(4.5);
    expect(median.high - median.low).toBeLessThan(10);
  });

  it('is reproducible for a seed; other seeds give different but close intervals', () => {
    const data = seededRandom(9, 'data');
    const baseline = normalSample(data, 200, 100, 15);
    const candidate = normalSample(data, 200, 104, 15);
    const first = bootstrapQuantileDifference(baseline, candidate, 95, { random: seededRandom(1) });
    expect(bootstrapQuantileDifference(baseline, candidate, 95, { random: seededRandom(1) })).toEqual(first);
    const other = bootstrapQuantileDifference(baseline, candidate, 95, { random: seededRandom(2) });
    expect(other.estimate).toBe(first.estimate);
    expect([other.low, other.high]).not.toEqual([first.low, first.high]);
    const width = first.high - first.low;
    expect(Math.abs(other.low - first.low)).toBeLessThan(0.2 * width);
    expect(Math.abs(other.high - first.high)).toBeLessThan(0.2 * width);
  });

  it('covers the true difference of medians about as often as its confidence says', () => {
    // 400 pairs of exponential samples (mean 30 ms) whose medians differ by exactly 10 ms.
    const data = seededRandom(77, 'coverage');
    const exponential = (count: number, shift: number) => Array.from({ length: count }, () => shift - 30 * Math.log(1 - data()));
    let covered = 0;
    const trials = 400;
    for (let t = 0; t < trials; t++) {
      const interval = bootstrapQuantileDifference(exponential(40, 100), exponential(40, 110), 50, {
        random: seededRandom(t, 'bootstrap'),
        resamples: 500,
      });
      if (interval.low <= 10 && 10 <= interval.high) covered++;
    }
    // Nominal 95 %; with 400 trials the estimate's standard deviation is about 1.1 points.
    expect(covered / trials).toBeGreaterThan(0.9);
    expect(covered / trials).toBeLessThan(0.99);
  });

  it('refuses empty samples and impossible options', () => {
    const random = seededRandom(1);
    expect(() => bootstrapQuantileDifference([], [1], 50, { random })).toThrow(RangeError);
    expect(() => bootstrapQuantileDifference([1], [1], 50, { random, resamples: 0 })).toThrow(RangeError);
    expect(() => bootstrapQuantileDifference([1], [1], 50, { random, confidence: 1 })).toThrow(RangeError);
    expect(() => bootstrapQuantileDifference([1], [1], 120, { random })).toThrow(RangeError);
  });
});
