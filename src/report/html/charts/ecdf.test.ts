import { describe, expect, it } from 'vitest';
import { ecdf } from './ecdf.ts';

describe('ecdf', () => {
  it('steps up at every sample to the share of samples at most that value, starting at 0 %', () => {
    expect(ecdf([30, 10, 20, 40])).toEqual([
      { ms: 10, pct: 0 },
      { ms: 10, pct: 25 },
      { ms: 20, pct: 50 },
      { ms: 30, pct: 75 },
      { ms: 40, pct: 100 },
    ]);
  });

  it('gives tied samples one step, to the share of all of them', () => {
    expect(ecdf([5, 5, 5, 9])).toEqual([
      { ms: 5, pct: 0 },
      { ms: 5, pct: 75 },
      { ms: 9, pct: 100 },
    ]);
  });

  it('keeps at most maxPoints steps for a large sample, always the smallest and the largest', () => {
    const values = Array.from({ length: 10_000 }, (_, i) => (i * 7919) % 10_007);
    const points = ecdf(values, 100);
    expect(points.length).toBeLessThanOrEqual(101);
    expect(points[0]).toEqual({ ms: Math.min(...values), pct: 0 });
    expect(points.at(-1)).toEqual({ ms: Math.max(...values), pct: 100 });
    // Each kept step is exact: its share is the share of samples at most its value.
    const sorted = [...values].sort((a, b) => a - b);
    for (const p of points.slice(1)) expect(p.pct).toBeCloseTo((sorted.filter((v) => v <= p.ms).length / values.length) * 100, 2);
  });

  it('ignores non-finite samples and has no point without a sample', () => {
    expect(ecdf([])).toEqual([]);
    expect(ecdf([Number.NaN, Infinity])).toEqual([]);
    expect(ecdf([Number.NaN, 3])).toEqual([{ ms: 3, pct: 0 }, { ms: 3, pct: 100 }]);
  });

  it('refuses fewer than two points', () => {
    expect(() => ecdf([1], 1)).toThrow(RangeError);
  });
});
