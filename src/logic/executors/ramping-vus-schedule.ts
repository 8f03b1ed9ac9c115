import type { RampingVusConfig } from '../../contracts/executor-config.ts';
import { stageSegments, totalStagesMs, valueAt } from './stage-segments.ts';

/**
 * ramping-vus: how many VUs run at each moment. The target is interpolated linearly from `startVUs` through
 * the stages; the number of active VUs steps by whole VUs as k6 does: while ramping up, VU n (1-based) joins
 * when the target reaches n (floor); while ramping down, it leaves when the target falls to n-1 (ceil). A
 * 0s stage jumps at once. At the end of the last stage every VU stops (then gracefulStop applies).
 *
 * VUs are numbered from 0 here; VU k runs while more than k VUs are active. VUs stop and rejoin highest first.
 */

export interface ActiveInterval {
  startMs: number;
  endMs: number;
}

/** Tolerance for float noise when stepping the interpolated target to whole VUs. */
const EPSILON = 1e-9;

/** The interpolated (fractional) target at `t` ms into the scenario. */
export function rampingVusTargetAt(config: RampingVusConfig, t: number): number {
  return valueAt(config.startVUs, config.stages, t);
}

/** Whole VUs active at `t` ms into the scenario; 0 from the end of the last stage on. */
export function rampingVusActiveAt(config: RampingVusConfig, t: number): number {
  if (t < 0) t = 0;
  for (const s of stageSegments(config.startVUs, config.stages)) {
    if (t >= s.endMs) continue;
    if (s.to === s.from) return s.from;
    const target = s.from + ((s.to - s.from) * (t - s.startMs)) / (s.endMs - s.startMs);
    return s.to > s.from ? Math.floor(target + EPSILON) : Math.ceil(target - EPSILON);
  }
  return 0;
}

/** When VU `vuIndex` (0-based) is active, as disjoint intervals in time order, touching ones merged. */
export function vuActiveIntervals(config: RampingVusConfig, vuIndex: number): ActiveInterval[] {
  const needed = vuIndex + 1;
  const intervals: ActiveInterval[] = [];
  const add = (startMs: number, endMs: number) => {
    if (endMs <= startMs) return;
    const last = intervals[intervals.length - 1];
    if (last && last.endMs >= startMs) last.endMs = Math.max(last.endMs, endMs);
    else intervals.push({ startMs, endMs });
  };
  for (const s of stageSegments(config.startVUs, config.stages)) {
    const d = s.endMs - s.startMs;
    if (d === 0) continue;
    if (s.to === s.from) {
      if (s.from >= needed) add(s.startMs, s.endMs);
    } else if (s.to > s.from) {
      if (s.to >= needed) add(s.from >= needed ? s.startMs : s.startMs + (d * (needed - s.from)) / (s.to - s.from), s.endMs);
    } else if (s.from >= needed) {
      // Active while the target stays above vuIndex.
      add(s.startMs, s.to >= needed ? s.endMs : s.startMs + (d * (s.from - vuIndex)) / (s.from - s.to));
    }
  }
  return intervals;
}

export function isVuActive(config: RampingVusConfig, vuIndex: number, t: number): boolean {
  return vuActiveIntervals(config, vuIndex).some((i) => i.startMs <= t && t < i.endMs);
}

/** The first moment at or after `fromMs` at which the VU is active, or undefined if it never is again. */
export function nextVuActivation(config: RampingVusConfig, vuIndex: number, fromMs: number): number | undefined {
  const interval = vuActiveIntervals(config, vuIndex).find((i) => i.endMs > fromMs);
  return interval && Math.max(interval.startMs, fromMs);
}

/**
 * The moment at which the VU, active at `fromMs`, is ramped down; undefined if it stays active until the end
 * of the stages (where gracefulStop applies, not gracefulRampDown) or is not active at `fromMs`.
 */
export function nextVuDeactivation(config: RampingVusConfig, vuIndex: number, fromMs: number): number | undefined {
  const interval = vuActiveIntervals(config, vuIndex).find((i) => i.startMs <= fromMs && fromMs < i.endMs);
  if (!interval || interval.endMs >= totalStagesMs(config.stages)) return undefined;
  return interval.endMs;
}

/**
 * For an iteration the VU started at `startMs`: the moment its gracefulRampDown runs out, i.e. gracefulRampDown
 * after the VU is ramped down, unless it is ramped up again within that time (then it carries on). Undefined
 * when the VU is not ramped down before the end of the stages.
 */
export function rampDownDeadline(config: RampingVusConfig, vuIndex: number, startMs: number): number | undefined {
  let down = nextVuDeactivation(config, vuIndex, startMs);
  while (down !== undefined) {
    const deadline = down + config.gracefulRampDownMs;
    const up = nextVuActivation(config, vuIndex, down);
    if (up === undefined || up > deadline) return deadline;
    down = nextVuDeactivation(config, vuIndex, up);
  }
  return undefined;
}
