import type { CallRecord } from '../../contracts/call-record.ts';
import type { BuildComparison, BuildRef, MannWhitneyResult, PhaseChange, PhaseComparison, QuantileDifference } from '../../contracts/comparison.ts';
import { percentile } from '../stats/percentile.ts';
import { PHASES, phaseDurations, type PhaseDefinition } from '../results/phases.ts';
import { bootstrapQuantileDifference } from '../stats/bootstrap.ts';
import { mannWhitney } from '../stats/mann-whitney.ts';
import { seededRandom } from '../stats/seeded-random.ts';
import { buildsInWords, comparisonSummary, phaseSentence } from './verdict-wording.ts';

/** One build's side of a comparison: which build, and the calls it made. */
export interface BuildCalls {
  ref: BuildRef;
  calls: readonly Pick<CallRecord, 'timeline'>[];
}

export interface CompareBuildsInput {
  baseline: BuildCalls;
  candidate: BuildCalls;
  /** Seed of the bootstrap's random numbers (a safe integer). Default 1. */
  seed?: number;
  /** Bootstrap resamples per phase and quantile. Default 2000. */
  resamples?: number;
  /** Confidence level of the intervals, in (0, 1). Default 0.95. */
  confidence?: number;
  /** Significance level of the Mann-Whitney test, in (0, 1). Default 0.05. */
  alpha?: number;
  /**
   * Fewest calls with the phase, on each side, for the phase to be compared. Default 5: with 4 or fewer
   * per side the test can barely reach p < 0.05 (its smallest two-sided p is 2/C(8, 4) ≈ 0.029 at 4 against
   * 4 and 0.1 at 3 against 3), while 5 against 5 already goes down to 2/C(10, 5) ≈ 0.008.
   */
  minSamples?: number;
  /**
   * Smallest difference, in ms, that counts as a change. Default 1: Firefox stamps with a 1 ms clock
   * (`privacy.reduceTimerPrecision`), and a few hundred calls make a 0.1 ms shift "significant" that no
   * caller can feel.
   */
  minEffectMs?: number;
}

export const COMPARE_DEFAULTS = { seed: 1, resamples: 2000, confidence: 0.95, alpha: 0.05, minSamples: 5, minEffectMs: 1 } as const;

/**
 * Compares a candidate build's calls with a baseline build's, phase by phase (PHASES), on each phase's
 * duration in the calls that have both of its stamps:
 * - p50 and p95 of candidate − baseline, each with a percentile-bootstrap confidence interval;
 * - a two-sided Mann-Whitney U test of the two samples.
 *
 * Change rule, per phase:
 * - `insufficient-data` when either side has fewer than `minSamples` calls with the phase;
 * - `slower` when the test gives p < alpha, the candidate tends to be larger (U / (n1·n2) > ½) and the
 *   interval of p95 or of p50 lies entirely above 0; `faster` likewise, U / (n1·n2) < ½ and an interval
 *   entirely below 0;
 * - `no-change` otherwise, including a significant test that no quantile's interval confirms.
 * The sentence quotes p95 when its interval confirms the change, else p50: a tail that moved is what users
 * feel, and the median speaks when the tail is too noisy to tell. A quantile that moved against the test's
 * direction (the median slower, the tail faster) is not quoted; both figures stay in the comparison.
 * See {@link statedQuantile}.
 *
 * Each (phase, quantile) bootstrap draws from its own stream of `seed`, named after the phase and the
 * quantile (`ice_gathering/p95`), so a phase's numbers depend only on its own data and the seed: adding a
 * phase or comparing another candidate changes no other phase's intervals, and the same calls and seed
 * give the same comparison.
 */
export function compareBuilds(input: CompareBuildsInput): BuildComparison {
  const seed = input.seed ?? COMPARE_DEFAULTS.seed;
  const resamples = input.resamples ?? COMPARE_DEFAULTS.resamples;
  const confidence = input.confidence ?? COMPARE_DEFAULTS.confidence;
  const alpha = input.alpha ?? COMPARE_DEFAULTS.alpha;
  const minSamples = input.minSamples ?? COMPARE_DEFAULTS.minSamples;
  const minEffectMs = input.minEffectMs ?? COMPARE_DEFAULTS.minEffectMs;
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
  if (!Number.isInteger(resamples) || resamples < 1) throw new RangeError(`resamples must be a positive integer, got ${resamples}`);
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be within (0, 1), got ${confidence}`);
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be within (0, 1), got ${alpha}`);
  if (!Number.isInteger(minSamples) || minSamples < 1) throw new RangeError(`minSamples must be a positive integer, got ${minSamples}`);
  if (!(minEffectMs >= 0)) throw new RangeError(`minEffectMs must be 0 or more, got ${minEffectMs}`);

  const builds = buildsInWords(input.baseline.ref, input.candidate.ref);
  const baselineDurations = input.baseline.calls.map((call) => phaseDurations(call.timeline));
  const candidateDurations = input.candidate.calls.map((call) => phaseDurations(call.timeline));
  const settings = { seed, resamples, confidence, alpha, minSamples, minEffectMs, builds };

  const phases = PHASES.map((phase) => comparePhase(phase, valuesOf(baselineDurations, phase.name), valuesOf(candidateDurations, phase.name), settings));
  const byName = new Map(PHASES.map((phase) => [phase.name, phase.verdictName]));
  return {
    baseline: input.baseline.ref,
    candidate: input.candidate.ref,
    confidence,
    alpha,
    bootstrapResamples: resamples,
    seed,
    minSamples,
    minEffectMs,
    phases,
    summary: comparisonSummary(builds, phases.map((p) => ({ name: byName.get(p.phase) ?? p.phase, change: p.change }))),
  };
}

