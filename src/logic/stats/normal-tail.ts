/**
 * The standard normal distribution's upper tail, for the normal approximation of rank tests. JavaScript has
 * no erf, so the complementary error function is computed here:
 * - below x = 2.5 from the series erf(x) = (2/√π)·e^(−x²)·Σ 2ⁿ·x^(2n+1) / (1·3·…·(2n+1)) (Abramowitz and
 *   Stegun 7.1.6), whose terms are all positive, so nothing cancels;
 * - from x = 2.5 on from the continued fraction erfc(x) = (e^(−x²)/√π) · 1/(x + ½/(x + 1/(x + (3/2)/(x + …))))
 *   (A&S 7.1.14), which keeps its relative precision far out in the tail where 1 − erf(x) would round to 0.
 */

const SERIES_LIMIT = 2.5;
// Enough terms for 15 digits from x = 2.5 on: the fraction converges faster the larger x is.
const FRACTION_DEPTH = 80;

/** The complementary error function, erfc(x) = 1 − erf(x), accurate to about 1e-14 relative. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x < SERIES_LIMIT) return 1 - erfSeries(x);
  if (x > 27) return 0; // e^(−729) underflows double precision
  let fraction = x;
  for (let k = FRACTION_DEPTH; k >= 1; k--) fraction = x + k / 2 / fraction;
  return Math.exp(-x * x) / (Math.sqrt(Math.PI) * fraction);
}

function erfSeries(x: number): number {
  const twoXSquared = 2 * x * x;
  let term = x;
  let sum = x;
  for (let n = 1; term > sum * 1e-17; n++) {
    term *= twoXSquared / (2 * n + 1);
    sum += term;
  }
  return (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x) * sum;
}

/** P(Z > z) for a standard normal Z. */
export function normalUpperTail(z: number): number {
  return erfc(z / Math.SQRT2) / 2;
}
