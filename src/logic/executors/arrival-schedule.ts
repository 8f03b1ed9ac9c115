import type { ArrivalRateConfig } from '../../contracts/executor-config.ts';
import { stageSegments, type Segment } from './stage-segments.ts';

/**
 * When the arrival-rate executors start their iterations.
 *
 * The rate (iterations per timeUnit) is a piecewise-linear function of time: constant for
 * constant-arrival-rate, interpolated from `startRate` through the stages for ramping-arrival-rate. Its
 * integral from the scenario's start is the number of iterations "due" so far; arrivals are spaced one
 * unit of that area apart:
 *
 * - When the rate at t=0 is above 0 (always for constant-arrival-rate), arrival i starts when the integral
 *   reaches i: the first at t=0, and only those strictly before the end. This is what k6's
 *   constant-arrival-rate does (iteration i at i·timeUnit/rate).
 * - When the rate starts at 0 (ramping-arrival-rate with startRate 0), nothing can be due at t=0: arrival i
 *   starts when the integral reaches i+1, up to and including the end. This is what k6's ramping-arrival-rate
 *   does (k6 applies this rule even when startRate > 0, so there its first iteration comes 1/startRate in;
 *   callcheck starts at t=0 then, as constant-arrival-rate does, so a ramping profile that holds one rate is
 *   the same schedule as the constant one).
 *
 * Either way, when the total area A is a whole number there are exactly A arrivals (0→10/s over 10s then
 * 10/s for 10s: 50 + 100); otherwise ceil(A) and floor(A) respectively.
 *
 * A shard (`config.shard`, rates already scaled by 1/count) takes every count-th arrival of the whole schedule,
 * shard 1 the first: its arrivals sit at areas (index-1)/count + j (rate above 0 at t=0) or index/count + j (rate
 * starting at 0) of its own scaled integral, which are the whole's times exactly.
 */

/** Relative tolerance when comparing areas, so float noise never adds or drops an arrival at the end. */
const EPSILON = 1e-9;

interface RateSegment extends Segment {
  /** Integral of the rate (in iterations) before this segment. */
  areaBefore: number;
  area: number;
}

interface ArrivalPlan {
  segments: RateSegment[];
  totalArea: number;
  /** Area at which the first arrival starts; the next ones follow one unit apart. */
  firstArea: number;
  count: number;
}

function rateSegments(config: ArrivalRateConfig): RateSegment[] {
  // Rates per ms, so areas come out in iterations and times in ms.
  const perMs = (rate: number) => rate / config.timeUnitMs;
  const lines =
    config.executor === 'constant-arrival-rate'
      ? [{ startMs: 0, endMs: config.durationMs, from: perMs(config.rate), to: perMs(config.rate) }]
      : stageSegments(perMs(config.startRate), config.stages.map((s) => ({ durationMs: s.durationMs, target: perMs(s.target) })));
  let areaBefore = 0;
  return lines.map((line) => {
    const area = ((line.from + line.to) / 2) * (line.endMs - line.startMs);
    const segment = { ...line, areaBefore, area };
    areaBefore += area;
    return segment;
  });
}

function arrivalPlan(config: ArrivalRateConfig): ArrivalPlan {
  const segments = rateSegments(config);
  const totalArea = segments.reduce((sum, s) => sum + s.area, 0);
  const startsAtZero = config.executor === 'constant-arrival-rate' || config.startRate > 0;
  const { index, count: shards } = config.shard ?? { index: 1, count: 1 };
  const firstArea = startsAtZero ? (index - 1) / shards : index / shards;
  const tolerance = EPSILON * Math.max(1, totalArea);
  const room = totalArea - firstArea;
  // Strictly before the end when the schedule starts at t=0, up to and including it when it starts at 0 rate.
  const count = startsAtZero ? Math.max(0, Math.ceil(room - tolerance)) : room + tolerance < 0 ? 0 : Math.floor(room + tolerance) + 1;
  return { segments, totalArea, firstArea, count };
}

/** How many iterations the schedule starts (for progress). */
export function countArrivals(config: ArrivalRateConfig): number {
  return arrivalPlan(config).count;
}

/** Time (ms into the segment) at which the integral over the segment reaches `x`. */
function timeWithin(segment: RateSegment, x: number): number {
  if (x <= 0) return 0;
  const durationMs = segment.endMs - segment.startMs;
  const slope = (segment.to - segment.from) / durationMs;
  // Solves from·t + slope·t²/2 = x in the form that stays exact for slope → 0 and for from = 0.
  const denominator = segment.from + Math.sqrt(Math.max(0, segment.from * segment.from + 2 * slope * x));
  if (denominator <= 0) return 0;
  return Math.min(durationMs, (2 * x) / denominator);
}

/** Start offsets (ms from the scenario's start) of every iteration the schedule starts, in order. */
export function* arrivalOffsets(config: ArrivalRateConfig): Generator<number, void, undefined> {
  const plan = arrivalPlan(config);
  const tolerance = EPSILON * Math.max(1, plan.totalArea);
  let at = 0;
  for (let i = 0; i < plan.count; i++) {
    const area = plan.firstArea + i;
    // The first instant the integral reaches `area`: skip segments that end below it.
    let segment = plan.segments[at];
    while (segment && at < plan.segments.length - 1 && area > segment.areaBefore + segment.area + tolerance) segment = plan.segments[++at];
    if (!segment) return;
    const x = Math.min(segment.area, Math.max(0, area - segment.areaBefore));
    yield segment.startMs + timeWithin(segment, x);
  }
}

/** Every start offset; for tests and small schedules (a long run at a high rate is better iterated). */
export function arrivalOffsetList(config: ArrivalRateConfig): number[] {
  return [...arrivalOffsets(config)];
}
