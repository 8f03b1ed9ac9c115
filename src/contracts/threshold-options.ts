import { z } from 'zod';

/**
 * Thresholds in k6's syntax (the `thresholds` map of k6 `options`): pass/fail criteria on callcheck's
 * metrics. A key is a metric name, optionally filtered by tags (`dial_latency{phase:invite_to_200}`); its
 * value is a list of expressions (`'p(95)<300'`) or objects carrying one.
 */

/** One entry of a threshold list, as k6 accepts it. */
export type ThresholdEntry =
  | string
  | {
      /** The expression, e.g. `p(95)<300`. */
      threshold: string;
      /** Stop the run as soon as the threshold fails (evaluated while calls are placed). */
      abortOnFail?: boolean;
      /** k6 duration (e.g. `30s`) before the first abort evaluation, so early samples can accumulate. */
      delayAbortEval?: string;
    };

/** The `thresholds` option: metric key → expressions. */
export type ThresholdsOption = Readonly<Record<string, readonly ThresholdEntry[]>>;

/**
 * The shape of a `thresholds` option as a run directory keeps it (run.json); what each expression means is
 * checked when the thresholds are parsed.
 */
export const thresholdsOptionSchema: z.ZodType<ThresholdsOption> = z.record(
  z.string(),
  z.array(z.union([z.string(), z.object({ threshold: z.string(), abortOnFail: z.boolean().optional(), delayAbortEval: z.string().optional() })])),
);

/** The outcome of one threshold, as results.json stores it (`thresholds: ThresholdResult[]`). */
export const thresholdResultSchema = z.object({
  /** The metric key as written, e.g. `dial_latency{phase:invite_to_200}`. */
  key: z.string(),
  /** The metric name, e.g. `dial_latency`. */
  metric: z.string(),
  /** The tag filter of the key, e.g. `{ phase: 'invite_to_200' }`; empty when none. */
  tags: z.record(z.string(), z.string()),
  /** The expression as written, trimmed, e.g. `p(95)<300`. */
  expression: z.string(),
  /** The aggregation in canonical form, e.g. `p(95)`, `rate`, `count`. */
  aggregation: z.string(),
  /** The comparison of the expression: `<`, `<=`, `>`, `>=`, `==`, `===` or `!=`. */
  operator: z.string(),
  /** The number `observed` is compared with. */
  target: z.number(),
  /** The aggregated value; null when the metric had no sample matching the key (`noData`). */
  observed: z.number().nullable(),
  /** Unit of `observed`: `ms`, `%`, `MOS`, `ratio` (rate metrics), `count`, `/s` (rate of a counter). */
  unit: z.string(),
  /** Samples the value was aggregated from (for a rate metric: the calls it is a fraction of). */
  samples: z.number().int(),
  /** What the samples are, e.g. `calls`, `verified calls`; singular when there is one. */
  sampleNoun: z.string(),
  /** No sample matched: the threshold cannot be proven and counts as failed. */
  noData: z.boolean(),
  passed: z.boolean(),
  abortOnFail: z.boolean(),
});
export type ThresholdResult = z.infer<typeof thresholdResultSchema>;
