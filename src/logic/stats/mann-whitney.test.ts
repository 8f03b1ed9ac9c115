import { describe, expect, it } from 'vitest';
import { EXACT_MAX_PAIRS, mannWhitney } from './mann-whitney.ts';

/**
 * Samples without ties in which the candidate's U is exactly `u`: baseline 0, 10, 20, …; each candidate
 * value sits just above k baseline values (10k − 5, nudged by its index so no two are equal).
 */
function samplesWithU(m: number, n: number, u: number): { baseline: number[]; candidate: number[] } {
  const baseline = Array.from({ length: m }, (_, i) => 10 * i);
  let remaining = u;
  const candidate = Array.from({ length: n }, (_, j) => {
    const above = Math.min(m, remaining);
    remaining -= above;
    return 10 * above - 5 + 0.01 * j;
  });
  return { baseline, candidate };
}

/**
 * The exact two-sided p-value by brute force: every way of choosing which n of the N pooled ranks are the
 * candidate's is equally likely under the null hypothesis; count how often U is at least as extreme.
 */
function bruteForcePValue(m: number, n: number, observedU: number): number {
  const total = m + n;
  let atMost = 0;
  let atLeast = 0;
  let splits = 0;
  for (let mask = 0; mask < 1 << total; mask++) {
    let bits = 0;
    for (let b = 0; b < total; b++) if (mask & (1 << b)) bits++;
    if (bits !== n) continue;
    splits++;
    // Rank r (0-based) taken by the candidate beats every baseline rank below it.
    let u = 0;
    let baselineBelow = 0;
    for (let r = 0; r < total; r++) {
      if (mask & (1 << r)) u += baselineBelow;
      else baselineBelow++;
    }
    if (u <= observedU) atMost++;
    if (u >= observedU) atLeast++;
  }
  return Math.min(1, (2 * Math.min(atMost, atLeast)) / splits);
}

