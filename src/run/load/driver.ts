import { agentsNeeded, type ExecutorConfig } from '../../contracts/executor-config.ts';
import { estimateRemainingMs } from '../../logic/executors/eta.ts';
import { plannedDurationMs, plannedIterations } from '../../logic/executors/planned.ts';
import { realClock, type Clock } from './load-clock.ts';
import { ScenarioRunner, type ExpiryReason, type ScenarioState, type ScenarioStats } from './scenario-runner.ts';

export type { ExpiryReason, ScenarioState, ScenarioStats } from './scenario-runner.ts';

export interface ScenarioAssignment {
  config: ExecutorConfig;
  /**
   * The agents the scenario owns, at least agentsNeeded(config), none shared with another scenario (k6 gives
   * each scenario its own VUs). VU k is agents[k]; arrival-rate scenarios use the first preAllocatedVUs first.
   */
  agents: readonly string[];
}

export interface ExecutorDriverOptions {
  /** Scenario name → its normalised config and agents. */
  scenarios: Readonly<Record<string, ScenarioAssignment>>;
  /** Runs one iteration (one call) on the agent. Never rejects: the caller records failures. */
  runIteration: (scenario: string, agent: string) => Promise<void>;
  /** Default: the machine's clock. */
  clock?: Clock;
  /** Ctrl-C, or a threshold's abortOnFail: no iteration starts any more; those in flight get gracefulStop. */
  signal?: AbortSignal;
  /** `count` iterations were not started (k6's dropped_iterations): no free agent at an arrival, or maxDuration reached. */
  onDropped?: (scenario: string, count: number) => void;
  /**
   * These agents' iterations outlived their grace period: the scenario's gracefulStop, or (ramping-vus) the
   * gracefulRampDown of a VU ramped down mid-run. The caller abandons those calls; the driver stops waiting for them.
   */
  onGracefulStopExpired?: (scenario: string, agentsStillBusy: string[], reason: ExpiryReason) => void;
}

export interface ScenarioProgress extends ScenarioStats {
  name: string;
  executor: ExecutorConfig['executor'];
  state: ScenarioState;
  /** Iterations running now. */
  inFlight: number;
  /** Iterations the scenario plans to start, when known in advance (see plannedIterations). */
  plannedIterations: number | undefined;
  startTimeMs: number;
  /** How long the scenario starts iterations for (for iteration-based executors: maxDuration, a limit). */
  plannedDurationMs: number;
  gracefulStopMs: number;
  /** Time since the scenario started (until it was done); 0 while it waits for its startTime. */
  elapsedMs: number;
  /** Estimated time until it stops starting iterations, its startTime wait included; 0 once stopping or done. */
  remainingMs: number;
}

export interface ExecutorRun {
  /** Settles with every scenario's stats once all have ended (or given up on what outlived gracefulStop). Never rejects. */
  done: Promise<Record<string, ScenarioStats>>;
  /** A snapshot of every scenario, readable at any time. */
  progress(): ScenarioProgress[];
}

/**
 * Runs the scenarios' executors side by side, as k6 does: each begins at its startTime, starts iterations
 * on its own agents as its executor says, and gives iterations still running at its end gracefulStop to finish.
 * Throws at once when a scenario has too few agents or two scenarios share one.
 */
export function startExecutors(options: ExecutorDriverOptions): ExecutorRun {
  const clock = options.clock ?? realClock;
  checkAgents(options.scenarios);
  const runStart = clock.now();
  const runners = Object.entries(options.scenarios).map(
    ([name, { config, agents }]) =>
      new ScenarioRunner({
        name,
        config,
        agents,
        clock,
        runStart,
        runIteration: options.runIteration,
        onDropped: (scenario, count) => options.onDropped?.(scenario, count),
        onExpired: (scenario, agentsStillBusy, reason) => options.onGracefulStopExpired?.(scenario, agentsStillBusy, reason),
      }),
  );

  const abortAll = () => {
    for (const runner of runners) runner.abort();
  };
  if (options.signal?.aborted) abortAll();
  else options.signal?.addEventListener('abort', abortAll, { once: true });

  const done = Promise.all(runners.map(async (runner) => [runner.name, await runner.run()] as const)).then((results) => {
    options.signal?.removeEventListener('abort', abortAll);
    return Object.fromEntries(results);
  });

  const progress = (): ScenarioProgress[] => {
    const now = clock.now();
    return runners.map((runner) => {
      const { config } = runner;
      const elapsedMs = runner.startedAt === undefined ? 0 : (runner.finishedAt ?? now) - runner.startedAt;
      let remainingMs = 0;
      if (runner.state === 'waiting') {
        remainingMs = Math.max(0, runStart + config.startTimeMs - now) + estimateRemainingMs(config, { elapsedMs: 0, completed: 0 });
      } else if (runner.state === 'running') {
        remainingMs = estimateRemainingMs(config, { elapsedMs, completed: runner.stats.completed });
      }
      return {
        name: runner.name,
        executor: config.executor,
        state: runner.state,
        ...runner.stats,
        inFlight: runner.inFlight,
        plannedIterations: plannedIterations(config),
        startTimeMs: config.startTimeMs,
        plannedDurationMs: plannedDurationMs(config),
        gracefulStopMs: config.gracefulStopMs,
        elapsedMs,
        remainingMs,
      };
    });
  };

  return { done, progress };
}

/** Runs the executors to the end; see startExecutors. */
export function runExecutors(options: ExecutorDriverOptions): Promise<Record<string, ScenarioStats>> {
  return startExecutors(options).done;
}

function checkAgents(scenarios: Readonly<Record<string, ScenarioAssignment>>): void {
  const owner = new Map<string, string>();
  for (const [name, { config, agents }] of Object.entries(scenarios)) {
    const needed = agentsNeeded(config);
    if (agents.length < needed) throw new RangeError(`scenario ${name} needs ${needed} agents, got ${agents.length}`);
    for (const agent of agents.slice(0, needed)) {
      const other = owner.get(agent);
      if (other === name) throw new RangeError(`scenario ${name} lists agent ${agent} twice`);
      if (other !== undefined) throw new RangeError(`agent ${agent} is given to both scenario ${other} and scenario ${name}`);
      owner.set(agent, name);
    }
  }
}
