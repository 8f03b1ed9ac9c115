import type { MannWhitneyResult } from '../../contracts/comparison.ts';
import { normalUpperTail } from './normal-tail.ts';

/**
 * Two-sided Mann-Whitney U test (Wilcoxon rank-sum) of two independent samples: does one tend to give
 * larger values than the other? It compares ranks, not values, so a few very slow calls weigh no more than
 * a few slow ones.
 */

/**
 * The exact distribution is used up to this many (baseline, candidate) pairs, n1·n2, when there are no
 * ties. Why 2500:
 * - below it the normal approximation misjudges p-values next to 0.05: at 8 against 8 calls, U = 13 has
 *   an exact p of 0.0499 but an approximate 0.0520, and at 10 against 10, U = 24 gives 0.0524 against
 *   0.0539; at 50 against 50 the two agree to 0.0005. A product bound, unlike scipy's "both samples ≤ 8",
 *   also covers lopsided samples (2 against 1000 calls), where the approximation is poorest;
 * - the exact tail costs at most max(n1, n2)·min(n1, n2)·(n1·n2/2) ≈ 3 million additions here, about a
 *   millisecond.
 * Phase durations come from a browser clock of limited resolution (0.1 ms or coarser), so larger
 * samples often have ties and take the normal approximation whatever the bound.
 */
export const EXACT_MAX_PAIRS = 2500;

export interface MannWhitneyOptions {
  /**
   * `exact`: the exact distribution of U (refused when there are ties, which it does not model);
   * `normal`: the normal approximation with tie and continuity correction;
   * `auto` (default): exact without ties and up to {@link EXACT_MAX_PAIRS} pairs, else normal.
   */
  method?: 'auto' | 'exact' | 'normal';
}

/**
 * Tests `candidate` against `baseline`. `u` is the candidate's: the number of (baseline, candidate) pairs in
 * which the candidate value is larger, a tie counting ½; `effect` is u / (n1·n2), 0.5 when neither side
 * tends to be larger. Both samples must be non-empty.
 */
export function mannWhitney(baseline: readonly number[], candidate: readonly number[], options: MannWhitneyOptions = {}): MannWhitneyResult {
  const m = baseline.length;
  const n = candidate.length;
  if (m === 0 || n === 0) throw new RangeError(`Mann-Whitney needs two non-empty samples, got ${m} and ${n} values`);
  const { candidateRankSum, tieTerm } = rankSum(baseline, candidate);
  const u = candidateRankSum - (n * (n + 1)) / 2;
  const pairs = m * n;
  const hasTies = tieTerm > 0;
  const requested = options.method ?? 'auto';
  if (requested === 'exact' && hasTies) throw new RangeError('the exact Mann-Whitney p-value needs samples without ties');
  const method = requested === 'auto' ? (!hasTies && pairs <= EXACT_MAX_PAIRS ? 'exact' : 'normal') : requested;
  const pValue = method === 'exact' ? exactPValue(m, n, u) : normalPValue(m, n, u, tieTerm);
  return { u, pValue, method, effect: u / pairs };
}

/**
 * The candidate's rank sum in the pooled sample, tied values sharing their mean rank, and Σ(t³ − t) over
 * the groups of t tied values, which shrinks the variance of U.
 */
function rankSum(baseline: readonly number[], candidate: readonly number[]): { candidateRankSum: number; tieTerm: number } {
  const pooled = [...baseline.map((value) => ({ value, candidate: false })), ...candidate.map((value) => ({ value, candidate: true }))];
  for (const { value } of pooled) if (Number.isNaN(value)) throw new RangeError('Mann-Whitney cannot rank NaN');
  pooled.sort((a, b) => a.value - b.value);
  let candidateRankSum = 0;
  let tieTerm = 0;
  for (let start = 0; start < pooled.length; ) {
    let end = start + 1;
    while (end < pooled.length && pooled[end]!.value === pooled[start]!.value) end++;
    const size = end - start;
    // Ranks are 1-based: the group holds ranks start+1 … end, whose mean is (start + 1 + end) / 2.
    const meanRank = (start + 1 + end) / 2;
    for (let i = start; i < end; i++) if (pooled[i]!.candidate) candidateRankSum += meanRank;
    tieTerm += size ** 3 - size;
    start = end;
  }
  return { candidateRankSum, tieTerm };
}

/** Two-sided exact p-value: twice the probability of a U at least as far from n1·n2/2, at most 1. */
function exactPValue(m: number, n: number, u: number): number {
  const nearTail = Math.min(u, m * n - u);
  return Math.min(1, 2 * exactLowerTail(m, n, nearTail));
}

/**
 * P(U ≤ limit) when both samples come from one continuous distribution, by the recurrence on the largest
 * of the pooled values: with i values on one side and j on the other, it belongs to the j side with
 * probability j/(i + j) and then exceeds all i values, else it adds nothing. So
 *   P(i, j, u) = j/(i + j) · P(i, j − 1, u − i) + i/(i + j) · P(i − 1, j, u),
 * P(i, 0, u) = P(0, j, u) = [u = 0]. Only u ≤ limit is kept; probabilities rather than counts, so that
 * every step adds positive numbers below 1. U's distribution is the same with the sides swapped, so the
 * rows run over the larger sample and each row holds one array per size of the smaller.
 */
function exactLowerTail(m: number, n: number, limit: number): number {
  const small = Math.min(m, n);
  const large = Math.max(m, n);
  const width = Math.floor(limit) + 1;
  const row = () => Array.from({ length: small + 1 }, () => new Float64Array(width));
  let previous = row();
  let current = row();
  for (const column of previous) column[0] = 1; // i = 0: U is 0 whatever j
  for (let i = 1; i <= large; i++) {
    current[0]!.fill(0);
    current[0]![0] = 1; // j = 0
    for (let j = 1; j <= small; j++) {
      const toJ = j / (i + j);
      const toI = i / (i + j);
      const out = current[j]!;
      const fromI = previous[j]!;
      const fromJ = current[j - 1]!;
      for (let u = 0; u < width; u++) out[u] = toI * fromI[u]! + (u >= i ? toJ * fromJ[u - i]! : 0);
    }
    [previous, current] = [current, previous];
  }
  let tail = 0;
  for (const p of previous[small]!) tail += p;
  return tail;
}

/**
 * Normal approximation: U has mean n1·n2/2 and variance n1·n2/12 · ((N + 1) − Σ(t³ − t) / (N(N − 1))),
 * N = n1 + n2; |U − mean| is moved ½ towards the mean (continuity correction) before it is scaled.
 */
function normalPValue(m: number, n: number, u: number, tieTerm: number): number {
  const total = m + n;
  const variance = ((m * n) / 12) * (total + 1 - (total > 1 ? tieTerm / (total * (total - 1)) : 0));
  // Every value tied: the ranks cannot tell the samples apart.
  if (variance <= 0) return 1;
  const z = Math.max(0, Math.abs(u - (m * n) / 2) - 0.5) / Math.sqrt(variance);
  return Math.min(1, 2 * normalUpperTail(z));
}
