/** One step of an empirical distribution function: `pct` percent of the samples are at most `ms`. */
export interface EcdfPoint {
  ms: number;
  pct: number;
}

const round2 = (v: number) => Math.round(v * 100) / 100;

/**
 * The empirical cumulative distribution of latency samples, as the corners of its staircase: a point at
 * 0 % on the smallest sample, then one per sample at the share of samples up to it. Drawn with a line
 * that steps at each point's x (Chart.js `stepped: 'before'`), it is the exact ECDF.
 *
 * A large run would embed one point per call; above `maxPoints` samples, the points are taken at
 * `maxPoints` evenly spaced ranks (the smallest and the largest always among them), which keeps every
 * step the reader can see at chart width. Non-finite samples are ignored.
 */
export function ecdf(values: readonly number[], maxPoints = 240): EcdfPoint[] {
  if (!Number.isInteger(maxPoints) || maxPoints < 2) throw new RangeError(`maxPoints must be an integer >= 2, got ${maxPoints}`);
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return [];
  const ranks = n <= maxPoints ? sorted.map((_, i) => i) : Array.from({ length: maxPoints }, (_, k) => Math.round((k * (n - 1)) / (maxPoints - 1)));
  const points: EcdfPoint[] = [{ ms: round2(sorted[0] as number), pct: 0 }];
  for (const i of ranks) {
    // Ties share one step: the share is that of the last sample with the same value.
    let last = i;
    while (last + 1 < n && sorted[last + 1] === sorted[i]) last++;
    const point = { ms: round2(sorted[i] as number), pct: round2(((last + 1) / n) * 100) };
    const previous = points[points.length - 1];
    if (previous !== undefined && previous.ms === point.ms && previous.pct === point.pct) continue;
    points.push(point);
  }
  return points;
}
