import type { CallRecord } from '../contracts/call-record.ts';

/** Most calls up at the same instant: answered and not yet hung up (BYE sent, or ended). */
export function peakConcurrent(calls: readonly Pick<CallRecord, 'timeline'>[]): number {
  const edges: [number, number][] = [];
  for (const { timeline: t } of calls) {
    const end = t.byeSent ?? t.ended;
    if (t.answered === undefined || end === undefined || end < t.answered) continue;
    edges.push([t.answered, 1], [end, -1]);
  }
  // At equal times a hang-up is counted before an answer: touching calls were not up together.
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let up = 0;
  let peak = 0;
  for (const [, delta] of edges) {
    up += delta;
    if (up > peak) peak = up;
  }
  return peak;
}

/** Calls started per second, from the first dial to the last (one interval per call, so N calls at R/s give R). */
export function achievedCps(calls: readonly Pick<CallRecord, 'timeline'>[]): number {
  const dials = calls.map((c) => c.timeline.dialRequested).filter((t): t is number => t !== undefined).sort((a, b) => a - b);
  if (dials.length < 2) return 0;
  const spanS = ((dials.at(-1) ?? 0) - (dials[0] ?? 0)) / 1000;
  return spanS > 0 ? (dials.length - 1) / spanS : 0;
}
