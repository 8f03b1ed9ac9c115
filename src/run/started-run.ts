import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ResolvedMatrix } from '../browser/resolve-matrix.ts';
import { InterruptedError } from '../contracts/errors.ts';
import { callcheckVersion } from '../host/package-info.ts';
import { callLimitMs } from '../logic/plan/call-plan.ts';
import type { BrowserInfo } from '../contracts/results.ts';
import type { RunPlan } from '../logic/plan/run-plan.ts';
import { CallsLog } from '../run-dir/calls-log.ts';
import { EventsLog } from '../run-dir/events-log.ts';
import { readRunDirectory } from '../run-dir/read-run.ts';
import { RunManifestFile } from '../run-dir/run-manifest-file.ts';
import { RUN_FILES } from '../run-dir/run-directory.ts';
import { agentCredentials } from '../stack/agent-credentials.ts';
import { reapRunContainers } from '../stack/run-reaper.ts';
import { startSystemUnderTest } from '../stack/start-system-under-test.ts';
import type { SystemUnderTest } from '../stack/system-under-test.ts';
import { agentRunEvent, pageCrashedEvent } from './agent-run-events.ts';
import type { BuildAgents } from './load/run-rounds.ts';
import { FaultInjector } from './observe/fault-injector.ts';
import { RunWatchdog } from './observe/run-watchdog.ts';
import { SystemObserver } from './observe/system-observer.ts';
import { reportRunDirectory } from './report-run-directory.ts';
import { initialManifest, manifestOfStack } from './run-manifest-of.ts';
import type { RunOptions } from './run-options.ts';
import { startAgents } from './start-agents.ts';

interface Started {
  runDir: string;
  manifest: RunManifestFile;
  callsLog: CallsLog;
  stack: SystemUnderTest;
  events: EventsLog;
  observer: SystemObserver;
  injector: FaultInjector;
  builds: BuildAgents[];
  agentResources: AsyncDisposableStack;
}

/**
 * A run with everything it needs up: its directory and run.json, the watchdog, the system under test
 * (callcheck's containers or your own PBX), the observer that watches it, the fault injector, and every
 * build's browsers with all agents registered. One disposable: disposing it stops all of that in reverse
 * order, whatever happened, and a run that did not finish then reports the calls it kept.
 */
export class StartedRun implements AsyncDisposable {
  readonly runDir: string;
  readonly manifest: RunManifestFile;
  readonly callsLog: CallsLog;
  readonly stack: SystemUnderTest;
  readonly events: EventsLog;
  readonly observer: SystemObserver;
  readonly injector: FaultInjector;
  /** Every build's agent pool and each load scenario's agents in it. */
  readonly builds: readonly BuildAgents[];
  private readonly agentResources: AsyncDisposableStack;
  private readonly resources: AsyncDisposableStack;

  private constructor(started: Started, resources: AsyncDisposableStack) {
    this.runDir = started.runDir;
    this.manifest = started.manifest;
    this.callsLog = started.callsLog;
    this.stack = started.stack;
    this.events = started.events;
    this.observer = started.observer;
    this.injector = started.injector;
    this.builds = started.builds;
    this.agentResources = started.agentResources;
    this.resources = resources;
  }

