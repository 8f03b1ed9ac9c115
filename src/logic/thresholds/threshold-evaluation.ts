import type { RunResults } from '../../contracts/results.ts';
import type { ThresholdResult } from '../../contracts/threshold-options.ts';
import { metricSamples, sampleValues, type MetricSamples, type MetricType } from './metrics.ts';
import { percentile } from '../stats/percentile.ts';
import { aggregationText, type Aggregation, type ThresholdOperator } from './threshold-expression.ts';
import type { ParsedThreshold } from './threshold-parser.ts';

/**
 * Evaluation of parsed thresholds on callcheck's metric samples.
 *
 * No data: a threshold whose key matches no sample fails, whatever the metric type, with `observed: null`
 * and `noData: true`. k6 lets such thresholds pass; callcheck does not, because a threshold is a claim about
 * calls and a run that measured none (no verified call for `cdr_matched`, no answered call for
 * `dial_latency{phase:invite_to_200}`) has not proven it. Counters over calls still have data when nothing
 * was counted: every verified call is a sample of `cdr_missing`, 0 or 1, so `count==0` passes on a clean run.
 * While the run is in progress ({@link thresholdsToAbort}), no data is "not known yet" and never aborts.
 *
 * Percentiles (`p(N)`, `med`) interpolate linearly between closest ranks (see percentile.ts).
 */

export interface EvaluationOptions {
  /** Duration of the run in seconds; the denominator of a counter's `rate`. */
  durationS: number;
}

/**
 * `values` aggregated as `aggregation` says for a metric of type `type`; undefined when there is no value,
 * or for a counter's rate when the duration is not positive yet.
 */
export function aggregate(type: MetricType, aggregation: Aggregation, values: readonly number[], durationS: number): number | undefined {
  if (values.length === 0) return undefined;
  let sum = 0;
  let nonZero = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    sum += v;
    if (v !== 0) nonZero += 1;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  switch (aggregation.method) {
    case 'avg':
      return sum / values.length;
    case 'min':
      return min;
    case 'max':
      return max;
    case 'med':
      return percentile(values, 50);
    case 'p':
      return percentile(values, aggregation.p ?? NaN);
    case 'count':
      return sum;
    case 'value':
      return values[values.length - 1];
    case 'rate':
      if (type === 'counter') return durationS > 0 ? sum / durationS : undefined;
      return nonZero / values.length;
  }
}

export function compare(observed: number, operator: ThresholdOperator, target: number): boolean {
  switch (operator) {
    case '<':
      return observed < target;
    case '<=':
      return observed <= target;
    case '>':
      return observed > target;
    case '>=':
      return observed >= target;
    case '==':
    case '===':
      return observed === target;
    case '!=':
      return observed !== target;
  }
}

function unitOf(threshold: ParsedThreshold): string {
  const { type, unit } = threshold.metric;
  if (type === 'rate') return 'ratio';
  if (type === 'counter') return threshold.aggregation.method === 'rate' ? '/s' : 'count';
  return unit;
}

export function evaluateThreshold(threshold: ParsedThreshold, samples: MetricSamples, options: EvaluationOptions): ThresholdResult {
  const values = sampleValues(samples, threshold.metric.name, threshold.tags);
  const observed = aggregate(threshold.metric.type, threshold.aggregation, values, options.durationS);
  return {
    key: threshold.key,
    metric: threshold.metric.name,
    tags: { ...threshold.tags },
    expression: threshold.expression,
    aggregation: aggregationText(threshold.aggregation),
    operator: threshold.operator,
    target: threshold.target,
    observed: observed ?? null,
    unit: unitOf(threshold),
    samples: values.length,
    sampleNoun: threshold.metric.sampleNoun[values.length === 1 ? 0 : 1],
    noData: observed === undefined,
    passed: observed !== undefined && compare(observed, threshold.operator, threshold.target),
    abortOnFail: threshold.abortOnFail,
  };
}

/** Every threshold evaluated at the end of the run; a run passes its thresholds when every result has `passed`. */
export function evaluateThresholds(thresholds: readonly ParsedThreshold[], samples: MetricSamples, options: EvaluationOptions): ThresholdResult[] {
  return thresholds.map((t) => evaluateThreshold(t, samples, options));
}

/**
 * The thresholds that should stop the run now: those with `abortOnFail` whose `delayAbortEval` has passed
 * (`elapsedMs` since the run started ≥ the delay), that have data and fail on the samples so far. Counter
 * rates are per second of `elapsedMs`.
 */
export function thresholdsToAbort(thresholds: readonly ParsedThreshold[], samples: MetricSamples, elapsedMs: number): ThresholdResult[] {
  return thresholds
    .filter((t) => t.abortOnFail && elapsedMs >= t.delayAbortEvalMs)
    .map((t) => evaluateThreshold(t, samples, { durationS: elapsedMs / 1000 }))
    .filter((r) => !r.noData && !r.passed);
}

/**
 * Evaluates the scenario's thresholds over the verified calls and records the outcome in the results.
 * `durationS` is the load's duration, the base of counters' per-second rates.
 */
export function withThresholds(results: RunResults, thresholds: readonly ParsedThreshold[], durationS: number, abortedByThreshold = false): RunResults {
  if (thresholds.length === 0) return results;
  const dropped = Object.fromEntries((results.load?.scenarios ?? []).map((s) => [s.name, s.dropped]));
  const evaluated = evaluateThresholds(thresholds, metricSamples(results.calls, { unknownRows: results.unknownRows.length, droppedIterations: dropped }), { durationS });
  const summary = { ...results.summary, thresholdsPassed: evaluated.every((t) => t.passed), ...(abortedByThreshold ? { abortedByThreshold } : {}) };
  return { ...results, thresholds: evaluated, summary };
}
