import { plannedDurationMs, plannedIterations } from '../../logic/executors/planned.ts';
import { callLimitMs, CallPlanner } from '../../logic/plan/call-plan.ts';
import type { RunPlan } from '../../logic/plan/run-plan.ts';
import { parseThresholds } from '../../logic/thresholds/threshold-parser.ts';
import { ProgressDisplay } from '../../report/text/progress.ts';
import { abortable } from '../abortable.ts';
import type { RunOptions } from '../run-options.ts';
import type { StartedRun } from '../started-run.ts';
import type { LoadResult } from './run-load.ts';
import { runRounds } from './run-rounds.ts';

/** How long Ctrl-C waits for the calls it hangs up to be written to calls.jsonl. */
const INTERRUPT_SETTLE_MS = 5000;

/**
 * Puts the scenario's load on the system under test, build by build and round by round as the plan orders
 * them, with live progress and the planted faults on their schedule. Records in run.json when the load
 * started (no row of the run is older). On Ctrl-C the calls in flight are hung up and written to
 * calls.jsonl (within a bound) before the interruption goes on.
 */
export async function placeLoad(run: StartedRun, plan: RunPlan, options: RunOptions, log: (line: string) => void): Promise<LoadResult> {
  const { scenario, signal } = options;
  const planner = new CallPlanner(scenario, plan.runId, options.headerValues, plan.numbering);
  const turns = plan.order.flat().length;
  const totals = Object.values(plan.load).map((c) => {
    const perTurn = plannedIterations(c);
    return perTurn === undefined ? undefined : perTurn * turns;
  });
  const loadStart = Date.now();
  await run.manifest.update({ loadStartedAt: loadStart });
  const plannedEnd = loadStart + turns * Math.max(...Object.values(plan.load).map((c) => c.startTimeMs + plannedDurationMs(c)));
  using progress = new ProgressDisplay({
    stream: options.progressStream ?? process.stderr,
    plan: () => (totals.every((t) => t !== undefined) ? { totalCalls: totals.reduce((a, b) => a + b, 0) } : { endsAt: plannedEnd }),
  });
  log('placing calls');
  run.injector.start();
  const callTimeoutMs = callLimitMs(scenario);
  const loading = runRounds({
    builds: run.builds,
    order: plan.order,
    ...(scenario.matrix ? { onTurn: (round: number, label: string) => progress.log(`round ${round + 1}/${plan.order.length}: ${label}`) } : {}),
    load: plan.load,
    planner,
    callsLog: run.callsLog,
    talkTimeMs: scenario.talkTimeMs,
    pauseBetweenCallsMs: scenario.pauseBetweenCallsMs,
    cancelAfterMs: scenario.cancelAfterMs,
    timeoutBeyondTalkMs: callTimeoutMs - scenario.talkTimeMs,
    thresholds: parseThresholds(scenario.thresholds),
    ...(options.maxFailures === undefined ? {} : { maxFailures: options.maxFailures }),
    progress,
    ...(signal ? { signal } : {}),
  });
  // Awaited here: the progress display stops when the load is over, not when it starts.
  return await abortable(loading, signal).catch(async (error: unknown) => {
    // Ctrl-C: the calls in flight are being hung up (placeCall listens to the signal). Their records are
    // written to calls.jsonl before it closes, unless they take longer than the bound.
    if (signal?.aborted) await Promise.race([loading.catch(() => undefined), new Promise((r) => setTimeout(r, INTERRUPT_SETTLE_MS).unref())]);
    throw error;
  });
}