  /**
   * Starts the run the plan describes. What it started before a failure (or Ctrl-C) is stopped again
   * before the error leaves; a page-crash fault finds the agent's pool when it fires.
   */
  static async start(plan: RunPlan, options: RunOptions, matrix: ResolvedMatrix | undefined, startedAt: Date, log: (line: string) => void): Promise<StartedRun> {
    const { scenario, signal } = options;
    const runDir = resolve(options.reportsDir ?? 'reports', plan.dirName);
    await mkdir(runDir, { recursive: true });
    const { numbering } = plan;
    log(`run ${plan.runId}${numbering.count > 1 ? ` (shard ${numbering.shard}/${numbering.count})` : ''}: ${Object.keys(plan.load).length} load scenario(s), ${plan.agents.length} agents${matrix ? ` over ${plan.buildLabels.length} browser builds, ${matrix.rounds} round(s)` : ''}; writing to ${runDir}`);
    const manifest = await RunManifestFile.create(runDir, initialManifest({
      runId: plan.runId, startedAt, scenario, scenarioFile: options.scenarioFile, callcheckVersion: callcheckVersion(), numbering, agents: plan.agents, load: plan.load,
      ...(matrix ? { matrix: { builds: plan.buildLabels, baseline: matrix.baseline, rounds: plan.order, seed: matrix.seed } } : {}),
    }));

    await using resources = new AsyncDisposableStack();
    // Disposed very last: a run killed at any moment before leaves a watchdog that stops what it started.
    resources.use(await RunWatchdog.start({ runId: plan.runId, runDir, containers: scenario.pbx === undefined }));
    // Once everything is stopped: a run that did not finish reports what it kept.
    resources.defer(() => reportWhatWasKept(manifest, signal, log));
    // Removes any container of this run that a failure left behind, started or not. An external PBX starts
    // none, and the machine running against it need not have a container engine.
    if (scenario.pbx === undefined) {
      resources.defer(async () => {
        await reapRunContainers(plan.runId).catch(() => undefined);
      });
    }
    const callsLog = resources.use(await CallsLog.open(runDir));
    const agents = agentCredentials(scenario, plan.agents);
    // Not raced with the signal: the stack checks it itself and stops what it started before throwing.
    const stack = resources.use(await startSystemUnderTest({ runId: plan.runId, scenario, agents, runDir, signal, log }));
    if (signal?.aborted) throw new InterruptedError();
    await manifest.update(manifestOfStack(manifest.manifest, stack, scenario));
    // Watched from here on, planted faults or not; the faults act on callcheck's own stack only.
    const events = resources.use(await EventsLog.open(runDir));
    const observer = resources.use(new SystemObserver(stack, scenario.key.column, events.append));
    const builds: BuildAgents[] = [];
    const crashPage = (agent: string) => {
      const build = builds.find((b) => Object.values(b.agentsOf).some((of) => of.includes(agent)));
      if (!build) throw new Error(`agent ${agent} has no page in this run`);
      return build.pool.crashPage(agent);
    };
    const injector = resources.use(new FaultInjector({ faults: scenario.faults, controls: stack.faults, crashPage, sink: events.append, log }));
    // The agents' page server, browsers and pages: stopped as soon as the calls are over, so that what they
    // left in Asterisk (a channel, a registration) can be asked before Asterisk stops.
    const agentResources = resources.use(new AsyncDisposableStack());
    const browsers: BrowserInfo[] = [];
    for (const [b, label] of plan.buildLabels.entries()) {
      const agentsOf = plan.agentsOfBuild[b] ?? {};
      const own = new Set(Object.values(agentsOf).flat());
      const started = await startAgents({
        scenario,
        agents: agents.filter((a) => own.has(a.username)),
        wsUrl: stack.wsUrl,
        sipDomain: stack.sipDomain,
        ...(stack.registerHint === undefined ? {} : { registerHint: stack.registerHint }),
        callTimeoutMs: callLimitMs(scenario),
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
    return new StartedRun({ runDir, manifest, callsLog, stack, events, observer, injector, builds, agentResources }, resources.move());
  }

  /** Stops the agents' browsers, pages and page server: the calls are over. */
  async stopAgents(): Promise<void> {
    await this.agentResources.disposeAsync();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.resources.disposeAsync();
  }
}

/**
 * The last step of a run that did not finish, once everything it started is stopped: records how it ended
 * in run.json and, when it was interrupted or had ended calls, writes the reports of the calls that ended
 * (their CDR not verified unless the rows were read), so a stopped run never leaves its directory without
 * a report. A run that finished wrote its reports itself.
 */
async function reportWhatWasKept(manifest: RunManifestFile, signal: AbortSignal | undefined, log: (line: string) => void): Promise<void> {
  if (manifest.manifest.ended !== undefined) return;
  const interrupted = signal?.aborted === true;
  await manifest.update({ ended: { at: new Date().toISOString(), how: interrupted ? 'interrupted' : 'failed' } });
  const dir = resolve(manifest.path, '..');
  try {
    // A run that failed before any call ended has nothing to report; an interrupted one says so anyway.
    if (!interrupted && (await readRunDirectory(dir)).calls.length === 0) return;
    const outcome = await reportRunDirectory(dir, { log });
    log(`report of the ${outcome.results.calls.length} call(s) that ended: ${join(outcome.runDir, RUN_FILES.html)}`);
  } catch (error) {
    // The run's own failure is what the user must see; calls.jsonl keeps the calls for callcheck report.
    log(`the report of the calls that ended could not be written (${error instanceof Error ? error.message : String(error)}); run callcheck report ${dir} later`);
  }
}
