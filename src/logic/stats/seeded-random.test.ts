import { describe, expect, it } from 'vitest';
import { seededRandom, xoshiro128StarStar } from './seeded-random.ts';

function draw(random: () => number, count: number): number[] {
  return Array.from({ length: count }, () => random());
}

describe('xoshiro128StarStar', () => {
  it('follows the reference algorithm from the state (1, 2, 3, 4)', () => {
    // Worked out by hand from Blackman and Vigna's reference code:
    // 1st: rotl(2·5, 7)·9 = 1280·9 = 11520; the state becomes (7, 0, 1026, 12288).
    // 2nd: rotl(0·5, 7)·9 = 0; the state becomes (12295, 1029, 1029, 12288 << 11).
    // 3rd: rotl(1029·5, 7)·9 = 5145·128·9 = 5927040; s2 becomes 1029 ⊕ 12295 = 13314, then s1 = 1029 ⊕ 13314 = 12295
    //   (through s0 this depends on the rotation of s3 in the 1st step).
    // 4th: rotl(12295·5, 7)·9 = 61475·128·9 = 70819200.
    const next = xoshiro128StarStar(1, 2, 3, 4);
    expect([next(), next(), next(), next()]).toEqual([11520, 0, 5927040, 70819200]);
  });

  it('refuses the all-zero state, from which it would only ever return 0', () => {
    expect(() => xoshiro128StarStar(0, 0, 0, 0)).toThrow(RangeError);
  });
});

describe('seededRandom', () => {
  it('gives the same sequence for the same seed and stream', () => {
    expect(draw(seededRandom(42, 'ice_gathering/p95'), 1000)).toEqual(draw(seededRandom(42, 'ice_gathering/p95'), 1000));
  });

  it('gives different sequences for other seeds and other streams, including neighbouring seeds', () => {
    const base = draw(seededRandom(1), 100);
    for (const other of [seededRandom(2), seededRandom(0), seededRandom(1, 'a'), seededRandom(2 ** 32 + 1), seededRandom(-1)]) {
      const values = draw(other, 100);
      // Unrelated sequences share essentially no values.
      expect(values.filter((v, i) => v === base[i]).length).toBe(0);
    }
  });

  it('returns floats in [0, 1)', () => {
    const values = draw(seededRandom(7), 100_000);
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
  });

  it('is roughly uniform: ten equal bins pass a chi-square test and the mean is near ½', () => {
    const n = 100_000;
    const bins = new Array<number>(10).fill(0);
    let sum = 0;
    for (const v of draw(seededRandom(3), n)) {
      bins[Math.floor(v * 10)]! += 1;
      sum += v;
    }
    const expected = n / 10;
    const chiSquare = bins.reduce((acc, observed) => acc + (observed - expected) ** 2 / expected, 0);
    // 27.88 is the 0.999 quantile of chi-square with 9 degrees of freedom (standard tables).
    expect(chiSquare).toBeLessThan(27.88);
    // The mean of n uniforms has standard deviation 1/√(12n) ≈ 0.00091: allow five of them.
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(0.0046);
  });

  it('shows no correlation between consecutive draws', () => {
    const values = draw(seededRandom(11), 100_000);
    let products = 0;
    for (let i = 1; i < values.length; i++) products += (values[i - 1]! - 0.5) * (values[i]! - 0.5);
    // Lag-1 correlation: covariance over the variance 1/12; under independence its standard deviation is 1/√n ≈ 0.0032.
    const correlation = products / (values.length - 1) / (1 / 12);
    expect(Math.abs(correlation)).toBeLessThan(0.016);
  });

  it('rejects a seed that is not a safe integer', () => {
    expect(() => seededRandom(1.5)).toThrow(RangeError);
    expect(() => seededRandom(Number.NaN)).toThrow(RangeError);
  });
});
