/**
 * What a comparison of two browser builds says, phase by phase: the contract between the statistics
 * (src/logic/compare-builds.ts), results.json, comparison.json and the reports.
 */

/** One build as the verdict names it. */
export interface BuildRef {
  /** The build's label in the run, e.g. `chromium-150`. */
  build: string;
  /** Engine: which protocol drove it and how its product name reads. */
  engine: 'chromium' | 'firefox';
  /** Product name as the browser reports it, e.g. `HeadlessChrome`, `Firefox`. */
  name: string;
  /** Exact version as the browser reports it, e.g. `150.0.7871.100`. */
  version: string;
  /** The run the calls came from (its id). */
  runId: string;
}

/** A quantile's difference between candidate and baseline, with its bootstrap confidence interval. */
export interface QuantileDifference {
  /** The quantile, in percent: 50 or 95. */
  quantile: number;
  baselineMs: number;
  candidateMs: number;
  /** candidate − baseline, in ms (positive: the candidate is slower). */
  diffMs: number;
  /** Percentile-bootstrap confidence interval of the difference, in ms, at `confidence`. */
  ciLowMs: number;
  ciHighMs: number;
}

/** Mann-Whitney U test of the two samples (two-sided). */
export interface MannWhitneyResult {
  /** U of the candidate sample (the number of (candidate, baseline) pairs where the candidate is larger, ties counting ½). */
  u: number;
  /** Two-sided p-value. */
  pValue: number;
  /** `exact` for small samples without ties, else the normal approximation with tie and continuity correction. */
  method: 'exact' | 'normal';
  /** Common-language effect size: U / (n1·n2), the probability that a candidate call is slower than a baseline call. */
  effect: number;
}

/**
 * - `slower` / `faster`: the Mann-Whitney test is significant at `alpha`, and the confidence interval of
 *   p95, or else of p50, lies entirely on the side of 0 the test points to (U / (n1·n2) above or below ½)
 *   with a difference of at least `minEffectMs`; the sentence quotes that quantile
 *   (src/logic/compare-builds.ts, `statedQuantile`);
 * - `no-change`: otherwise, including a significant test that neither interval confirms and a difference
 *   under `minEffectMs`;
 * - `insufficient-data`: either side has fewer samples than the minimum.
 */
export type PhaseChange = 'slower' | 'faster' | 'no-change' | 'insufficient-data';

export interface PhaseComparison {
  /** Phase name (src/logic/phases.ts), e.g. `ice_gathering`. */
  phase: string;
  label: string;
  baselineCount: number;
  candidateCount: number;
  /** Absent, like `p95` and `mannWhitney`, when the change is `insufficient-data`. */
  p50?: QuantileDifference;
  p95?: QuantileDifference;
  mannWhitney?: MannWhitneyResult;
  change: PhaseChange;
  /** The verdict in plain words, e.g. "ICE gathering +412 ms at p95 on Chromium 156 against 150, significant". */
  sentence: string;
}

export interface BuildComparison {
  baseline: BuildRef;
  candidate: BuildRef;
  /** Confidence level of the intervals, e.g. 0.95. */
  confidence: number;
  /** Significance level of the test, e.g. 0.05. */
  alpha: number;
  bootstrapResamples: number;
  /** Seed of the bootstrap's random numbers: the same calls and seed give the same verdict. */
  seed: number;
  /** Fewest samples per side for a phase to be compared. */
  minSamples: number;
  /**
   * Smallest difference, in ms, that counts as a change however significant: below it a difference is
   * too small to matter, and below 1 ms it is under Firefox's timer resolution.
   */
  minEffectMs: number;
  phases: PhaseComparison[];
  /** One line over all phases, e.g. "Chromium 156 against 150: 2 phases slower, 1 faster, 12 unchanged". */
  summary: string;
}