/**
 * The quantile a phase's verdict quotes: for `slower`, p95 when its interval lies above 0, else p50; for
 * `faster` likewise below 0; otherwise p95 when its interval excludes 0, else p50 when its interval
 * excludes 0, else p95. Undefined when the phase was not compared. Reports use it to highlight the figure
 * the sentence quotes.
 */
export function statedQuantile(comparison: Pick<PhaseComparison, 'p50' | 'p95' | 'change'>, minEffectMs: number = COMPARE_DEFAULTS.minEffectMs): QuantileDifference | undefined {
  const { p50, p95, change } = comparison;
  if (p50 === undefined || p95 === undefined) return undefined;
  const above = (q: QuantileDifference) => q.ciLowMs > 0 && q.diffMs >= minEffectMs;
  const below = (q: QuantileDifference) => q.ciHighMs < 0 && -q.diffMs >= minEffectMs;
  const accepts = change === 'slower' ? above : change === 'faster' ? below : (q: QuantileDifference) => above(q) || below(q);
  return [p95, p50].find(accepts) ?? p95;
}

interface PhaseSettings {
  seed: number;
  resamples: number;
  confidence: number;
  alpha: number;
  minSamples: number;
  minEffectMs: number;
  builds: string;
}

function valuesOf(durations: readonly Record<string, number>[], phase: string): number[] {
  return durations.map((d) => d[phase]).filter((v): v is number => v !== undefined);
}

function comparePhase(phase: PhaseDefinition, baseline: number[], candidate: number[], settings: PhaseSettings): PhaseComparison {
  const counts = { baselineCount: baseline.length, candidateCount: candidate.length };
  const wording = { name: phase.verdictName, builds: settings.builds, confidence: settings.confidence, minSamples: settings.minSamples, ...counts };
  if (baseline.length < settings.minSamples || candidate.length < settings.minSamples) {
    const change = 'insufficient-data';
    return { phase: phase.name, label: phase.label, ...counts, change, sentence: phaseSentence({ ...wording, change }) };
  }
  const p50 = quantileDifference(phase.name, 50, baseline, candidate, settings);
  const p95 = quantileDifference(phase.name, 95, baseline, candidate, settings);
  const test = mannWhitney(baseline, candidate);
  const change = decide(test, p50, p95, settings.alpha, settings.minEffectMs);
  const stated = statedQuantile({ p50, p95, change }, settings.minEffectMs);
  const sentence = phaseSentence({ ...wording, change, stated, pValue: test.pValue, alpha: settings.alpha, minEffectMs: settings.minEffectMs });
  return { phase: phase.name, label: phase.label, ...counts, p50, p95, mannWhitney: test, change, sentence };
}

/** The change rule of {@link compareBuilds}: the test decides, and a quantile's interval must agree. */
function decide(test: MannWhitneyResult, p50: QuantileDifference, p95: QuantileDifference, alpha: number, minEffectMs: number): PhaseChange {
  if (test.pValue >= alpha) return 'no-change';
  const slower = (q: QuantileDifference) => q.ciLowMs > 0 && q.diffMs >= minEffectMs;
  const faster = (q: QuantileDifference) => q.ciHighMs < 0 && -q.diffMs >= minEffectMs;
  if (test.effect > 0.5 && (slower(p95) || slower(p50))) return 'slower';
  if (test.effect < 0.5 && (faster(p95) || faster(p50))) return 'faster';
  return 'no-change';
}

function quantileDifference(
  phase: string,
  quantile: number,
  baseline: readonly number[],
  candidate: readonly number[],
  settings: PhaseSettings,
): QuantileDifference {
  const random = seededRandom(settings.seed, `${phase}/p${quantile}`);
  const interval = bootstrapQuantileDifference(baseline, candidate, quantile, { random, resamples: settings.resamples, confidence: settings.confidence });
  return {
    quantile,
    baselineMs: percentile(baseline, quantile) as number,
    candidateMs: percentile(candidate, quantile) as number,
    diffMs: interval.estimate,
    ciLowMs: interval.low,
    ciHighMs: interval.high,
  };
}
