import { z } from 'zod';

/**
 * What a comparison of two browser builds says, phase by phase: the contract between the statistics
 * (src/logic/compare/compare-builds.ts), results.json, comparison.json and the reports.
 */

/** One build as the verdict names it. */
export const buildRefSchema = z.object({
  /** The build's label in the run, e.g. `chromium-150`. */
  build: z.string(),
  /** Engine: which protocol drove it and how its product name reads. */
  engine: z.enum(['chromium', 'firefox']),
  /** Product name as the browser reports it, e.g. `HeadlessChrome`, `Firefox`. */
  name: z.string(),
  /** Exact version as the browser reports it, e.g. `150.0.7871.100`. */
  version: z.string(),
  /** The run the calls came from (its id). */
  runId: z.string(),
});
export type BuildRef = z.infer<typeof buildRefSchema>;

/** A quantile's difference between candidate and baseline, with its bootstrap confidence interval. */
export const quantileDifferenceSchema = z.object({
  /** The quantile, in percent: 50 or 95. */
  quantile: z.number(),
  baselineMs: z.number(),
  candidateMs: z.number(),
  /** candidate − baseline, in ms (positive: the candidate is slower). */
  diffMs: z.number(),
  /** Percentile-bootstrap confidence interval of the difference, in ms, at `confidence`. */
  ciLowMs: z.number(),
  ciHighMs: z.number(),
});
export type QuantileDifference = z.infer<typeof quantileDifferenceSchema>;

/** Mann-Whitney U test of the two samples (two-sided). */
export const mannWhitneyResultSchema = z.object({
  /** U of the candidate sample (the number of (candidate, baseline) pairs where the candidate is larger, ties counting ½). */
  u: z.number(),
  /** Two-sided p-value. */
  pValue: z.number(),
  /** `exact` for small samples without ties, else the normal approximation with tie and continuity correction. */
  method: z.enum(['exact', 'normal']),
  /** Common-language effect size: U / (n1·n2), the probability that a candidate call is slower than a baseline call. */
  effect: z.number(),
});
export type MannWhitneyResult = z.infer<typeof mannWhitneyResultSchema>;

/**
 * - `slower` / `faster`: the Mann-Whitney test is significant at `alpha`, and the confidence interval of
 *   p95, or else of p50, lies entirely on the side of 0 the test points to (U / (n1·n2) above or below ½)
 *   with a difference of at least `minEffectMs`; the sentence quotes that quantile
 *   (src/logic/compare/compare-builds.ts, `statedQuantile`);
 * - `no-change`: otherwise, including a significant test that neither interval confirms and a difference
 *   under `minEffectMs`;
 * - `insufficient-data`: either side has fewer samples than the minimum.
 */
export const PHASE_CHANGES = ['slower', 'faster', 'no-change', 'insufficient-data'] as const;
export type PhaseChange = (typeof PHASE_CHANGES)[number];

export const phaseComparisonSchema = z.object({
  /** Phase name (src/logic/results/phases.ts), e.g. `ice_gathering`. */
  phase: z.string(),
  label: z.string(),
  baselineCount: z.number().int(),
  candidateCount: z.number().int(),
  /** Absent, like `p95` and `mannWhitney`, when the change is `insufficient-data`. */
  p50: quantileDifferenceSchema.optional(),
  p95: quantileDifferenceSchema.optional(),
  mannWhitney: mannWhitneyResultSchema.optional(),
  change: z.enum(PHASE_CHANGES),
  /** The verdict in plain words, e.g. "ICE gathering +412 ms at p95 on Chromium 156 against 150, significant". */
  sentence: z.string(),
});
export type PhaseComparison = z.infer<typeof phaseComparisonSchema>;

export const buildComparisonSchema = z.object({
  baseline: buildRefSchema,
  candidate: buildRefSchema,
  /** Confidence level of the intervals, e.g. 0.95. */
  confidence: z.number(),
  /** Significance level of the test, e.g. 0.05. */
  alpha: z.number(),
  bootstrapResamples: z.number().int(),
  /** Seed of the bootstrap's random numbers: the same calls and seed give the same verdict. */
  seed: z.number(),
  /** Fewest samples per side for a phase to be compared. */
  minSamples: z.number().int(),
  /**
   * Smallest difference, in ms, that counts as a change however significant: below it a difference is
   * too small to matter, and below 1 ms it is under Firefox's timer resolution.
   */
  minEffectMs: z.number(),
  phases: z.array(phaseComparisonSchema),
  /** One line over all phases, e.g. "Chromium 156 against 150: 2 phases slower, 1 faster, 12 unchanged". */
  summary: z.string(),
});
export type BuildComparison = z.infer<typeof buildComparisonSchema>;

/** One planned call whose CDR verdict differs between the two runs (paired by the call's index). */
export const callConformanceDifferenceSchema = z.object({
  index: z.number().int(),
  dialed: z.string(),
  plannedOutcome: z.string(),
  /** What each run's verdict says of the key column, e.g. `crm_id stored`, `crm_id empty`. */
  baseline: z.string(),
  candidate: z.string(),
  baselineConforms: z.boolean(),
  candidateConforms: z.boolean(),
});
export type CallConformanceDifference = z.infer<typeof callConformanceDifferenceSchema>;

/**
 * The same planned calls on two runs (the scenario on two configurations of Asterisk, or two builds), call
 * by call: which conform on each, and every call whose verdict differs.
 */
export const conformanceComparisonSchema = z.object({
  keyColumn: z.string(),
  /** Calls both runs placed (the same index). */
  paired: z.number().int(),
  baselineOnly: z.number().int(),
  candidateOnly: z.number().int(),
  /** Paired calls that conform on each side. */
  baselineConforming: z.number().int(),
  candidateConforming: z.number().int(),
  differing: z.array(callConformanceDifferenceSchema),
});
export type ConformanceComparison = z.infer<typeof conformanceComparisonSchema>;
