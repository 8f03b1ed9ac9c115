import { PBX_MAX_CALL_MS, runSipp, type SippRunOptions, type SippRunResult } from './sipp-run.ts';

export interface SippStep {
  kind: 'rate' | 'concurrency';
  /** The asked calls per second (rate steps) or concurrent calls (concurrency steps). */
  asked: number;
  passed: boolean;
  /** Why the step failed, or undefined when it passed. */
  reason: string | undefined;
  result: SippRunResult;
}

export interface SippCeilingOptions {
  target: string;
  username: string;
  password: string;
  workDir: string;
  /** Time for the whole search (rates, then concurrency); a step that would not fit is not started. */
  budgetMs: number;
  /** Call rates tried, in order. Default 20, 50, 100, 200, 400, 800, 1200, 1600. */
  rates?: readonly number[];
  /** Seconds of calls per rate step. Default 2. */
  rateStepS?: number;
  /** Hold of each call in rate steps, ms. Default 200. */
  rateHoldMs?: number;
  /** Concurrent call counts tried, in order. Default 100, 200, 400, 800, 1600, 3200. */
  concurrency?: readonly number[];
  /** Hold of each call in concurrency steps, ms (longer if the ramp-up needs it). Default 10000. */
  concurrencyHoldMs?: number;
  /** Share of the budget the rate search may use; the rest is the concurrency search's. Default 0.4. */
  rateShare?: number;
  /**
   * Also fail a step whose INVITE-to-200 p95 (SIPp's measure) exceeds this, ms. Off by default: the
   * criteria are success and achieved rate, but past the ceiling the PBX answers late before it fails.
   */
  maxInviteTo200P95Ms?: number;
  signal?: AbortSignal;
  log?: (line: string) => void;
  /** Runs one step; runSipp unless a test replaces it. */
  run?: (options: SippRunOptions) => Promise<SippRunResult>;
}

export interface SippCeiling {
  /** Best passing rate step's achieved calls/s; undefined when none passed. */
  callsPerSecond: number | undefined;
  /** The asked rate of that step. */
  callsPerSecondAsked: number | undefined;
  /** Best passing concurrency step's peak of calls held at once; undefined when none passed. */
  concurrentCalls: number | undefined;
  concurrentCallsAsked: number | undefined;
  /** True when a search stopped because the next step would not fit its time budget. */
  budgetExhausted: boolean;
  steps: SippStep[];
}

/**
 * Why a step fails, or undefined when it passes: at least 99% of the asked calls must succeed; rate steps
 * must achieve 90% of the asked rate, concurrency steps must hold 99% of the asked calls at once; and,
 * if a limit is given, INVITE-to-200 p95 must stay within it.
 */
export function judgeStep(kind: SippStep['kind'], asked: number, totalCalls: number, r: SippRunResult, maxInviteTo200P95Ms?: number): string | undefined {
  if (r.timedOut) return 'timed out';
  if (r.successful < 0.99 * totalCalls) return `${r.successful}/${totalCalls} calls succeeded (< 99%)`;
  if (kind === 'rate' && r.callsPerSecond < 0.9 * asked) return `${r.callsPerSecond} calls/s achieved (< 90% of ${asked})`;
  if (kind === 'concurrency' && r.peakConcurrent < 0.99 * asked) return `peak ${r.peakConcurrent} calls at once (< 99% of ${asked})`;
  if (maxInviteTo200P95Ms !== undefined && r.inviteTo200Ms && r.inviteTo200Ms.p95 > maxInviteTo200P95Ms) {
    return `INVITE-to-200 p95 ${r.inviteTo200Ms.p95} ms (> ${maxInviteTo200P95Ms} ms)`;
  }
  return undefined;
}

/** Rough wall time of a step: placing, hold, SIPp's start and the last responses. */
const stepEstimateMs = (totalCalls: number, rate: number, holdMs: number) => (totalCalls / rate) * 1000 + holdMs + 1500;

/** Pause between steps, so the previous step's last channels are gone from Asterisk. */
const SETTLE_MS = 500;

/**
 * The PBX's ceiling as SIPp sees it. Rates: each step places `rate × rateStepS` short calls; the search
 * stops at the first step where fewer than 99% succeed or under 90% of the asked rate is achieved, and
 * reports the best passing step. Concurrency: each step holds N calls at once (ramped up at half the best
 * rate found, capped at 200/s), stopping the same way. Each search stops early when its next step would
 * overrun its share of `budgetMs`.
 */
