/** One bar of a histogram: values v with fromMs <= v < toMs. */
export interface HistogramBucket {
  fromMs: number;
  toMs: number;
  count: number;
}

export interface Histogram {
  /** Width of every bucket; 0 when there are no values. */
  bucketMs: number;
  buckets: HistogramBucket[];
}

const NICE_STEPS = [1, 2, 5] as const;

/**
 * Buckets latency samples into equal-width bins whose width is a "nice" number of milliseconds
 * (1, 2, 5, 10, 20, 50, ...) and whose edges are multiples of it, so bar labels read as round numbers.
 * Picks the narrowest such width that needs at most `maxBuckets` bins. Empty bins between the lowest
 * and highest sample are kept so the x axis stays linear. Non-finite samples are ignored.
 */
export function histogram(values: readonly number[], maxBuckets = 20): Histogram {
  if (!Number.isInteger(maxBuckets) || maxBuckets < 2) throw new RangeError(`maxBuckets must be an integer >= 2, got ${maxBuckets}`);
  let min = Infinity;
  let max = -Infinity;
  let finite = 0;
  // A loop, not Math.min(...values): spreading a large run's samples overflows the call stack.
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    finite++;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (finite === 0) return { bucketMs: 0, buckets: [] };

  const width = niceWidth(min, max, maxBuckets);
  const first = Math.floor(min / width);
  const counts = new Array<number>(Math.floor(max / width) - first + 1).fill(0);
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    const i = Math.floor(v / width) - first;
    counts[i] = (counts[i] ?? 0) + 1;
  }
  return {
    bucketMs: width,
    buckets: counts.map((count, i) => ({ fromMs: (first + i) * width, toMs: (first + i + 1) * width, count })),
  };
}

function niceWidth(min: number, max: number, maxBuckets: number): number {
  // Terminates: once the width exceeds max - min, at most two bins are needed.
  for (let magnitude = 1; ; magnitude *= 10) {
    for (const step of NICE_STEPS) {
      const width = step * magnitude;
      if (Math.floor(max / width) - Math.floor(min / width) + 1 <= maxBuckets) return width;
    }
  }
}
