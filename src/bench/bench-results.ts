/** bench/results/latest.json: what `npm run bench` measured on the machine it ran on. Bumped on any change of meaning. */
export const BENCH_SCHEMA_VERSION = 1;

/** p50 and p95 of one latency phase, ms. */
export interface PhasePercentiles {
  count: number;
  p50Ms?: number;
  p95Ms?: number;
}

export interface LatencyProfile {
  /** Calls up at once while these were measured. */
  concurrency: number;
  calls: number;
  phases: Record<string, PhasePercentiles>;
}

/** One load step of the benchmark and whether it met the bar (every CDR matched, audio proven on each call). */
export interface BenchStep {
  /** Calls held at once (concurrency steps) or calls started per second (rate steps). */
  asked: number;
  placed: number;
  answered: number;
  cdrMatched: number;
  audioProven: number;
  /** Most calls seen up (answered, not yet hung up) at one instant. */
  peakConcurrent: number;
  /** Calls started per second over the step, from the first dial to the last. */
  achievedCps: number;
  passed: boolean;
  /** Why it did not pass. */
  reason?: string;
  /** CPU of callcheck (Node and its browsers) over the step, % of one core. */
  harnessCpuPct: number;
}

/** A figure against the target the project aims at, and how far it is when missed. */
export interface TargetCheck {
  name: string;
  target: string;
  measured: string;
  met: boolean;
  /** How far from the target, in plain words, when missed. */
  gap?: string;
}

export interface BenchResults {
  schemaVersion: typeof BENCH_SCHEMA_VERSION;
  mode: 'quick' | 'full';
  startedAt: string;
  durationS: number;
  machine: { host: string; cpus: number; cpuModel: string; memoryGB: number; kernel: string; node: string; browser: string; asterisk: string; cdrDatabase: string };
  concurrency: { maxHeld: number; holdSeconds: number; steps: BenchStep[] };
  rate: { sustainedCps: number; durationS: number; steps: BenchStep[] };
  latency: { single: LatencyProfile; loaded: LatencyProfile };
  /** Memory of the browsers per registered agent, MB (proportional set size, shared pages split fairly). */
  agentMemoryMB: number;
  agentMemory: { agents: number; agentsPerPage: number; pages: number; browserPssBeforeMB: number; browserPssAfterMB: number };
  /** CPU of callcheck per call held up, % of one core, at the highest concurrency step that passed. */
  harnessCpuPerCallPct: number;
  accuracy: { inviteTo200MaxAbsErrorMs: number; inviteTo200MeanAbsErrorMs: number; calls: number; matchedInCapture: number };
  /** SIPp against the same Asterisk: the PBX's own ceiling without browsers (its calls write no CDR). */
  sipp: { callsPerSecond: number | null; concurrentCalls: number | null; budgetExhausted: boolean; steps: { kind: string; asked: number; passed: boolean; reason?: string }[] };
  targets: TargetCheck[];
}
