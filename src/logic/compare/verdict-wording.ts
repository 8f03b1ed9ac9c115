import type { BuildRef, PhaseChange, QuantileDifference } from '../../contracts/comparison.ts';

/**
 * The verdict of a build comparison in plain words. Sentences are fragments that a report lists, so they
 * start with the phase's own casing ("ICE gathering", "post-dial delay") or in lower case.
 *
 * Numbers: milliseconds with one decimal below 10 ms and whole above ("3.1 ms", "412 ms"), judged after
 * rounding so that 9.96 reads "10 ms"; differences always signed, "+" for the candidate slower and the
 * minus sign "−" (U+2212) for faster; a difference that rounds to zero has no sign.
 */

const MINUS = '\u2212';

const ENGINE_NAMES: Readonly<Record<BuildRef['engine'], string>> = { chromium: 'Chromium', firefox: 'Firefox' };

/**
 * The two builds as a sentence names them, candidate first: "Chromium 156 against 150" when the engines
 * match, "Firefox 153 against Chromium 150" when they differ. Same engine and major version: the full
 * versions ("Chromium 150.0.7871.100 against 150.0.7871.64"); the very same version on both sides: the
 * build labels follow in parentheses, or nothing would tell them apart.
 */
export function buildsInWords(baseline: BuildRef, candidate: BuildRef): string {
  const candidateEngine = ENGINE_NAMES[candidate.engine];
  if (candidate.engine !== baseline.engine) {
    return `${candidateEngine} ${majorVersion(candidate.version)} against ${ENGINE_NAMES[baseline.engine]} ${majorVersion(baseline.version)}`;
  }
  if (majorVersion(candidate.version) !== majorVersion(baseline.version)) {
    return `${candidateEngine} ${majorVersion(candidate.version)} against ${majorVersion(baseline.version)}`;
  }
  if (candidate.version !== baseline.version) return `${candidateEngine} ${candidate.version} against ${baseline.version}`;
  return `${candidateEngine} ${candidate.version} (${candidate.build}) against ${baseline.version} (${baseline.build})`;
}

/** The leading number of a version ("150" of "150.0.7871.100"), or the whole string when it has none. */
function majorVersion(version: string): string {
  return /^\d+/.exec(version)?.[0] ?? version;
}

/** A duration or difference without its sign: "412", "3.1". */
function magnitude(ms: number): string {
  const tenths = Math.round(Math.abs(ms) * 10) / 10;
  return tenths < 10 ? tenths.toFixed(1) : Math.round(Math.abs(ms)).toString();
}

/** A signed number of ms without the unit: "+412", "−3.1", "0.0". */
function signed(ms: number): string {
  const digits = magnitude(ms);
  if (Number(digits) === 0) return digits;
  return (ms > 0 ? '+' : MINUS) + digits;
}

/** A signed difference in ms: "+412 ms", "−3.1 ms". */
export function signedMsInWords(ms: number): string {
  return `${signed(ms)} ms`;
}

/** "p = 0.41" with two significant digits, "p < 0.001" below that. */
export function pValueInWords(p: number): string {
  return p < 0.001 ? 'p < 0.001' : `p = ${p.toPrecision(2)}`;
}

/** A confidence level as a percentage: 0.95 → "95%", 0.995 → "99.5%". */
export function confidenceInWords(confidence: number): string {
  return `${Number((confidence * 100).toFixed(1))}%`;
}

/** What a phase's sentence needs; `stated` and `pValue` are required unless the data are insufficient. */
export interface PhaseSentenceInput {
  /** The phase's name in a sentence (PhaseDefinition.verdictName). */
  name: string;
  change: PhaseChange;
  /** The quantile the verdict rests on (src/logic/compare-builds.ts decides which). */
  stated?: QuantileDifference;
  /** Mann-Whitney p-value. */
  pValue?: number;
  /** The builds in words, from {@link buildsInWords}. */
  builds: string;
  confidence: number;
  baselineCount: number;
  candidateCount: number;
  minSamples: number;
  /** Significance level; with `minEffectMs`, tells a significant but negligible difference from noise. */
  alpha?: number;
  /** Smallest difference that counts as a change, in ms. */
  minEffectMs?: number;
}

/**
 * - slower / faster: "ICE gathering +412 ms at p95 on Chromium 156 against 150, significant";
 * - no change: "no significant change in ICE gathering (p95 +2.0 ms, 95% CI −1.1 to +5.3 ms, p = 0.41)";
 *   a difference the test finds significant but under `minEffectMs`: "building the INVITE −0.1 ms at p50,
 *   significant (p < 0.001) but under the 1 ms that counts as a change";
 * - insufficient data: "too few calls to compare ICE gathering (3 against 40; at least 5 each)", the
 *   candidate's count first.
 */
export function phaseSentence(input: PhaseSentenceInput): string {
  if (input.change === 'insufficient-data') {
    return `too few calls to compare ${input.name} (${input.candidateCount} against ${input.baselineCount}; at least ${input.minSamples} each)`;
  }
  const { stated, pValue } = input;
  if (stated === undefined || pValue === undefined) throw new TypeError(`a "${input.change}" sentence needs the stated quantile and the p-value`);
  const quantile = `p${stated.quantile}`;
  const negligible = input.alpha !== undefined && input.minEffectMs !== undefined && pValue < input.alpha && Math.abs(stated.diffMs) < input.minEffectMs && (stated.ciLowMs > 0 || stated.ciHighMs < 0);
  if (input.change === 'no-change' && negligible) {
    return `${input.name} ${signedMsInWords(stated.diffMs)} at ${quantile}, significant (${pValueInWords(pValue)}) but under the ${magnitude(input.minEffectMs ?? 0)} ms that counts as a change`;
  }
  if (input.change === 'no-change') {
    const interval = `${confidenceInWords(input.confidence)} CI ${signed(stated.ciLowMs)} to ${signed(stated.ciHighMs)} ms`;
    return `no significant change in ${input.name} (${quantile} ${signedMsInWords(stated.diffMs)}, ${interval}, ${pValueInWords(pValue)})`;
  }
  return `${input.name} ${signedMsInWords(stated.diffMs)} at ${quantile} on ${input.builds}, significant`;
}

/**
 * One line over all phases: "Chromium 156 against 150: 2 phases slower (ICE gathering, post-dial delay),
 * 1 faster (INVITE → 200 OK), 12 unchanged, 1 with too few calls". Empty categories are left out.
 */
export function comparisonSummary(builds: string, phases: readonly { name: string; change: PhaseChange }[]): string {
  const named = (change: PhaseChange) => phases.filter((p) => p.change === change).map((p) => p.name);
  const slower = named('slower');
  const faster = named('faster');
  const parts = [
    { count: slower.length, words: `slower (${slower.join(', ')})` },
    { count: faster.length, words: `faster (${faster.join(', ')})` },
    { count: named('no-change').length, words: 'unchanged' },
    { count: named('insufficient-data').length, words: 'with too few calls' },
  ].filter((part) => part.count > 0);
  if (parts.length === 0) return `${builds}: no phases to compare`;
  // Only the first count names its unit: "2 phases slower, 1 faster".
  const text = parts.map((part, i) => (i === 0 ? `${part.count} ${part.count === 1 ? 'phase' : 'phases'} ${part.words}` : `${part.count} ${part.words}`));
  return `${builds}: ${text.join(', ')}`;
}
