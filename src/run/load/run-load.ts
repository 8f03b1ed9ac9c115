import type { AgentPool } from '../../browser/agent-pool.ts';
import type { CallRecord } from '../../contracts/call-record.ts';
import type { LoadScenarios } from '../../contracts/executor-config.ts';
import type { LoadScenarioSummary } from '../../contracts/results.ts';
import type { ThresholdResult } from '../../contracts/threshold-options.ts';
import { callFailed } from '../../logic/plan/customer-outcomes.ts';
import type { CallPlanner } from '../../logic/plan/call-plan.ts';
import { metricSamples } from '../../logic/thresholds/metrics.ts';
import type { ParsedThreshold } from '../../logic/thresholds/threshold-parser.ts';
import { thresholdsToAbort } from '../../logic/thresholds/threshold-evaluation.ts';
import type { CallsLog } from '../../run-dir/calls-log.ts';
import type { ProgressDisplay } from '../../report/text/progress.ts';
import { thresholdLine } from '../../report/text/threshold-summary.ts';
import { startExecutors, type ExecutorRun } from './driver.ts';
import { placeCall } from './place-planned-call.ts';

/** How often thresholds with abortOnFail are evaluated while the calls run, in ms. */
const ABORT_CHECK_MS = 1000;

export interface RunLoadOptions {
  pool: AgentPool;
  load: LoadScenarios;
  /** Agents of each load scenario, none shared. */
  agentsOf: Readonly<Record<string, readonly string[]>>;
  planner: CallPlanner;
  callsLog: CallsLog;
  talkTimeMs: number;
  /** Talk time of the calls of some load scenarios, where it differs from `talkTimeMs`. */
  talkTimeMsOf?: Readonly<Record<string, number>>;
  pauseBetweenCallsMs: number;
  /** How long agents let the calls they are to cancel ring before hanging up, in ms. */
  cancelAfterMs?: number;
  /** Limit for one call from click to end beyond its talk time (ring time and slack), in ms. */
  timeoutBeyondTalkMs: number;
  thresholds: readonly ParsedThreshold[];
  /** Stop starting calls once this many have failed (`--max-failures`); absent: never. */
  maxFailures?: number;
  progress: ProgressDisplay;
  /** Ctrl-C. */
  signal?: AbortSignal;
}

export interface LoadResult {
  calls: CallRecord[];
  scenarios: LoadScenarioSummary[];
  /** Time from the first dial to the last call's end, in ms. */
  durationMs: number;
  /** Set when a threshold with abortOnFail stopped the load early. */
  abortedBy?: ThresholdResult[];
  /** Set when `maxFailures` calls had failed and the load was stopped early: how many had failed then. */
  maxFailuresReached?: { failed: number };
}

/**
 * Puts the load profile on the PBX: the executors decide when each agent dials, the planner what it
 * dials, and every call is written to calls.jsonl the moment it ends. Stops starting calls on Ctrl-C,
 * when a threshold with abortOnFail fails, or once `maxFailures` calls have failed; calls in flight end
 * (or are cut at gracefulStop) either way.
 */
export async function runLoad(options: RunLoadOptions): Promise<LoadResult> {
  const { pool, planner, callsLog, progress } = options;
  const stopStarting = new AbortController();
  // Ctrl-C: nothing new starts and the calls in flight are hung up now, so their records still reach
  // calls.jsonl before the run stops its browsers.
  const onSignal = () => {
    stopStarting.abort();
    void pool.abandon(Object.values(options.agentsOf).flat());
  };
  options.signal?.addEventListener('abort', onSignal, { once: true });
  const calls: CallRecord[] = [];
  const inFlight = new Set<Promise<void>>();
  let planError: unknown;
  let abortedBy: ThresholdResult[] | undefined;
  let failures = 0;
  let maxFailuresReached: LoadResult['maxFailuresReached'];
  const startedAt = performance.now();

  const iteration = async (scenario: string, agent: string): Promise<void> => {
    let planned;
    try {
      planned = planner.next(agent, scenario);
    } catch (error) {
      // A header value that cannot be sent: nothing more is started, and the run ends with that error.
      planError ??= error;
      stopStarting.abort();
      return;
    }
    progress.callStarted();
    const talkTimeMs = options.talkTimeMsOf?.[scenario] ?? options.talkTimeMs;
    const record = await placeCall(pool, planned, { talkTimeMs, callTimeoutMs: talkTimeMs + options.timeoutBeyondTalkMs, cancelAfterMs: options.cancelAfterMs, signal: options.signal });
    calls.push(record);
    await callsLog.append(record);
    const failed = callFailed(record);
    progress.callEnded(failed);
    if (failed) progress.log(`  ${record.id} (${record.agent}) failed: ${record.error ?? `${record.outcome} ${record.sipStatus ?? ''}`.trim()}`);
    // The same stop as abortOnFail's: nothing new starts, the calls in flight end and are verified.
    if (failed && ++failures === options.maxFailures) {
      maxFailuresReached = { failed: failures };
      progress.log(`${failures} calls failed (--max-failures ${options.maxFailures}): stopping the load; the calls in flight end and are verified`);
      stopStarting.abort();
    }
    if (options.pauseBetweenCallsMs > 0 && !stopStarting.signal.aborted) await new Promise((r) => setTimeout(r, options.pauseBetweenCallsMs));
  };

  const dropped: Record<string, number> = Object.fromEntries(Object.keys(options.load).map((name) => [name, 0]));
  const run: ExecutorRun = startExecutors({
    scenarios: Object.fromEntries(Object.entries(options.load).map(([name, config]) => [name, { config, agents: options.agentsOf[name] ?? [] }])),
    runIteration: (scenario, agent) => {
      const p = iteration(scenario, agent);
      inFlight.add(p);
      // Bookkeeping only: the executor awaits `p` itself and handles its failure.
      const forget = () => void inFlight.delete(p);
      p.then(forget, forget);
      return p;
    },
    signal: stopStarting.signal,
    onDropped: (scenario, count) => {
      dropped[scenario] = (dropped[scenario] ?? 0) + count;
    },
    onGracefulStopExpired: (scenario, agents, reason) => {
      progress.log(`  ${scenario}: ${agents.length} call(s) still running at the end of ${reason}; hanging them up`);
      void pool.abandon(agents);
    },
  });

  const abortCheck = setInterval(() => {
    if (abortedBy || options.thresholds.length === 0) return;
    const failing = thresholdsToAbort(options.thresholds, metricSamples(calls, { droppedIterations: dropped }), performance.now() - startedAt);
    if (failing.length === 0) return;
    abortedBy = failing;
    for (const result of failing) progress.log(`threshold failed, stopping the load (abortOnFail): ${thresholdLine(result)}`);
    stopStarting.abort();
  }, ABORT_CHECK_MS);
  try {
    const stats = await run.done;
    // The driver stops waiting for calls cut at gracefulStop; their records are still to come.
    await Promise.all([...inFlight]);
    if (planError !== undefined) throw planError;
    const durationMs = performance.now() - startedAt;
    return {
      calls: calls.sort((a, b) => a.index - b.index),
      durationMs,
      scenarios: Object.entries(options.load).map(([name, config]) => ({
        name,
        executor: config.executor,
        agents: options.agentsOf[name]?.length ?? 0,
        iterations: stats[name]?.started ?? 0,
        dropped: dropped[name] ?? 0,
      })),
      ...(abortedBy ? { abortedBy } : {}),
      ...(maxFailuresReached ? { maxFailuresReached } : {}),
    };
  } finally {
    clearInterval(abortCheck);
    options.signal?.removeEventListener('abort', onSignal);
  }
}
