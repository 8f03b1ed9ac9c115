import { describe, expect, it } from 'vitest';
import { histogram } from './histogram.ts';

const total = (h: ReturnType<typeof histogram>) => h.buckets.reduce((n, b) => n + b.count, 0);

describe('histogram', () => {
  it('returns no bucket for no values', () => {
    expect(histogram([])).toEqual({ bucketMs: 0, buckets: [] });
  });

  it('puts a single value in one 1 ms bucket', () => {
    expect(histogram([250.4])).toEqual({ bucketMs: 1, buckets: [{ fromMs: 250, toMs: 251, count: 1 }] });
  });

  it('picks the narrowest 1-2-5 width that fits within maxBuckets, with edges on multiples of it', () => {
    const h = histogram([212, 260, 301, 399, 480], 10);
    expect(h.bucketMs).toBe(50);
    expect(h.buckets.map((b) => b.fromMs)).toEqual([200, 250, 300, 350, 400, 450]);
    expect(h.buckets.map((b) => b.count)).toEqual([1, 1, 1, 1, 0, 1]);
  });

  it('counts a value on an edge in the bucket it starts', () => {
    const h = histogram([100, 200], 2);
    expect(h.bucketMs).toBe(100);
    expect(h.buckets).toEqual([
      { fromMs: 100, toMs: 200, count: 1 },
      { fromMs: 200, toMs: 300, count: 1 },
    ]);
  });

  it('keeps every value, including the maximum, and never exceeds maxBuckets', () => {
    const values = Array.from({ length: 1000 }, (_, i) => (i * 7.31) % 1234);
    for (const maxBuckets of [2, 5, 20, 64]) {
      const h = histogram(values, maxBuckets);
      expect(total(h)).toBe(values.length);
      expect(h.buckets.length).toBeLessThanOrEqual(maxBuckets);
      expect(h.buckets.at(-1)!.toMs).toBeGreaterThan(Math.max(...values));
    }
  });

  it('handles more samples than a spread argument list allows', () => {
    const values = Array.from({ length: 300_000 }, (_, i) => i % 997);
    expect(total(histogram(values))).toBe(values.length);
  });

  it('ignores non-finite values', () => {
    expect(total(histogram([1, Number.NaN, Infinity, 2]))).toBe(2);
  });

  it('refuses fewer than two buckets', () => {
    expect(() => histogram([1], 1)).toThrow(RangeError);
  });
});
