import type { Stage } from '../../contracts/executor-config.ts';

/** One stage as a straight line: the value goes from `from` to `to` over [startMs, endMs). */
export interface Segment {
  startMs: number;
  endMs: number;
  from: number;
  to: number;
}

/** k6's stages as line segments: each starts where the previous ended (the first at `start`), and ends at its target. */
export function stageSegments(start: number, stages: readonly Stage[]): Segment[] {
  const segments: Segment[] = [];
  let at = 0;
  let from = start;
  for (const stage of stages) {
    segments.push({ startMs: at, endMs: at + stage.durationMs, from, to: stage.target });
    at += stage.durationMs;
    from = stage.target;
  }
  return segments;
}

export function totalStagesMs(stages: readonly Stage[]): number {
  return stages.reduce((sum, s) => sum + s.durationMs, 0);
}

/**
 * The linearly interpolated value at `t` ms. Before 0 it is the start value; from the end of the last stage on
 * it is the last target. A 0s stage jumps at its offset: at that instant the value is already its target.
 */
export function valueAt(start: number, stages: readonly Stage[], t: number): number {
  let value = start;
  for (const s of stageSegments(start, stages)) {
    if (t < s.startMs) return value;
    if (t < s.endMs) return s.from + ((s.to - s.from) * (t - s.startMs)) / (s.endMs - s.startMs);
    value = s.to;
  }
  return value;
}
