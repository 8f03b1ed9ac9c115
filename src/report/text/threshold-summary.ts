import type { ThresholdResult } from '../../contracts/threshold-options.ts';

/** Decimals shown per unit; more are shown where fewer would hide which side of the target the value is on. */
const DIGITS: Readonly<Record<string, number>> = { ms: 1, '%': 2, MOS: 2, ratio: 4, count: 0, '/s': 2 };

const SUFFIX: Readonly<Record<string, string>> = { ms: ' ms', '%': '%', MOS: ' MOS', '/s': '/s' };

/**
 * `value` rounded to `digits` decimals, with trailing zeros dropped, and as many more decimals (up to 12) as it
 * takes for the rounded value to sit on the same side of `target` as the value itself: 299.96 against
 * `<300` reads 299.96, not 300.
 */
export function displayNumber(value: number, digits: number, target: number): string {
  for (let d = digits; d <= 12; d += 1) {
    const text = String(Number(value.toFixed(d)));
    if (Math.sign(Number(text) - target) === Math.sign(value - target)) return text;
  }
  return String(value);
}

/** The observed value with its unit, e.g. `412.3 ms`, `0.995 (1194/1200)`, `3`, `0.52/s`. */
export function formatObserved(result: ThresholdResult): string {
  if (result.observed === null) return 'no data';
  const number = displayNumber(result.observed, DIGITS[result.unit] ?? 2, result.target);
  if (result.unit === 'ratio') return `${number} (${Math.round(result.observed * result.samples)}/${result.samples})`;
  return `${number}${SUFFIX[result.unit] ?? ''}`;
}

/** One line per threshold, for stderr: `✗ dial_latency{phase:invite_to_200} p(95)<300: 412.3 ms over 1200 calls`. */
export function thresholdLine(result: ThresholdResult): string {
  const mark = result.passed ? '✓' : '✗';
  const what = result.noData
    ? `no data (${result.samples} ${result.sampleNoun}), counts as failed`
    : `${formatObserved(result)} over ${result.samples} ${result.sampleNoun}`;
  return `${mark} ${result.key} ${result.expression}: ${what}`;
}

export function thresholdLines(results: readonly ThresholdResult[]): string[] {
  return results.map(thresholdLine);
}
