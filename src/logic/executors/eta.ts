import type { ExecutorConfig } from '../../contracts/executor-config.ts';
import { plannedDurationMs, plannedIterations, runsForPlannedDuration } from './planned.ts';

export interface ScenarioClock {
  /** Time since the scenario started (0 while it waits for its startTime). */
  elapsedMs: number;
  /** Iterations completed so far. */
  completed: number;
}

/**
 * Estimated time until the scenario stops starting iterations, from now (startTime and gracefulStop
 * excluded). Duration-based executors: what is left of their duration. Iteration-based ones: the remaining
 * iterations at the pace seen so far, capped by what is left of maxDuration (the cap alone before the
 * first iteration completes).
 */
export function estimateRemainingMs(config: ExecutorConfig, progress: ScenarioClock): number {
  const left = Math.max(0, plannedDurationMs(config) - progress.elapsedMs);
  if (runsForPlannedDuration(config)) return left;
  const total = plannedIterations(config) ?? 0;
  if (progress.completed >= total) return 0;
  if (progress.completed === 0 || progress.elapsedMs <= 0) return left;
  const perIterationMs = progress.elapsedMs / progress.completed;
  return Math.min(left, (total - progress.completed) * perIterationMs);
}