export async function findSippCeiling(options: SippCeilingOptions): Promise<SippCeiling> {
  const run = options.run ?? runSipp;
  const log = options.log ?? (() => undefined);
  const started = Date.now();
  const rateDeadline = started + options.budgetMs * (options.rateShare ?? 0.4);
  const deadline = started + options.budgetMs;
  const steps: SippStep[] = [];
  let budgetExhausted = false;
  const common = { target: options.target, username: options.username, password: options.password, workDir: options.workDir, signal: options.signal };

  let bestRate: SippStep | undefined;
  const rateHoldMs = options.rateHoldMs ?? 200;
  for (const rate of options.rates ?? [20, 50, 100, 200, 400, 800, 1200, 1600]) {
    const totalCalls = Math.max(1, Math.round(rate * (options.rateStepS ?? 2)));
    const estimate = stepEstimateMs(totalCalls, rate, rateHoldMs);
    if (Date.now() + estimate > rateDeadline) {
      budgetExhausted = true;
      log(`SIPp: rate ${rate}/s skipped, it would not fit the time budget`);
      break;
    }
    const result = await run({
      ...common,
      ratePerS: rate,
      totalCalls,
      holdMs: rateHoldMs,
      // Room for the calls up at once at this rate, and then some: the limit must not be what slows it.
      maxConcurrent: Math.max(50, Math.ceil(rate * ((rateHoldMs + 2000) / 1000) * 2)),
      // A stalled PBX must not hold the search much past its budget.
      timeoutMs: Math.max(5000, Math.min(estimate * 2 + 5000, rateDeadline - Date.now() + 3000)),
    });
    const reason = judgeStep('rate', rate, totalCalls, result, options.maxInviteTo200P95Ms);
    const step: SippStep = { kind: 'rate', asked: rate, passed: reason === undefined, reason, result };
    steps.push(step);
    log(`SIPp: rate ${rate}/s: ${result.successful}/${totalCalls} ok, ${result.callsPerSecond}/s achieved${reason ? `: fails (${reason})` : ''}`);
    if (reason) break;
    bestRate = step;
    await new Promise((r) => setTimeout(r, SETTLE_MS));
  }

  let bestConcurrency: SippStep | undefined;
  const ramp = Math.max(10, Math.min(200, Math.floor((bestRate?.result.callsPerSecond ?? 20) / 2)));
  for (const n of options.concurrency ?? [100, 200, 400, 800, 1600, 3200]) {
    const rampMs = (n / ramp) * 1000;
    // Every call must still be up when the last one is answered.
    const holdMs = Math.min(PBX_MAX_CALL_MS - 10_000, Math.max(options.concurrencyHoldMs ?? 10_000, rampMs + 2000));
    const estimate = stepEstimateMs(n, ramp, holdMs);
    if (Date.now() + estimate > deadline) {
      budgetExhausted = true;
      log(`SIPp: ${n} concurrent calls skipped, it would not fit the time budget`);
      break;
    }
    const result = await run({
      ...common,
      ratePerS: ramp,
      totalCalls: n,
      holdMs,
      maxConcurrent: n,
      timeoutMs: Math.max(10_000, Math.min(estimate * 1.5 + 5000, deadline - Date.now() + 3000)),
    });
    const reason = judgeStep('concurrency', n, n, result, options.maxInviteTo200P95Ms);
    const step: SippStep = { kind: 'concurrency', asked: n, passed: reason === undefined, reason, result };
    steps.push(step);
    log(`SIPp: ${n} concurrent: ${result.successful}/${n} ok, peak ${result.peakConcurrent}${reason ? `: fails (${reason})` : ''}`);
    if (reason) break;
    bestConcurrency = step;
    await new Promise((r) => setTimeout(r, SETTLE_MS));
  }

  return {
    callsPerSecond: bestRate?.result.callsPerSecond,
    callsPerSecondAsked: bestRate?.asked,
    concurrentCalls: bestConcurrency?.result.peakConcurrent,
    concurrentCallsAsked: bestConcurrency?.asked,
    budgetExhausted,
    steps,
  };
}
