import { mkdir, readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { AgentPageServer } from '../browser/agent-page-server.ts';
import { AgentPool } from '../browser/agent-pool.ts';
import { resolveBrowserExecutable } from '../browser/browser-executable.ts';
import { LaunchedBrowser } from '../browser/launched-browser.ts';
import { bundleAgentPage } from '../browser/page-bundle.ts';
import type { CallRecord } from '../contracts/call-record.ts';
import { ExitCode } from '../contracts/exit-codes.ts';
import { CallcheckError, InterruptedError } from '../contracts/errors.ts';
import type { RunResults } from '../contracts/results.ts';
import type { Scenario } from '../contracts/scenario.ts';
import { planCalls, type HeaderValueSource } from '../logic/call-plan.ts';
import { expectCdr } from '../logic/cdr-expectation.ts';
import { makeCredentials } from '../logic/credentials.ts';
import { AGENT_CONTEXT } from '../logic/dialplan.ts';
import { buildResults } from '../logic/build-results.ts';
import { verifyCdr } from '../logic/verify-cdr.ts';
import { CallsLog } from '../report/calls-log.ts';
import { writeAllReports } from '../report/reporter.ts';
import { reapRunContainers } from '../stack/run-reaper.ts';
import { Stack } from '../stack/stack.ts';
import { abortable } from './abortable.ts';
import { placeCalls } from './place-calls.ts';
import { makeRunId } from './run-id.ts';

export interface RunOptions {
  scenario: Scenario;
  scenarioFile: string;
  headerValues: HeaderValueSource;
  /** Parent of the run directory. Default `reports/`. */
  reportsDir?: string;
  signal?: AbortSignal;
  log?: (line: string) => void;
  /**
   * Called after the calls and before the CDR rows are read. The fault-planting tests use it to change
   * the database between the calls and the verification.
   */
  beforeVerify?: (stack: Stack) => Promise<void>;
}

export interface RunOutcome {
  runDir: string;
  results: RunResults;
  exitCode: ExitCode;
}

/**
 * Upper bound on ICE gathering before the INVITE goes. Gathering normally ends far earlier, as soon as the
 * loopback candidate is there (see PageAgent); this only bounds a browser that never offers one.
 */
const ICE_GATHERING_TIMEOUT_MS = 500;

async function readCdrRows(stack: Stack, expected: number, timeoutMs: number) {
  try {
    return await stack.cdr.waitForRows(expected, timeoutMs);
  } catch (cause) {
    throw new CallcheckError('CDR_READ_FAILED', `the CDR table could not be read after the calls: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
      hint: 'see cdr-database.log in the run directory; calls.jsonl keeps every call, and the run can be verified again later',
    });
  }
}

const packageVersion = async (): Promise<string> =>
  (JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/**
 * The conformance loop: plan the calls, start the stack and the agents, place every call, read the CDR
 * table, verify, write the reports. Everything started here is stopped here, whatever happens.
 */
export async function runConformance(options: RunOptions): Promise<RunOutcome> {
  const { scenario, signal } = options;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const startedAt = new Date();
  const runId = makeRunId(startedAt);
  // Header values are checked before anything starts: a bad value must not cost a stack start.
  const planned = planCalls(scenario, runId, options.headerValues);
  const executablePath = resolveBrowserExecutable(scenario.browser.executablePath);
  const runDir = resolve(options.reportsDir ?? 'reports', runId);
  await mkdir(runDir, { recursive: true });
  log(`run ${runId}: ${planned.length} calls from ${scenario.agents} agents; writing to ${runDir}`);

  const agents = makeCredentials(scenario.agents);
  const script = await bundleAgentPage();
  const callTimeoutMs = scenario.ringTimeMs + scenario.talkTimeMs + scenario.timeouts.callSlackMs;
  await using resources = new AsyncDisposableStack();
  // Disposed last: removes any container of this run that a failure left behind, started or not.
  resources.defer(async () => {
    await reapRunContainers(runId).catch(() => undefined);
  });
  const callsLog = resources.use(await CallsLog.open(runDir));
  // Not raced with the signal: Stack.start checks it itself and stops what it started before throwing.
  const stack = resources.use(await Stack.start({ runId, scenario, agents, runDir, signal, log }));
  if (signal?.aborted) throw new InterruptedError();
  const server = resources.use(await AgentPageServer.start(script));
  const browser = resources.use(
    await LaunchedBrowser.launch({
      id: 'browser-1',
      executablePath,
      headless: scenario.browser.headless,
      extraArgs: scenario.browser.args,
      timeoutMs: scenario.timeouts.browserStartMs,
      // Every call and every page's registration is one page.evaluate; each must be allowed to take its time.
      protocolTimeoutMs: Math.max(callTimeoutMs, scenario.timeouts.registerMs, scenario.timeouts.browserStartMs) + 30_000,
    }),
  );
  log(`browser ${browser.info.name} ${browser.info.version} (${executablePath})`);
  const pool = resources.use(
    await AgentPool.start({
      browser,
      pageUrl: server.url,
      agents: agents.map((a) => ({ ...a, wsUrl: stack.wsUrl, domain: '127.0.0.1', iceGatheringTimeoutMs: ICE_GATHERING_TIMEOUT_MS })),
      agentsPerPage: scenario.agentsPerPage,
      registerTimeoutMs: scenario.timeouts.registerMs,
      pageTimeoutMs: scenario.timeouts.browserStartMs,
      log,
    }),
  );
  if (signal?.aborted) throw new InterruptedError();
  log(`${agents.length} agents registered; placing calls`);

  let ended = 0;
  const placing = placeCalls({
    pool,
    calls: planned,
    talkTimeMs: scenario.talkTimeMs,
    pauseBetweenCallsMs: scenario.pauseBetweenCallsMs,
    callTimeoutMs,
    signal,
    onCallEnded: async (call: CallRecord) => {
      await callsLog.append(call);
      ended++;
      if (call.outcome === 'failed' || ended % 10 === 0 || ended === planned.length) {
        log(`  ${ended}/${planned.length} calls ended${call.outcome === 'failed' ? ` (${call.id} failed: ${call.error ?? call.sipStatus})` : ''}`);
      }
    },
  });
  // On interruption the run stops waiting at once; calls still ending are logged until the pages close.
  placing.catch(() => undefined);
  const calls = await abortable(placing, signal);
  if (signal?.aborted) throw new InterruptedError();

  await options.beforeVerify?.(stack);
  const expectedRows = calls.filter((c) => expectCdr(c, scenario.cdr).recorded).length;
  const rows = await abortable(readCdrRows(stack, expectedRows, scenario.cdr.settleTimeoutMs), signal);
  const verification = verifyCdr({ calls, rows, mappings: scenario.mappings, key: scenario.key, policy: scenario.cdr, context: AGENT_CONTEXT });

  const finishedAt = new Date();
  const results = buildResults({
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
    },
    stack: {
      asteriskVersion: stack.asteriskVersion,
      cdrImage: stack.cdrImage,
      ...(stack.cdrImageFallbackFrom ? { cdrImageFallbackFrom: stack.cdrImageFallbackFrom } : {}),
      cdrServerVersion: stack.cdrServerVersion,
      cdrTable: scenario.cdr.table,
      headerMap: Object.fromEntries(scenario.mappings.map((m) => [m.header, m.column])),
      keyHeader: scenario.key.header,
    },
    browsers: [browser.info],
    calls,
    verification,
  });
  signal?.throwIfAborted();
  await writeAllReports(results, runDir);
  return { runDir, results, exitCode: results.summary.conforms ? ExitCode.Ok : ExitCode.ConformanceFailure };
}
