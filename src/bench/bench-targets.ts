import type { BenchResults, LatencyProfile, TargetCheck } from './bench-results.ts';

const ms = (v: number | undefined) => (v === undefined ? 'not measured' : `${Math.round(v * 10) / 10} ms`);

function below(name: string, target: string, value: number | undefined, limit: number, unit: string): TargetCheck {
  const measured = value === undefined || Number.isNaN(value) ? 'not measured' : `${Math.round(value * 100) / 100} ${unit}`;
  const met = value !== undefined && !Number.isNaN(value) && value < limit;
  return { name, target, measured, met, ...(met ? {} : { gap: value === undefined || Number.isNaN(value) ? 'no measurement' : `${Math.round((value - limit) * 100) / 100} ${unit} over` }) };
}

function atLeast(name: string, target: string, value: number, floor: number, unit: string): TargetCheck {
  const met = value >= floor;
  return { name, target, measured: `${value} ${unit}`, met, ...(met ? {} : { gap: `${Math.round((floor - value) * 100) / 100} ${unit} short` }) };
}

function within20(name: string, phase: string, single: LatencyProfile, loaded: LatencyProfile): TargetCheck {
  const base = single.phases[phase]?.p95Ms;
  const load = loaded.phases[phase]?.p95Ms;
  const target = `p95 at half the concurrency ceiling within 20% of 1 call (${ms(base)} → at most ${ms(base === undefined ? undefined : base * 1.2)})`;
  if (base === undefined || load === undefined) return { name, target, measured: `${ms(load)} at ${loaded.concurrency} calls`, met: false, gap: 'no measurement' };
  const ratio = load / base;
  const met = ratio <= 1.2;
  return { name, target, measured: `${ms(load)} at ${loaded.concurrency} calls (${Math.round((ratio - 1) * 100)}%)`, met, ...(met ? {} : { gap: `${Math.round((ratio - 1.2) * 100)} points over` }) };
}

/** The project's targets for this kind of machine, checked against what the benchmark measured. */
export function checkTargets(r: Omit<BenchResults, 'targets'>): TargetCheck[] {
  const { single, loaded } = r.latency;
  return [
    atLeast('concurrency.maxHeld', `≥ 100 calls held ${r.concurrency.holdSeconds} s (target: 60 s), every CDR matched, audio proven`, r.concurrency.maxHeld, 100, 'calls'),
    atLeast('rate.sustainedCps', `≥ 20 calls/s for ${r.rate.durationS} s (target: 60 s), every CDR matched`, r.rate.sustainedCps, 20, 'calls/s'),
    below('latency.single dial_to_200 p95', 'click → 200 OK p95 < 150 ms at 1 call', single.phases['dial_to_200']?.p95Ms, 150, 'ms'),
    below('latency.single dial_to_first_audio p95', 'click → first audio p95 < 400 ms at 1 call', single.phases['dial_to_first_audio']?.p95Ms, 400, 'ms'),
    within20('latency.loaded dial_to_200 p95', 'dial_to_200', single, loaded),
    within20('latency.loaded dial_to_first_audio p95', 'dial_to_first_audio', single, loaded),
    below('agentMemoryMB', '< 5 MB per agent when many share a page', r.agentMemoryMB, 5, 'MB'),
    below('accuracy.inviteTo200MaxAbsErrorMs', 'harness within 2 ms of the packet capture', r.accuracy.inviteTo200MaxAbsErrorMs, 2.000001, 'ms'),
  ];
}
