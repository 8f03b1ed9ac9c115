import { z } from 'zod';

/**
 * A load scenario's executor config as callcheck runs it: k6's `options.scenarios` entry parsed (see
 * load-options.ts), its durations in milliseconds and its defaults filled in. The run directory's run.json
 * keeps the configs a run placed, so a killed run's load can still be told.
 */

export const EXECUTORS = [
  'shared-iterations',
  'per-vu-iterations',
  'constant-vus',
  'ramping-vus',
  'constant-arrival-rate',
  'ramping-arrival-rate',
] as const;
export type ExecutorName = (typeof EXECUTORS)[number];

/** k6 refuses durations below 1s for `duration` and `maxDuration` (stages may be 0s). */
export const MIN_DURATION_MS = 1000;

const count = z.number().int().min(0);
const ms = z.number().min(0);

export const stageSchema = z.object({
  durationMs: ms,
  /** VUs (ramping-vus) or iterations per timeUnit (ramping-arrival-rate) reached at the stage's end. */
  target: z.number().min(0),
});
export type Stage = z.infer<typeof stageSchema>;

const common = {
  /** Offset from the start of the run at which the scenario begins. Default 0. */
  startTimeMs: ms,
  /** Time iterations still running at the scenario's end get to finish. Default 30000. */
  gracefulStopMs: ms,
};

export const sharedIterationsConfigSchema = z.object({
  executor: z.literal('shared-iterations'),
  vus: count,
  /** Iterations shared by all VUs. */
  iterations: count,
  maxDurationMs: ms,
  ...common,
});
export type SharedIterationsConfig = z.infer<typeof sharedIterationsConfigSchema>;

export const perVuIterationsConfigSchema = z.object({
  executor: z.literal('per-vu-iterations'),
  vus: count,
  /** Iterations each VU runs. */
  iterations: count,
  maxDurationMs: ms,
  ...common,
});
export type PerVuIterationsConfig = z.infer<typeof perVuIterationsConfigSchema>;

export const constantVusConfigSchema = z.object({
  executor: z.literal('constant-vus'),
  vus: count,
  durationMs: ms,
  ...common,
});
export type ConstantVusConfig = z.infer<typeof constantVusConfigSchema>;

export const rampingVusConfigSchema = z.object({
  executor: z.literal('ramping-vus'),
  startVUs: count,
  stages: z.array(stageSchema),
  gracefulRampDownMs: ms,
  ...common,
});
export type RampingVusConfig = z.infer<typeof rampingVusConfigSchema>;

/**
 * Set by `shardExecutor` on arrival-rate configs: the rates are already scaled by 1/count, and this shard's
 * arrivals are every count-th arrival of the whole schedule (the index-th first), so that the shards together
 * start exactly the whole's iterations at the whole's times.
 */
export const arrivalShardSchema = z.object({
  /** 1-based. */
  index: z.number().int().min(1),
  count: z.number().int().min(1),
});
export type ArrivalShard = z.infer<typeof arrivalShardSchema>;

export const constantArrivalRateConfigSchema = z.object({
  executor: z.literal('constant-arrival-rate'),
  /** Iterations started per timeUnit. */
  rate: z.number().min(0),
  timeUnitMs: ms,
  durationMs: ms,
  preAllocatedVUs: count,
  maxVUs: count.optional(),
  shard: arrivalShardSchema.optional(),
  ...common,
});
export type ConstantArrivalRateConfig = z.infer<typeof constantArrivalRateConfigSchema>;

export const rampingArrivalRateConfigSchema = z.object({
  executor: z.literal('ramping-arrival-rate'),
  /** Iterations per timeUnit at the start. */
  startRate: z.number().min(0),
  timeUnitMs: ms,
  stages: z.array(stageSchema),
  preAllocatedVUs: count,
  maxVUs: count.optional(),
  shard: arrivalShardSchema.optional(),
  ...common,
});
export type RampingArrivalRateConfig = z.infer<typeof rampingArrivalRateConfigSchema>;

/** One load scenario's executor config, told apart by `executor`. */
export const parsedExecutorConfigSchema = z.discriminatedUnion('executor', [
  sharedIterationsConfigSchema,
  perVuIterationsConfigSchema,
  constantVusConfigSchema,
  rampingVusConfigSchema,
  constantArrivalRateConfigSchema,
  rampingArrivalRateConfigSchema,
]);
export type ExecutorConfig = z.infer<typeof parsedExecutorConfigSchema>;

export type ArrivalRateConfig = ConstantArrivalRateConfig | RampingArrivalRateConfig;

/** Scenario name → its executor config. */
export const parsedLoadScenariosSchema = z.record(z.string(), parsedExecutorConfigSchema);
export type LoadScenarios = z.infer<typeof parsedLoadScenariosSchema>;

/**
 * The agents an executor can keep busy at once. Every agent is registered before the first call is dialed
 * (no VU is created during the run), so this is how many the scenario needs.
 */
export function agentsNeeded(config: ExecutorConfig): number {
  switch (config.executor) {
    case 'shared-iterations':
    case 'per-vu-iterations':
    case 'constant-vus':
      return config.vus;
    case 'ramping-vus':
      return Math.max(config.startVUs, ...config.stages.map((s) => s.target));
    case 'constant-arrival-rate':
    case 'ramping-arrival-rate':
      return config.maxVUs ?? config.preAllocatedVUs;
  }
}

