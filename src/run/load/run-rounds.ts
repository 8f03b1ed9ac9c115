import type { AgentPool } from '../../browser/agent-pool.ts';
import type { LoadScenarioSummary } from '../../contracts/results.ts';
import { callFailed } from '../../logic/plan/customer-outcomes.ts';
import { runLoad, type LoadResult, type RunLoadOptions } from './run-load.ts';

/** The agents of one browser build: its pool and each load scenario's agents in it. */
export interface BuildAgents {
  /** The build's label; the only entry of a run without a matrix is labelled by its browser. */
  label: string;
  pool: AgentPool;
  agentsOf: Readonly<Record<string, readonly string[]>>;
}

export interface RunRoundsOptions extends Omit<RunLoadOptions, 'pool' | 'agentsOf'> {
  builds: readonly BuildAgents[];
  /** Build labels round by round (see matrixRounds); a run without a matrix has one round of one build. */
  order: readonly (readonly string[])[];
  /** Told before each build's turn, e.g. for a log line. */
  onTurn?: (round: number, label: string) => void;
  /** Runs one build's turn. Default runLoad; the tests count turns with a fake. */
  runTurn?: (options: RunLoadOptions) => Promise<LoadResult>;
}

/**
 * Runs the whole load profile once per build per round, one build at a time in the given order, and
 * joins what the turns did into one load result: every call, every load scenario's iterations and drops
 * summed over the turns, the time spent placing calls. Stops at the first turn cut short (Ctrl-C, an
 * abortOnFail threshold, `maxFailures` failed calls): the turns after it would not be comparable.
 */
export async function runRounds(options: RunRoundsOptions): Promise<LoadResult> {
  const { builds, order, onTurn, runTurn = runLoad, ...load } = options;
  const byLabel = new Map(builds.map((b) => [b.label, b]));
  const calls: LoadResult['calls'] = [];
  const scenarios = new Map<string, LoadScenarioSummary>();
  let durationMs = 0;
  let abortedBy: LoadResult['abortedBy'];
  let maxFailuresReached: LoadResult['maxFailuresReached'];
  let failed = 0;
  turns: for (const [round, labels] of order.entries()) {
    for (const label of labels) {
      const build = byLabel.get(label);
      if (!build) throw new Error(`round ${round + 1} names build ${label}, which has no agents`);
      if (load.signal?.aborted) break turns;
      onTurn?.(round, label);
      // --max-failures counts over the whole run: each turn gets what the turns before left of it.
      const maxFailures = load.maxFailures === undefined ? {} : { maxFailures: load.maxFailures - failed };
      const result = await runTurn({ ...load, ...maxFailures, pool: build.pool, agentsOf: build.agentsOf });
      calls.push(...result.calls);
      failed += result.calls.filter(callFailed).length;
      durationMs += result.durationMs;
      for (const s of result.scenarios) {
        const sum = scenarios.get(s.name);
        // Agents are the scenario's VUs on one build: the same count on every build.
        scenarios.set(s.name, sum ? { ...sum, iterations: sum.iterations + s.iterations, dropped: sum.dropped + s.dropped } : { ...s });
      }
      if (result.abortedBy) {
        abortedBy = result.abortedBy;
        break turns;
      }
      if (result.maxFailuresReached) {
        maxFailuresReached = { failed: load.maxFailures ?? result.maxFailuresReached.failed };
        break turns;
      }
    }
  }
  return {
    calls: calls.sort((a, b) => a.index - b.index),
    scenarios: [...scenarios.values()],
    durationMs,
    ...(abortedBy ? { abortedBy } : {}),
    ...(maxFailuresReached ? { maxFailuresReached } : {}),
  };
}