describe('mannWhitney', () => {
  // SciPy's documentation example (scipy.stats.mannwhitneyu): ages of males x = [19, 22, 16, 29, 24] and
  // females y = [20, 11, 17, 12]; U of x is 17, exact p = 0.1111…, asymptotic p = 0.11134688653314041.
  const females = [20, 11, 17, 12];
  const males = [19, 22, 16, 29, 24];

  it('reproduces SciPy’s documented example with the exact method', () => {
    const result = mannWhitney(females, males);
    expect(result.u).toBe(17);
    expect(result.method).toBe('exact');
    expect(result.pValue).toBeCloseTo(1 / 9, 12);
    expect(result.effect).toBeCloseTo(17 / 20, 12);
  });

  it('reproduces SciPy’s documented example with the normal approximation', () => {
    const result = mannWhitney(females, males, { method: 'normal' });
    expect(result.u).toBe(17);
    expect(result.method).toBe('normal');
    expect(result.pValue).toBeCloseTo(0.11134688653314041, 12);
  });

  it('gives the other sample’s U, n1·n2 − U, and the same p-value when the samples swap', () => {
    const result = mannWhitney(males, females);
    expect(result.u).toBe(3);
    expect(result.effect).toBeCloseTo(3 / 20, 12);
    expect(result.pValue).toBeCloseTo(1 / 9, 12);
  });

  it('matches a hand-computed tie-corrected normal approximation', () => {
    // Pooled: 1 2 2 2 3 3 3 4 5 → ranks 1, 3 3 3, 6 6 6, 8, 9. Candidate ranks 3 + 6 + 6 + 8 + 9 = 32,
    // U = 32 − 5·6/2 = 17 (by pairs: 2 + 3.5 + 3.5 + 4 + 4). Ties: two groups of 3, Σ(t³ − t) = 48.
    // σ² = (4·5/12)·(10 − 48/72) = 15.5556, σ = 3.944053; z = (|17 − 10| − 0.5)/σ = 1.648050;
    // p = 2·P(Z > 1.648050) = 0.0993422 (normal table; SciPy gives 0.09934224785346528).
    const result = mannWhitney([1, 2, 2, 3], [2, 3, 3, 4, 5]);
    expect(result.u).toBe(17);
    expect(result.method).toBe('normal');
    expect(result.pValue).toBeCloseTo(0.09934224785346528, 10);
  });

  it('matches a brute-force enumeration of every split for each possible U', () => {
    for (const [m, n] of [
      [5, 6],
      [2, 12],
      [7, 3],
    ] as const) {
      for (let u = 0; u <= m * n; u++) {
        const { baseline, candidate } = samplesWithU(m, n, u);
        const result = mannWhitney(baseline, candidate);
        expect(result.u).toBe(u);
        expect(result.method).toBe('exact');
        expect(result.pValue).toBeCloseTo(bruteForcePValue(m, n, u), 12);
      }
    }
  });

  it('agrees with a hand count for 4 candidate against 3 baseline calls', () => {
    // U = 1 + 2 + 3 + 3 = 9 of 12. By symmetry P(U ≥ 9) = P(U ≤ 3): arrangements with U = 0, 1, 2, 3 number
    // 1, 1, 2, 3 (partitions into at most 3 parts of at most 4), so 7 of C(7, 3) = 35; p = 2·7/35 = 0.4.
    const result = mannWhitney([1.2, 3.4, 5.1], [2.2, 4.8, 6.3, 7.0]);
    expect(result.u).toBe(9);
    expect(result.pValue).toBeCloseTo(0.4, 12);
  });

  it.each([
    // Two-sided critical values at α = 0.05 from the standard Mann-Whitney tables (8·8: 13, 10·10: 23,
    // 20·20: 127); p-values from SciPy's exact method.
    [8, 8, 13, 0.04988344988344988],
    [8, 8, 14, 0.06495726495726495],
    [10, 10, 23, 0.04325705254497823],
    [10, 10, 24, 0.0524259022711035],
    [20, 20, 127, 0.04909032518937244],
    [20, 20, 128, 0.05239952187284972],
  ])('gives the exact p at the 0.05 critical value for %i against %i calls, U = %i', (m, n, u, expected) => {
    const { baseline, candidate } = samplesWithU(m, n, u);
    const result = mannWhitney(baseline, candidate);
    expect(result.method).toBe('exact');
    expect(result.pValue).toBeCloseTo(expected, 12);
  });

  it(`is exact up to ${EXACT_MAX_PAIRS} pairs without ties, and normal beyond`, () => {
    // SciPy: 50·50, U = 900: exact 0.015523945230712051; 50·51, U = 900: asymptotic 0.010967351337228703.
    const square = samplesWithU(50, 50, 900);
    const atBound = mannWhitney(square.baseline, square.candidate);
    expect(atBound.method).toBe('exact');
    expect(atBound.pValue).toBeCloseTo(0.015523945230712051, 12);
    const beyond = samplesWithU(50, 51, 900);
    const overBound = mannWhitney(beyond.baseline, beyond.candidate);
    expect(overBound.method).toBe('normal');
    expect(overBound.pValue).toBeCloseTo(0.010967351337228703, 12);
  });

  it('is exact for lopsided samples within the bound', () => {
    // 3 against 40 calls, U = 20: SciPy's exact p is 0.05801798881776195.
    const { baseline, candidate } = samplesWithU(3, 40, 20);
    const result = mannWhitney(baseline, candidate);
    expect(result.method).toBe('exact');
    expect(result.pValue).toBeCloseTo(0.05801798881776195, 12);
  });

  it('switches to the normal approximation as soon as there is a tie', () => {
    expect(mannWhitney([1, 2, 3], [3, 4, 5]).method).toBe('normal');
    expect(() => mannWhitney([1, 2, 3], [3, 4, 5], { method: 'exact' })).toThrow(RangeError);
  });

  it('gives p = 1 and effect ½ when every value is the same', () => {
    expect(mannWhitney([5, 5, 5], [5, 5, 5, 5])).toEqual({ u: 6, pValue: 1, method: 'normal', effect: 0.5 });
  });

  it('finds a clean separation of large samples highly significant', () => {
    const baseline = Array.from({ length: 300 }, (_, i) => 100 + i * 0.1);
    const candidate = Array.from({ length: 300 }, (_, i) => 500 + i * 0.1);
    const result = mannWhitney(baseline, candidate);
    expect(result.u).toBe(90_000);
    expect(result.effect).toBe(1);
    expect(result.pValue).toBeLessThan(1e-90);
  });

  it('refuses empty samples and NaN', () => {
    expect(() => mannWhitney([], [1])).toThrow(RangeError);
    expect(() => mannWhitney([1, Number.NaN], [2])).toThrow(RangeError);
  });
});
