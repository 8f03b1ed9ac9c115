import { percentile } from './percentile.ts';
import type { RandomSource } from './seeded-random.ts';

export interface BootstrapOptions {
  /** Uniform floats in [0, 1) that pick the resampled values: a seeded source makes the interval reproducible. */
  random: RandomSource;
  /** Number of resamples. Default 2000. */
  resamples?: number;
  /** Confidence level of the interval, in (0, 1). Default 0.95. */
  confidence?: number;
}

export interface BootstrapInterval {
  /** quantile(candidate) − quantile(baseline) of the samples as given. */
  estimate: number;
  /** Bounds of the percentile-bootstrap confidence interval of that difference. */
  low: number;
  high: number;
}

export const DEFAULT_RESAMPLES = 2000;
export const DEFAULT_CONFIDENCE = 0.95;

/**
 * Percentile-bootstrap confidence interval of the difference of the `quantile`-th percentile (0..100)
 * between two independent samples: each resample draws the baseline with replacement, then the candidate,
 * and takes quantile(candidate) − quantile(baseline); the interval runs from the (1 − c)/2 to the (1 + c)/2
 * percentile of those differences. Quantiles interpolate linearly, as src/logic/percentile.ts does.
 *
 * Each sample is sorted once. A resample is then a count of how often each sorted value was drawn, so its
 * order statistics come from a walk over the counts, O(n) per resample with no sorting.
 */
export function bootstrapQuantileDifference(
  baseline: readonly number[],
  candidate: readonly number[],
  quantile: number,
  options: BootstrapOptions,
): BootstrapInterval {
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const confidence = options.confidence ?? DEFAULT_CONFIDENCE;
  if (baseline.length === 0 || candidate.length === 0) {
    throw new RangeError(`bootstrap needs two non-empty samples, got ${baseline.length} and ${candidate.length} values`);
  }
  if (!Number.isInteger(resamples) || resamples < 1) throw new RangeError(`resamples must be a positive integer, got ${resamples}`);
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be within (0, 1), got ${confidence}`);
  const estimate = (percentile(candidate, quantile) as number) - (percentile(baseline, quantile) as number);

  const sortedBaseline = Float64Array.from(baseline).sort();
  const sortedCandidate = Float64Array.from(candidate).sort();
  const baselineCounts = new Uint32Array(baseline.length);
  const candidateCounts = new Uint32Array(candidate.length);
  const differences = new Array<number>(resamples);
  for (let r = 0; r < resamples; r++) {
    const baselineValue = resampledQuantile(sortedBaseline, baselineCounts, quantile, options.random);
    const candidateValue = resampledQuantile(sortedCandidate, candidateCounts, quantile, options.random);
    differences[r] = candidateValue - baselineValue;
  }
  return {
    estimate,
    low: percentile(differences, ((1 - confidence) / 2) * 100) as number,
    high: percentile(differences, ((1 + confidence) / 2) * 100) as number,
  };
}

/**
 * The quantile of one resample with replacement of `sorted`, drawn with `random`; `counts` is scratch
 * space of the sample's length.
 */
function resampledQuantile(sorted: Float64Array, counts: Uint32Array, quantile: number, random: RandomSource): number {
  const n = sorted.length;
  counts.fill(0);
  // min(): a source that returns exactly 1 must not index past the end.
  for (let i = 0; i < n; i++) counts[Math.min(n - 1, Math.floor(random() * n))]! += 1;
  const rank = (quantile / 100) * (n - 1);
  const lowerPosition = Math.floor(rank);
  const fraction = rank - lowerPosition;
  // The value at 0-based order position `lowerPosition`: skip whole groups of copies before it.
  let index = 0;
  let before = 0;
  while (before + counts[index]! <= lowerPosition) before += counts[index++]!;
  const lower = sorted[index]!;
  if (fraction === 0) return lower;
  // The next order position is another copy of the same value, or the next value drawn at all.
  if (before + counts[index]! <= lowerPosition + 1) {
    index++;
    while (counts[index] === 0) index++;
  }
  return lower + (sorted[index]! - lower) * fraction;
}
