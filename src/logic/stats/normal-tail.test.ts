import { describe, expect, it } from 'vitest';
import { erfc, normalUpperTail } from './normal-tail.ts';

// Reference values: SciPy's scipy.special.erfc and scipy.stats.norm (Cephes), printed to 17 digits.
const ERFC: [number, number][] = [
  [0, 1],
  [0.1, 0.8875370839817152],
  [0.5, 0.4795001221869535],
  [1, 0.15729920705028516],
  [2, 0.004677734981047266],
  [2.49, 0.00042928786773391303],
  [2.5, 0.00040695201744495886],
  [3, 2.2090496998585445e-5],
  [5, 1.5374597944280347e-12],
  [10, 2.0884875837625446e-45],
  [26, 5.663192408856145e-296],
  [-1, 1.8427007929497148],
];

describe('erfc', () => {
  it.each(ERFC)('erfc(%s) = %s to 12 significant digits, on both sides of the switch to the continued fraction', (x, expected) => {
    expect(Math.abs(erfc(x) - expected) / expected).toBeLessThan(1e-12);
  });

  it('reaches 0 beyond the range of doubles and propagates NaN', () => {
    expect(erfc(40)).toBe(0);
    expect(erfc(Number.NaN)).toBeNaN();
  });
});

describe('normalUpperTail', () => {
  it('gives the familiar critical values', () => {
    // norm.ppf(0.975) = 1.959963984540054, norm.ppf(0.95) = 1.6448536269514722
    expect(normalUpperTail(1.959963984540054)).toBeCloseTo(0.025, 14);
    expect(normalUpperTail(1.6448536269514722)).toBeCloseTo(0.05, 14);
    expect(normalUpperTail(0)).toBe(0.5);
    expect(normalUpperTail(-1.959963984540054)).toBeCloseTo(0.975, 14);
  });
});
