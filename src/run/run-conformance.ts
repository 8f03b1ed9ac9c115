import { mkdir, readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { resolveMatrix } from '../browser/resolve-matrix.ts';
import type { CdrRow } from '../contracts/cdr-row.ts';
import { CallcheckError, InterruptedError } from '../contracts/errors.ts';
import { agentsNeeded, type LoadScenarios } from '../contracts/load-options.ts';
import type { ExitCode } from '../contracts/exit-codes.ts';
import type { BrowserInfo, Leftovers, RunResults, StoppedEarly, VerificationSettings } from '../contracts/results.ts';
import type { Scenario } from '../contracts/scenario.ts';
import { leftoversText, noLeftovers } from '../logic/asterisk/asterisk-leftovers.ts';
import { buildResults } from '../logic/results/build-results.ts';
import { callLimitMs, CallPlanner, preflight, shardIndex, type HeaderValueSource, type ShardNumbering } from '../logic/plan/call-plan.ts';
import { expectCdr } from '../logic/verify/cdr-expectation.ts';
import { plannedDurationMs, plannedIterations } from '../logic/executors/planned.ts';
import { shardExecutor } from '../logic/executors/shard.ts';
import { matrixRounds } from '../logic/plan/matrix-rounds.ts';
import { matrixSummary } from '../logic/compare/matrix-summary.ts';
import { exitCodeOf, withThresholds } from '../logic/results/exit-code.ts';
import { parseThresholds } from '../logic/thresholds/threshold-parser.ts';
import { verifyCdr } from '../logic/verify/verify-cdr.ts';
import { CallsLog } from '../run-dir/calls-log.ts';
import { writeCdrRows } from '../run-dir/cdr-rows-file.ts';
import { ProgressDisplay, type ProgressStream } from '../report/text/progress.ts';
import { writeAllReports } from '../report/reporter.ts';
import { reapRunContainers } from '../stack/run-reaper.ts';
import { agentCredentials, agentNamer } from '../stack/agent-credentials.ts';
import { startSystemUnderTest } from '../stack/start-system-under-test.ts';
import type { RunRowsRequest, SystemUnderTest } from '../stack/system-under-test.ts';
import { RunManifestFile } from '../run-dir/run-manifest-file.ts';
import { abortable } from './abortable.ts';
import { reportKept } from './report-kept.ts';
import { initialManifest, manifestOfStack } from './run-manifest-of.ts';
import { RunWatchdog } from './observe/run-watchdog.ts';
import { makeRunId } from '../run-dir/run-id.ts';
import { runRounds, type BuildAgents } from './load/run-rounds.ts';
import { startAgents } from './start-agents.ts';
import { FaultInjector } from './observe/fault-injector.ts';
import { SystemObserver } from './observe/system-observer.ts';
import { EventsLog } from '../run-dir/events-log.ts';
import { checkPageCrashFaults } from '../logic/plan/page-crash-check.ts';
import { agentEngines } from './agent-engines.ts';
import { agentRunEvent, pageCrashedEvent } from './agent-run-events.ts';

export interface RunOptions {
  scenario: Scenario;
  scenarioFile: string;
  headerValues: HeaderValueSource;
  /** Parent of the run directory. Default `reports/`. */
  reportsDir?: string;
  /** This run is shard `shard` of `count` of a split run: it places its part of the load. */
  shard?: ShardNumbering;
  signal?: AbortSignal;
  /** Stop placing calls once this many have failed (`--max-failures`); the run still verifies and reports. */
  maxFailures?: number;
  log?: (line: string) => void;
  /** Where live progress goes. Default stderr. */
  progressStream?: ProgressStream;
  /**
   * Called after the calls and before the CDR rows are read. The fault-planting tests use it to change
   * the database between the calls and the verification.
   */
  beforeVerify?: (stack: SystemUnderTest) => Promise<void>;
}

export interface RunOutcome {
  runDir: string;
  results: RunResults;
  exitCode: ExitCode;
}

/** How long Ctrl-C waits for the calls it hangs up to be written to calls.jsonl. */
const INTERRUPT_SETTLE_MS = 5000;

/** The label of the one build of a run without a browser matrix. */
const SINGLE_BUILD = 'default';

/** How long to wait for a CDR database that a fault stopped to answer again before the rows are read, in ms. */
const DB_BACK_TIMEOUT_MS = 60_000;

/** Most calls checked ahead of the run when the load profile does not say how many it places. */
const PREFLIGHT_LIMIT = 200_000;

async function readCdrRows(stack: SystemUnderTest, request: RunRowsRequest): Promise<CdrRow[]> {
  try {
    return await stack.readRunRows(request);
  } catch (cause) {
    throw new CallcheckError('CDR_READ_FAILED', `the CDR table could not be read after the calls: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
      hint: 'see cdr-database.log in the run directory; calls.jsonl keeps every call, and the run can be verified again later',
    });
  }
}

/**
 * Asks callcheck's own Asterisk what the stopped agents left, and warns of any channel or contact. A
 * leftover does not fail the run: a channel still up has written no CDR row, so its call is already
 * `missing`; a contact left only outlives the run by as long as Asterisk runs, which is seconds.
 */
async function checkLeftovers(stack: SystemUnderTest, log: (line: string) => void): Promise<Leftovers | undefined> {
  if (!stack.leftovers) return undefined;
  try {
    const left = await stack.leftovers();
    if (!noLeftovers(left)) log(`warning: ${leftoversText(left)}`);
    return left;
  } catch (error) {
    log(`warning: could not ask Asterisk what the run left: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

const packageVersion = async (): Promise<string> =>
  (JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** This shard's part of every load scenario; scenarios left with no agent are dropped. */
function shardLoad(load: LoadScenarios, shard: ShardNumbering | undefined): LoadScenarios {
  if (!shard || shard.count === 1) return load;
  const out: LoadScenarios = {};
  for (const [name, config] of Object.entries(load)) {
    const part = shardExecutor(config, shard.shard, shard.count);
    if (agentsNeeded(part) > 0) out[name] = part;
  }
  return out;
}

/**
 * How many calls to check before the run: all of them when the profile says, else as many as the agents
 * could place in the planned time if every call were over at once (bounded).
 */
function callsToPreflight(load: LoadScenarios, scenario: Scenario): number {
  let total = 0;
  for (const config of Object.values(load)) {
    const known = plannedIterations(config);
    const shortestCallMs = Math.max(100, scenario.pauseBetweenCallsMs);
    total += known ?? agentsNeeded(config) * Math.ceil(plannedDurationMs(config) / shortestCallMs);
  }
  return Math.min(total, PREFLIGHT_LIMIT);
}

/**
 * The conformance loop: plan the calls, start the stack and the agents, put the load profile on the PBX,
 * read the CDR table, verify, evaluate the thresholds, write the reports. Everything started here is
 * stopped here, whatever happens.
 */
export async function runConformance(options: RunOptions): Promise<RunOutcome> {
  const { scenario, signal, shard } = options;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const startedAt = new Date();
  const runId = makeRunId(startedAt);
  const numbering: ShardNumbering = shard ?? { shard: 1, count: 1 };
  const thresholds = parseThresholds(scenario.thresholds);
  const load = shardLoad(scenario.load, shard);
  // Every build of a browser matrix is found before anything starts; a run without one is a single build.
  const matrix = scenario.matrix ? resolveMatrix(scenario.matrix) : undefined;
  const buildLabels = matrix ? matrix.builds.map((b) => b.label) : [SINGLE_BUILD];
  const order = matrix ? matrixRounds(buildLabels, matrix.rounds) : [[SINGLE_BUILD]];
  // Every load scenario gets agents of its own on every build, as k6 gives each scenario its own VUs.
  const agentsOfBuild: Record<string, string[]>[] = [];
  let agentCount = 0;
  // callcheck's own agents are agentNNN; an external PBX's are the accounts its scenario gives, in order.
  const nameAgent = agentNamer(scenario);
  for (let b = 0; b < buildLabels.length; b++) {
    const agentsOf: Record<string, string[]> = {};
    for (const [name, config] of Object.entries(load)) {
      const needed = agentsNeeded(config);
      agentsOf[name] = Array.from({ length: needed }, (_, i) => nameAgent(shardIndex(agentCount + i, numbering)));
      agentCount += needed;
    }
    agentsOfBuild.push(agentsOf);
  }
  if (agentCount === 0) {
    throw new CallcheckError('INVALID_ARGUMENTS', `shard ${numbering.shard}/${numbering.count} has no agent: the load profile has fewer agents than shards`, { hint: 'use fewer shards, or more VUs' });
  }
  const allAgents = agentsOfBuild.flatMap((agentsOf) => Object.values(agentsOf).flat());
  // Header values are checked before anything starts: a bad value must not cost a stack start.
  preflight(scenario, runId, options.headerValues, allAgents, Math.min(PREFLIGHT_LIMIT, callsToPreflight(load, scenario) * order.flat().length), numbering);
  if (scenario.faults.some((f) => f.kind === 'page-crash')) {
    checkPageCrashFaults(scenario.faults, agentEngines(scenario, agentsOfBuild.map((agentsOf) => Object.values(agentsOf).flat()), matrix?.builds));
  }
  const runDir = resolve(options.reportsDir ?? 'reports', numbering.count > 1 ? `${runId}-shard-${numbering.shard}-of-${numbering.count}` : runId);
  await mkdir(runDir, { recursive: true });
  log(`run ${runId}${numbering.count > 1 ? ` (shard ${numbering.shard}/${numbering.count})` : ''}: ${Object.keys(load).length} load scenario(s), ${agentCount} agents${matrix ? ` over ${buildLabels.length} browser builds, ${matrix.rounds} round(s)` : ''}; writing to ${runDir}`);

  const manifest = await RunManifestFile.create(runDir, initialManifest({
    runId, startedAt, scenario, scenarioFile: options.scenarioFile, callcheckVersion: await packageVersion(), numbering, agents: allAgents, load,
    ...(matrix ? { matrix: { builds: buildLabels, baseline: matrix.baseline, rounds: order, seed: matrix.seed } } : {}),
  }));

  const agents = agentCredentials(scenario, allAgents);
  const callTimeoutMs = callLimitMs(scenario);
  await using resources = new AsyncDisposableStack();
  // Disposed very last: a run killed at any moment before leaves a watchdog that stops what it started.
  resources.use(await RunWatchdog.start({ runId, runDir, containers: scenario.pbx === undefined }));
  // Once everything is stopped: a run that did not finish reports what it kept (see reportKept).
  resources.defer(() => reportKept(manifest, signal, log));
  // Disposed last: removes any container of this run that a failure left behind, started or not. An
  // external PBX starts none, and the machine running against it need not have a container engine.
  if (scenario.pbx === undefined) {
    resources.defer(async () => {
      await reapRunContainers(runId).catch(() => undefined);
    });
  }
  const callsLog = resources.use(await CallsLog.open(runDir));
  // Not raced with the signal: Stack.start checks it itself and stops what it started before throwing.
  const stack = resources.use(await startSystemUnderTest({ runId, scenario, agents, runDir, signal, log }));
  if (signal?.aborted) throw new InterruptedError();
  await manifest.update(manifestOfStack(manifest.manifest, stack, scenario));
  // Watched from here on, planted faults or not; the faults act on callcheck's own stack only.
  const events = resources.use(await EventsLog.open(runDir));
  const observer = resources.use(new SystemObserver(stack, scenario.key.column, events.append, () => events.events));
  const builds: BuildAgents[] = [];
  // A page-crash fault finds the agent's pool when it fires: the pools start after the injector.
  const crashPage = (agent: string) => {
    const build = builds.find((b) => Object.values(b.agentsOf).some((agents) => agents.includes(agent)));
    if (!build) throw new Error(`agent ${agent} has no page in this run`);
    return build.pool.crashPage(agent);
  };
  const injector = resources.use(new FaultInjector({ faults: scenario.faults, controls: stack.faults, crashPage, sink: events.append, log }));
  // The agents' page server, browsers and pages: stopped as soon as the calls are over, so that what they
  // left in Asterisk (a channel, a registration) can be asked before Asterisk stops.
  const agentResources = resources.use(new AsyncDisposableStack());
  const browsers: BrowserInfo[] = [];
  for (const [b, label] of buildLabels.entries()) {
    const agentsOf = agentsOfBuild[b] ?? {};
    const own = new Set(Object.values(agentsOf).flat());
    const started = await startAgents({
      scenario,
      agents: agents.filter((a) => own.has(a.username)),
      wsUrl: stack.wsUrl,
      sipDomain: stack.sipDomain,
      ...(stack.registerHint === undefined ? {} : { registerHint: stack.registerHint }),
      callTimeoutMs,
      resources: agentResources,
      log,
      onAgentEvent: (event) => {
        const observed = agentRunEvent(event);
        if (observed) events.append(observed);
      },
      onPageCrash: (crashed) => events.append(pageCrashedEvent(crashed)),
      ...(matrix ? { build: matrix.builds[b] } : {}),
      ...(numbering.count > 1 ? { idPrefix: `shard${numbering.shard}-` } : {}),
    });
    builds.push({ label, pool: started.pool, agentsOf });
    browsers.push(...started.browsers);
    if (signal?.aborted) throw new InterruptedError();
  }

  await manifest.update({ browsers });
  const planner = new CallPlanner(scenario, runId, options.headerValues, numbering);
  const turns = order.flat().length;
  const totals = Object.values(load).map((c) => {
    const perTurn = plannedIterations(c);
    return perTurn === undefined ? undefined : perTurn * turns;
  });
  const loadStart = Date.now();
  await manifest.update({ loadStartedAt: loadStart });
  const plannedEnd = loadStart + turns * Math.max(...Object.values(load).map((c) => c.startTimeMs + plannedDurationMs(c)));
  const progress = resources.use(
    new ProgressDisplay({
      stream: options.progressStream ?? process.stderr,
      plan: () => (totals.every((t) => t !== undefined) ? { totalCalls: totals.reduce((a, b) => a + b, 0) } : { endsAt: plannedEnd }),
    }),
  );
  log(`placing calls`);
  injector.start();
  const loading = runRounds({
    builds,
    order,
    ...(matrix ? { onTurn: (round: number, label: string) => progress.log(`round ${round + 1}/${order.length}: ${label}`) } : {}),
    load,
    planner,
    callsLog,
    talkTimeMs: scenario.talkTimeMs,
    pauseBetweenCallsMs: scenario.pauseBetweenCallsMs,
    cancelAfterMs: scenario.cancelAfterMs,
    timeoutBeyondTalkMs: callTimeoutMs - scenario.talkTimeMs,
    thresholds,
    ...(options.maxFailures === undefined ? {} : { maxFailures: options.maxFailures }),
    progress,
    ...(signal ? { signal } : {}),
  });
  const loadResult = await abortable(loading, signal).catch(async (error: unknown) => {
    // Ctrl-C: the calls in flight are being hung up (placeCall listens to the signal). Their records are
    // written to calls.jsonl before it closes, unless they take longer than the bound.
    if (signal?.aborted) await Promise.race([loading.catch(() => undefined), new Promise((r) => setTimeout(r, INTERRUPT_SETTLE_MS).unref())]);
    throw error;
  });
  progress[Symbol.dispose]();
  if (signal?.aborted) throw new InterruptedError();
  const { calls } = loadResult;
  await injector.finish();
  if (!(await observer.cdrDb.waitUp(DB_BACK_TIMEOUT_MS))) log(`the CDR database has not answered for ${DB_BACK_TIMEOUT_MS} ms after the calls; reading the rows anyway`);
  await agentResources.disposeAsync();
  const cleanup = await checkLeftovers(stack, log);

  await options.beforeVerify?.(stack);
  const policy = { recordUnanswered: scenario.cdr.recordUnanswered, recordCongestion: scenario.cdr.recordCongestion };
  const settings: VerificationSettings = { mappings: scenario.mappings, key: scenario.key, policy, ...stack.rowExpectations };
  const expectedRows = calls.filter((c) => expectCdr(c, scenario.cdr).recorded).length;
  const keys = calls.map((c) => c.headers[scenario.key.header] ?? '');
  const rows = await abortable(readCdrRows(stack, { expected: expectedRows, timeoutMs: scenario.cdr.settleTimeoutMs, keys, loadStartedAt: loadStart }), signal);
  const { host, port, database } = stack.cdr.connection;
  await writeCdrRows(runDir, { source: `${host}:${port}/${database}.${stack.cdr.table}`, readAt: new Date().toISOString(), rows });
  await observer.stop();
  const observed = observer.observations(calls, scenario.key.header);
  const verification = verifyCdr({ calls, rows, ...settings, outages: observed.observations.outages });

  const finishedAt = new Date();
  const built = buildResults({
    run: {
      id: runId,
      scenario: scenario.name,
      scenarioFile: options.scenarioFile,
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      durationMs: finishedAt.getTime() - startedAt.getTime(),
      callcheckVersion: await packageVersion(),
      nodeVersion: process.version,
      host: hostname(),
      ...(numbering.count > 1 ? { shard: { index: numbering.shard, count: numbering.count } } : {}),
    },
    stack: {
      ...stack.info,
      cdrTable: scenario.cdr.table,
      headerMap: Object.fromEntries(scenario.mappings.map((m) => [m.header, m.column])),
      keyHeader: scenario.key.header,
    },
    browsers,
    calls,
    cdrRowDelays: observed.delays,
    settings,
    verification,
    observations: { ...observed.observations, outages: verification.outages },
    load: {
      scenarios: loadResult.scenarios,
      durationMs: Math.round(loadResult.durationMs),
      pages: builds.reduce((sum, b) => sum + b.pool.pageCount, 0),
      recycledPages: builds.reduce((sum, b) => sum + b.pool.recycledPages, 0),
    },
  });
  const withMatrix = matrix
    ? { ...built, matrix: matrixSummary({ builds: buildLabels, baseline: matrix.baseline, order, calls, browsers, runId, seed: matrix.seed }) }
    : built;
  const evaluated = withThresholds(
    Object.keys(scenario.thresholds).length > 0 ? { ...withMatrix, thresholdDefinitions: scenario.thresholds } : withMatrix,
    thresholds,
    loadResult.durationMs / 1000,
    loadResult.abortedBy !== undefined,
  );
  const stoppedEarly: StoppedEarly | undefined = loadResult.maxFailuresReached
    ? { reason: 'max-failures', afterCalls: calls.length, maxFailures: loadResult.maxFailuresReached.failed }
    : loadResult.abortedBy
      ? { reason: 'abort-on-fail', afterCalls: calls.length }
      : undefined;
  const results = { ...evaluated, ...(cleanup ? { cleanup } : {}), ...(stoppedEarly ? { summary: { ...evaluated.summary, stoppedEarly } } : {}) };
  signal?.throwIfAborted();
  await manifest.update({ ended: { at: finishedAt.toISOString(), how: 'finished' }, ...(results.load ? { loadSummary: results.load } : {}) });
  await writeAllReports(results, runDir);
  return { runDir, results, exitCode: exitCodeOf(results) };
}
