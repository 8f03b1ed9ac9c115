import { describe, expect, it } from 'vitest';
import { percentile } from './percentile.ts';

describe('percentile', () => {
  it('interpolates linearly between closest ranks', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([1, 2, 3, 4], 95)).toBeCloseTo(3.85, 10);
    expect(percentile([1, 2, 3, 4], 25)).toBe(1.75);
    expect(percentile([10, 20, 30, 40, 50], 50)).toBe(30);
    expect(percentile([10, 20, 30, 40, 50], 90)).toBe(46);
  });

  it('sorts a copy of the values, numerically', () => {
    const values = [100, 9, 20, 3];
    expect(percentile(values, 50)).toBe(14.5);
    expect(percentile(values, 0)).toBe(3);
    expect(percentile(values, 100)).toBe(100);
    expect(values).toEqual([100, 9, 20, 3]);
  });

  it('returns the only value for a sample of one', () => {
    expect(percentile([7], 0)).toBe(7);
    expect(percentile([7], 99)).toBe(7);
  });

  it('returns undefined for an empty sample', () => {
    expect(percentile([], 50)).toBeUndefined();
  });

  it.each([[-1], [100.5], [Number.NaN]])('throws a RangeError for p = %s', (p) => {
    expect(() => percentile([1, 2], p)).toThrow(RangeError);
    expect(() => percentile([1, 2], p)).toThrow(`percentile must be within 0..100, got ${p}`);
  });
});
