import { resolveMatrix } from '../browser/resolve-matrix.ts';
import { InterruptedError } from '../contracts/errors.ts';
import { preflight } from '../logic/plan/call-plan.ts';
import { checkPageCrashFaults } from '../logic/plan/page-crash-check.ts';
import { planRun } from '../logic/plan/run-plan.ts';
import { makeRunId } from '../run-dir/run-directory.ts';
import { agentNamer } from '../stack/agent-credentials.ts';
import { agentEngines } from './agent-engines.ts';
import { finishRun } from './finish-run.ts';
import { placeLoad } from './load/place-load.ts';
import type { RunOptions, RunOutcome } from './run-options.ts';
import { StartedRun } from './started-run.ts';

/**
 * `callcheck run`: plan the run (and check its calls' header values before anything starts), start it (the
 * system under test, its observer, the faults, the browsers with every agent registered), put the load on
 * it, and finish: read the CDR table, keep what was observed and write the reports from it. Everything
 * started here is stopped here, whatever happens.
 */
export async function runConformance(options: RunOptions): Promise<RunOutcome> {
  const { scenario, signal } = options;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const startedAt = new Date();
  const runId = makeRunId(startedAt);
  // Every build of a browser matrix is found before anything starts.
  const matrix = scenario.matrix ? resolveMatrix(scenario.matrix) : undefined;
  const plan = planRun({
    scenario,
    runId,
    ...(options.shard ? { shard: options.shard } : {}),
    ...(matrix ? { matrix: { builds: matrix.builds.map((b) => b.label), rounds: matrix.rounds } } : {}),
    nameAgent: agentNamer(scenario),
  });
  // Header values are checked before anything starts: a bad value must not cost a stack start.
  preflight(scenario, runId, options.headerValues, plan.agents, plan.preflightCalls, plan.numbering);
  if (scenario.faults.some((f) => f.kind === 'page-crash')) {
    checkPageCrashFaults(scenario.faults, agentEngines(scenario, plan.agentsOfBuild.map((agentsOf) => Object.values(agentsOf).flat()), matrix?.builds));
  }
  await using run = await StartedRun.start(plan, options, matrix, startedAt, log);
  const load = await placeLoad(run, plan, options, log);
  if (signal?.aborted) throw new InterruptedError();
  // Awaited here: the run is disposed only once it has finished.
  return await finishRun(run, load, options, log);
}
