import { mkdir } from 'node:fs/promises';
import { cpus, hostname, release, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { LaunchedBrowser } from '../browser/launched-browser.ts';
import type { CallRecord } from '../contracts/call-record.ts';
import { InterruptedError } from '../contracts/errors.ts';
import type { ExecutorConfig } from '../contracts/executor-config.ts';
import { isConforming } from '../contracts/verdict.ts';
import { callFailed } from '../logic/plan/customer-outcomes.ts';
import { CallPlanner } from '../logic/plan/call-plan.ts';
import { expectCdr } from '../logic/verify/cdr-expectation.ts';
import { makeCredentials } from '../stack/agent-credentials.ts';
import { AGENT_CONTEXT } from '../logic/asterisk/dialplan.ts';
import { phaseStats } from '../logic/results/phases.ts';
import { verifyCdr } from '../logic/verify/verify-cdr.ts';
import { CallsLog } from '../run-dir/calls-log.ts';
import { ProgressDisplay } from '../report/text/progress.ts';
import { validateScenario } from '../run/load-scenario.ts';
import { makeRunId } from '../run-dir/run-directory.ts';
import { runLoad } from '../run/load/run-load.ts';
import { startAgents } from '../run/start-agents.ts';
import { configureTestcontainers } from '../stack/container-runtime.ts';
import { reapRunContainers } from '../stack/run-reaper.ts';
import { Stack } from '../stack/stack.ts';
import { agentsFor, rateStepAgents, type BenchPlan } from './bench-plan.ts';
import { BENCH_SCHEMA_VERSION, type BenchResults, type BenchStep, type LatencyProfile } from './bench-results.ts';
import { checkTargets } from './bench-targets.ts';
import { sipMessagesFromPcap } from './capture/captured-sip-messages.ts';
import { inviteTo200FromCapture } from './capture/invite-to-200.ts';
import { achievedCps, peakConcurrent } from './call-overlap.ts';
import { compareWithCapture } from './capture-accuracy.ts';
import { describeVerdict } from './describe-verdict.ts';
import { PacketCapture } from './packet-capture.ts';
import { sampleTree, usageBetween } from './process-usage.ts';
import { findSippCeiling } from './sipp-ceiling.ts';
import { agentsForStep, longestTalkMs } from './step-plan.ts';
import { cdrServerName } from '../contracts/cdr-engine.ts';

export interface BenchOptions {
  plan: BenchPlan;
  /** Where the stack's logs and every step's calls.jsonl are kept. */
  workDir: string;
  signal?: AbortSignal;
  log: (line: string) => void;
}

/** Asterisk's RTP window for the benchmark: two ports per call, with room for SIPp's held calls. */
const BENCH_RTP_PORTS = 10_000;
/** SIPp steps whose INVITE-to-200 p95 exceeds this do not count: the PBX answers, but too late to call it sustained. */
const SIPP_MAX_INVITE_TO_200_P95_MS = 200;

interface StepRun {
  calls: CallRecord[];
  step: BenchStep;
}

function latencyOf(calls: readonly CallRecord[], concurrency: number): LatencyProfile {
  const phases: LatencyProfile['phases'] = {};
  for (const p of phaseStats(calls)) phases[p.name] = { count: p.count, ...(p.p50Ms === undefined ? {} : { p50Ms: p.p50Ms, p95Ms: p.p95Ms }) };
  return { concurrency, calls: calls.length, phases };
}

/**
 * `npm run bench`: one stack and one browser for the whole benchmark, every agent registered before the
 * first dial. It measures single-call latency against a packet capture, the most calls held up at once
 * and the highest call rate sustained (each step verified: every CDR matched, every call's audio heard),
 * latency at half the concurrency ceiling, memory per agent and CPU per call, then SIPp's ceiling on the
 * same Asterisk. Between steps the CDR table is emptied, so each step is verified on its own rows.
 */
export async function runBench(options: BenchOptions): Promise<BenchResults> {
  const { plan, signal, log } = options;
  configureTestcontainers();
  const startedAt = new Date();
  const runId = `bench-${makeRunId(startedAt)}`;
  const workDir = resolve(options.workDir, runId);
  await mkdir(workDir, { recursive: true });
  const agentCount = agentsFor(plan);
  const scenario = validateScenario(
    {
      name: 'bench',
      headers: { 'X-CRM-Id': 'crm_id' },
      agents: agentCount,
      callsPerAgent: 1,
      agentsPerPage: plan.agentsPerPage,
      ringTimeMs: 0,
      // Asterisk hangs up any call longer than ring + talk + slack (a safety net): the longest step's talk time.
      talkTimeMs: longestTalkMs(plan),
      timeouts: { registerMs: 60_000, browserStartMs: 60_000 },
    },
    'the benchmark',
  );
  const agents = makeCredentials(agentCount);
  log(`benchmark (${plan.mode}) ${runId}: ${agentCount} agents, ${plan.agentsPerPage} per page; logs in ${workDir}`);

  await using resources = new AsyncDisposableStack();
  resources.defer(async () => {
    await reapRunContainers(runId).catch(() => undefined);
  });
  const stack = resources.use(await Stack.start({ runId, scenario, agents, runDir: workDir, signal, log, rtpPortCount: BENCH_RTP_PORTS }));
  if (signal?.aborted) throw new InterruptedError();
  let memoryBefore = Number.NaN;
  let browserPid: number | undefined;
  const pssMB = async (pid: number) => ((await sampleTree(pid, { pss: true })).pssKb ?? Number.NaN) / 1024;
  const { pool, browsers } = await startAgents({
    scenario,
    agents,
    wsUrl: stack.wsUrl,
    callTimeoutMs: scenario.talkTimeMs + scenario.timeouts.callSlackMs,
    resources,
    log,
    beforeAgents: async ([browser]) => {
      browserPid = browser instanceof LaunchedBrowser ? browser.browser.process()?.pid : undefined;
      if (browserPid === undefined) throw new Error('the benchmark needs a browser it launched itself, to read its memory');
      memoryBefore = await pssMB(browserPid);
    },
  });
  if (browserPid === undefined) throw new Error('unreachable: beforeAgents ran');
  // Let the pages settle (garbage collection, lazy allocations) before reading their memory.
  await new Promise((r) => setTimeout(r, 3000));
  const memoryAfter = await pssMB(browserPid);
  const agentMemoryMB = Math.round(((memoryAfter - memoryBefore) / agentCount) * 100) / 100;
  log(`browser memory: ${memoryBefore.toFixed(0)} MB before the agents, ${memoryAfter.toFixed(0)} MB with ${agentCount} registered: ${agentMemoryMB} MB per agent`);
  const names = agents.map((a) => a.username);

  let stepNo = 0;
  const runStep = async (
    label: string,
    asked: number,
    config: ExecutorConfig,
    agentsUsed: number,
    talkTimeMs: number,
    pauseMs = 0,
    probe?: { config: ExecutorConfig; talkTimeMs: number },
  ): Promise<StepRun> => {
    if (signal?.aborted) throw new InterruptedError();
    const name = `step${++stepNo}`;
    const dir = join(workDir, `${name}-${label}`);
    await mkdir(dir, { recursive: true });
    await using callsLog = await CallsLog.open(dir);
    using progress = new ProgressDisplay({ stream: process.stderr, intervalMs: 5000 });
    const cpuBefore = await sampleTree(process.pid);
    const stepAgents = agentsForStep(names, stepNo, agentsUsed + (probe ? 1 : 0), plan.agentsPerPage);
    const load = await runLoad({
      pool,
      load: { [name]: config, ...(probe ? { probe: probe.config } : {}) },
      agentsOf: { [name]: stepAgents.slice(0, agentsUsed), ...(probe ? { probe: stepAgents.slice(agentsUsed) } : {}) },
      ...(probe ? { talkTimeMsOf: { probe: probe.talkTimeMs } } : {}),
      planner: new CallPlanner(scenario, `${runId}-${name}`, { kind: 'generated' }),
      callsLog,
      talkTimeMs,
      pauseBetweenCallsMs: pauseMs,
      timeoutBeyondTalkMs: 15_000,
      thresholds: [],
      progress,
      ...(signal ? { signal } : {}),
    });
    const cpu = usageBetween(cpuBefore, await sampleTree(process.pid));
    if (signal?.aborted) throw new InterruptedError();
    const { calls } = load;
    const expected = calls.filter((c) => expectCdr(c, scenario.cdr).recorded).length;
    const rows = await stack.cdr.waitForRows(expected, 20_000);
    const verification = verifyCdr({ calls, rows, mappings: scenario.mappings, key: scenario.key, policy: scenario.cdr, context: AGENT_CONTEXT });
    await stack.cdr.withConnection((conn) => conn.query(`TRUNCATE TABLE \`${scenario.cdr.table}\``));
    const cdrMatched = calls.filter((c) => {
      const verdict = verification.verdicts.get(c.id);
      return verdict !== undefined && isConforming(verdict) && verdict.kind === 'matched';
    }).length;
    const audioProven = calls.filter((c) => c.audio?.heard === true).length;
    const answered = calls.filter((c) => c.outcome === 'answered').length;
    const dropped = load.scenarios[0]?.dropped ?? 0;
    const failed = calls.filter(callFailed);
    const reasons = [
      dropped > 0 ? `${dropped} calls dropped (no free agent)` : '',
      failed.length > 0 ? `${failed.length} calls failed (first: ${failed[0]?.error ?? failed[0]?.outcome})` : '',
      cdrMatched < calls.length ? `${calls.length - cdrMatched} CDRs not matched (first: ${describeVerdict(calls.map((c) => verification.verdicts.get(c.id)).find((v) => v?.kind !== 'matched'))})` : '',
      verification.unknownRows.length > 0 ? `${verification.unknownRows.length} unknown CDR rows` : '',
      audioProven < calls.length ? `${calls.length - audioProven} calls without their audio back` : '',
    ].filter(Boolean);
    // Average calls up over the step: CPU per call is the step's CPU over that.
    const upMs = calls.reduce((sum, c) => sum + Math.max(0, (c.timeline.byeSent ?? c.timeline.ended ?? 0) - (c.timeline.answered ?? Infinity)), 0);
    const step: BenchStep = {
      asked,
      placed: calls.length,
      answered,
      cdrMatched,
      audioProven,
      peakConcurrent: peakConcurrent(calls),
      achievedCps: Math.round(achievedCps(calls) * 100) / 100,
      passed: reasons.length === 0,
      ...(reasons.length > 0 ? { reason: reasons.join('; ') } : {}),
      harnessCpuPct: Math.round(cpu.cpuPct * 10) / 10,
    };
    const avgUp = cpu.wallMs > 0 ? upMs / cpu.wallMs : 0;
    log(
      `${label} ${asked}: ${step.passed ? 'passed' : `FAILED (${step.reason})`}; ${calls.length} placed, peak ${step.peakConcurrent} up at once, ` +
        `${step.achievedCps} calls/s, harness CPU ${step.harnessCpuPct}% of a core (${avgUp > 0 ? (cpu.cpuPct / avgUp).toFixed(2) : '-'}% per call up)`,
    );
    return { calls, step: Object.assign(step, { cpuPerCallUpPct: avgUp > 0 ? cpu.cpuPct / avgUp : Number.NaN }) };
  };

  // 1. One call at a time, ring time 0, with the WebSocket traffic captured on loopback.
  const wsPort = Number(new URL(stack.wsUrl).port);
  await using capture = await PacketCapture.start({ port: wsPort, dir: workDir, signal });
  const single = await runStep(
    'single',
    1,
    { executor: 'per-vu-iterations', vus: 1, iterations: plan.singleCalls, maxDurationMs: 600_000, startTimeMs: 0, gracefulStopMs: 30_000 },
    1,
    800,
    200,
  );
  const captured = await capture.stop();
  const wire = inviteTo200FromCapture(sipMessagesFromPcap(captured.pcap, { serverPort: wsPort }).messages);
  const accuracy = compareWithCapture(single.calls, wire);
  log(`capture: ${accuracy.matched} of ${single.calls.length} calls found on the wire; INVITE → 200 OK differs by at most ${accuracy.maxAbsErrorMs} ms`);

  // 2. Calls held up together, step by step, until a step fails.
  const concurrencySteps: StepRun[] = [];
  for (const held of plan.concurrencySteps) {
    const rampMs = Math.ceil((held / plan.rampCps) * 1000);
    const run = await runStep(
      'held',
      held,
      // gracefulStop outlasts the hold: the calls are meant to stay up after the last one is started.
      { executor: 'constant-arrival-rate', rate: plan.rampCps, timeUnitMs: 1000, durationMs: rampMs, preAllocatedVUs: held, maxVUs: held, startTimeMs: 0, gracefulStopMs: rampMs + plan.holdSeconds * 1000 + 10_000 },
      held,
      rampMs + plan.holdSeconds * 1000,
    );
    concurrencySteps.push(run);
    if (!run.step.passed || run.step.peakConcurrent < held) break;
  }
  const passedHeld = concurrencySteps.filter((s) => s.step.passed && s.step.peakConcurrent >= s.step.asked);
  const best = passedHeld.at(-1);
  const maxHeld = best?.step.asked ?? 0;

  // 3. Latency under load: with half the concurrency ceiling held up, one agent places calls one after
  // another, as at 1 call; only those probe calls are measured, not the ones building up the load.
  const half = Math.max(1, Math.floor(maxHeld / 2));
  const halfRampMs = Math.ceil((half / plan.rampCps) * 1000);
  const probeStartMs = halfRampMs + 2000;
  const probeCalls = Math.min(plan.singleCalls, Math.max(5, Math.floor((plan.holdSeconds * 1000) / 1000)));
  const halfRun = await runStep(
    'half-ceiling',
    half,
    { executor: 'constant-arrival-rate', rate: plan.rampCps, timeUnitMs: 1000, durationMs: halfRampMs, preAllocatedVUs: half, maxVUs: half, startTimeMs: 0, gracefulStopMs: probeStartMs + probeCalls * 1000 + 15_000 },
    half,
    probeStartMs + probeCalls * 1000 + 3000,
    0,
    { config: { executor: 'per-vu-iterations', vus: 1, iterations: probeCalls, maxDurationMs: 600_000, startTimeMs: probeStartMs, gracefulStopMs: 5000 }, talkTimeMs: 800 },
  );
  const probes = halfRun.calls.filter((c) => c.loadScenario === 'probe');

  // 4. Calls started per second, sustained for the step's duration, until a step fails.
  const rateSteps: StepRun[] = [];
  for (const rate of plan.rateSteps) {
    const vus = Math.min(agentCount, rateStepAgents(plan, rate));
    const run = await runStep(
      'rate',
      rate,
      { executor: 'constant-arrival-rate', rate, timeUnitMs: 1000, durationMs: plan.rateDurationS * 1000, preAllocatedVUs: vus, maxVUs: vus, startTimeMs: 0, gracefulStopMs: 5000 },
      vus,
      plan.rateTalkMs,
    );
    rateSteps.push(run);
    if (!run.step.passed || run.step.achievedCps < 0.95 * rate) break;
  }
  const sustained = rateSteps.filter((s) => s.step.passed && s.step.achievedCps >= 0.95 * s.step.asked).at(-1);

  // 5. SIPp on the same Asterisk, last: its thousands of calls leave Asterisk bigger than they found it.
  log('SIPp: searching the PBX\'s own ceiling');
  await mkdir(join(workDir, 'sipp'), { recursive: true });
  const sipp = await findSippCeiling({
    target: `127.0.0.1:${stack.sipUdpPort}`,
    username: stack.sipp.username,
    password: stack.sipp.password,
    workDir: join(workDir, 'sipp'),
    budgetMs: plan.sippBudgetMs,
    concurrencyHoldMs: 3000,
    concurrency: [250, 500, 1000, 2000, 4000],
    maxInviteTo200P95Ms: SIPP_MAX_INVITE_TO_200_P95_MS,
    ...(signal ? { signal } : {}),
    log,
  });

  const bestCpu = (best?.step as (BenchStep & { cpuPerCallUpPct?: number }) | undefined)?.cpuPerCallUpPct;
  const strip = ({ step }: StepRun): BenchStep => {
    const { cpuPerCallUpPct: _drop, ...rest } = step as BenchStep & { cpuPerCallUpPct?: number };
    return rest;
  };
  const partial: Omit<BenchResults, 'targets'> = {
    schemaVersion: BENCH_SCHEMA_VERSION,
    mode: plan.mode,
    startedAt: startedAt.toISOString(),
    durationS: Math.round((Date.now() - startedAt.getTime()) / 1000),
    machine: {
      host: hostname(),
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryGB: Math.round(totalmem() / 2 ** 30),
      kernel: release(),
      node: process.version,
      browser: browsers.map((b) => `${b.name} ${b.version}`).join(', '),
      asterisk: stack.asteriskVersion,
      cdrDatabase: `${stack.cdrImage} ${cdrServerName(stack.cdrEngine, stack.cdrServerVersion)}`,
    },
    concurrency: { maxHeld, holdSeconds: plan.holdSeconds, steps: concurrencySteps.map(strip) },
    rate: { sustainedCps: sustained?.step.asked ?? 0, durationS: plan.rateDurationS, steps: rateSteps.map(strip) },
    latency: { single: latencyOf(single.calls, 1), loaded: latencyOf(probes, half) },
    agentMemoryMB,
    agentMemory: { agents: agentCount, agentsPerPage: plan.agentsPerPage, pages: pool.pageCount, browserPssBeforeMB: Math.round(memoryBefore), browserPssAfterMB: Math.round(memoryAfter) },
    harnessCpuPerCallPct: bestCpu === undefined || Number.isNaN(bestCpu) ? Number.NaN : Math.round(bestCpu * 100) / 100,
    accuracy: { inviteTo200MaxAbsErrorMs: accuracy.maxAbsErrorMs, inviteTo200MeanAbsErrorMs: accuracy.meanAbsErrorMs, calls: single.calls.length, matchedInCapture: accuracy.matched },
    sipp: {
      callsPerSecond: sipp.callsPerSecond ?? null,
      concurrentCalls: sipp.concurrentCalls ?? null,
      budgetExhausted: sipp.budgetExhausted,
      steps: sipp.steps.map((s) => ({ kind: s.kind, asked: s.asked, passed: s.passed, ...(s.reason ? { reason: s.reason } : {}) })),
    },
  };
  return { ...partial, targets: checkTargets(partial) };
}
