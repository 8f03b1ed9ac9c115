import type { ExecutorConfig } from '../../contracts/executor-config.ts';
import { countArrivals } from './arrival-schedule.ts';
import { totalStagesMs } from './stage-segments.ts';

/**
 * How long a scenario starts iterations for, from its own start (startTime excluded, gracefulStop excluded):
 * `duration`, or the sum of the stages. For shared-iterations and per-vu-iterations it is `maxDuration`, a
 * limit rather than a plan: they end as soon as their iterations are done.
 */
export function plannedDurationMs(config: ExecutorConfig): number {
  switch (config.executor) {
    case 'shared-iterations':
    case 'per-vu-iterations':
      return config.maxDurationMs;
    case 'constant-vus':
    case 'constant-arrival-rate':
      return config.durationMs;
    case 'ramping-vus':
    case 'ramping-arrival-rate':
      return totalStagesMs(config.stages);
  }
}

/** Whether the scenario runs for its planned duration (true) or ends when its iterations are done (false). */
export function runsForPlannedDuration(config: ExecutorConfig): boolean {
  return config.executor !== 'shared-iterations' && config.executor !== 'per-vu-iterations';
}

/**
 * The iterations the scenario will start if nothing is dropped or cut short, when known in advance:
 * iteration-based and arrival-rate executors. VU-based duration executors loop as fast as their iterations
 * end, so theirs is undefined.
 */
export function plannedIterations(config: ExecutorConfig): number | undefined {
  switch (config.executor) {
    case 'shared-iterations':
      return config.iterations;
    case 'per-vu-iterations':
      return config.vus * config.iterations;
    case 'constant-vus':
    case 'ramping-vus':
      return undefined;
    case 'constant-arrival-rate':
    case 'ramping-arrival-rate':
      return countArrivals(config);
  }
}

/** The latest the scenario can end, from the start of the run: startTime + planned duration + gracefulStop. */
export function latestEndMs(config: ExecutorConfig): number {
  return config.startTimeMs + plannedDurationMs(config) + config.gracefulStopMs;
}
