/** How much the benchmark does: `--quick` fits in under 5 minutes on the reference machine; the full one takes the durations. */
export interface BenchPlan {
  mode: 'quick' | 'full';
  /** Calls placed one after another for the single-call latency (and the capture comparison). */
  singleCalls: number;
  /** Concurrency steps, calls held at once, tried in order until one fails. */
  concurrencySteps: number[];
  /** How long every call of a concurrency step is up together, s. */
  holdSeconds: number;
  /** Calls started per second while a concurrency step builds up. */
  rampCps: number;
  /** Rate steps, calls started per second, tried in order until one fails. */
  rateSteps: number[];
  /** How long each rate step starts calls for, s. */
  rateDurationS: number;
  /** Talk time of the calls of a rate step, ms. */
  rateTalkMs: number;
  agentsPerPage: number;
  /** Time SIPp may take for its ceiling search, ms. */
  sippBudgetMs: number;
}

export const QUICK_PLAN: BenchPlan = {
  mode: 'quick',
  singleCalls: 15,
  concurrencySteps: [50, 100, 150],
  holdSeconds: 10,
  rampCps: 25,
  rateSteps: [10, 20, 30],
  rateDurationS: 10,
  rateTalkMs: 1000,
  agentsPerPage: 50,
  sippBudgetMs: 45_000,
};

export const FULL_PLAN: BenchPlan = {
  mode: 'full',
  singleCalls: 40,
  concurrencySteps: [50, 100, 150, 200, 250, 300],
  holdSeconds: 60,
  rampCps: 25,
  rateSteps: [10, 20, 30, 40, 50],
  rateDurationS: 60,
  rateTalkMs: 1000,
  agentsPerPage: 50,
  sippBudgetMs: 120_000,
};

/** Agents a rate step gives its calls: it holds about rate × (talk + setup) calls; twice that leaves room for slow ones. */
export function rateStepAgents(plan: BenchPlan, rate: number): number {
  return Math.ceil(rate * ((plan.rateTalkMs + 1000) / 1000) * 2);
}

/** Agents the plan needs registered before its first dial: enough for the largest step of either kind. */
export function agentsFor(plan: BenchPlan): number {
  return Math.max(...plan.concurrencySteps, ...plan.rateSteps.map((rate) => rateStepAgents(plan, rate)));
}
