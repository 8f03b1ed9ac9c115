import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { createSocket } from 'node:dgram';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CallcheckError, InterruptedError } from '../contracts/errors.ts';
import { findExecutable } from '../host/executables.ts';
import { fillTemplate } from '../logic/plan/fill-template.ts';
import { percentile } from '../logic/stats/percentile.ts';
import { parseSippRtt, peakFromScreen, placingWindowMs, summarizeSippStats, type SippRtt } from './sipp-stats.ts';

/** The UAC scenario: INVITE, digest challenge answered, 200 → ACK, hold (-d), BYE → 200. */
export const SIPP_SCENARIO = fileURLToPath(new URL('./sipp-scenario.xml', import.meta.url));

/**
 * Asterisk's callcheck-sipp context ends calls after 120 s (asterisk-image/config/extensions.conf): a
 * call SIPp abandons must not stay up for the next step. Hold times must stay below it.
 */
export const PBX_MAX_CALL_MS = 120_000;

export interface SippRunOptions {
  /** Asterisk's UDP transport, `127.0.0.1:PORT`: SIPp only ever talks to loopback. */
  target: string;
  username: string;
  password: string;
  /** Calls started per second. */
  ratePerS: number;
  totalCalls: number;
  /** How long each answered call is held before SIPp sends BYE. */
  holdMs: number;
  /** SIPp starts no new call while this many are up (-l). */
  maxConcurrent: number;
  /** Hard limit for the whole run; SIPp is told to stop a little earlier and killed at it. */
  timeoutMs: number;
  /** A fresh folder for this run's files is made inside it. */
  workDir: string;
  /** Dialed number; the callcheck-sipp context answers any (two digits or more). Default 200000. */
  service?: string;
  /** A call waiting longer than this for an expected response fails (-recv_timeout). Default 5000. */
  recvTimeoutMs?: number;
  signal?: AbortSignal;
}

export interface SippRunResult {
  /** Calls SIPp created. */
  attempted: number;
  /** Calls that went through the whole scenario (answered, held, BYE answered). */
  successful: number;
  failed: number;
  /** Created calls neither successful nor failed when SIPp stopped (cut off by the timeout). */
  unfinished: number;
  /** Whole run, first call to SIPp's last statistics row (includes the last calls' hold), s. */
  durationS: number;
  /**
   * Time over which the calls were placed, s: from the first INVITE to the last (SIPp's per-call trace)
   * plus one call interval, so N calls at exactly R/s give N/R. Falls back to the statistics' resolution.
   */
  placingS: number;
  /** Successful calls per second of placing: the rate the PBX sustained. */
  callsPerSecond: number;
  /** Most calls up at once (SIPp's own peak counter). */
  peakConcurrent: number;
  /** INVITE (the first, challenged one) to 200 OK as SIPp measured it, whole ms. */
  inviteTo200Ms: { count: number; p50: number; p95: number; max: number } | undefined;
  retransmissions: number;
  /** Nonzero failure counters of SIPp, e.g. `{ TimeoutOnRecv: 2, UnexpectedMessage: 1 }`. */
  failures: Record<string, number>;
  /** True when the run hit `timeoutMs` (or SIPp's own -timeout, a second earlier, with calls unfinished). */
  timedOut: boolean;
  /** SIPp's exit code (0 all calls successful, 1 some failed), or the signal that ended it. */
  exit: string;
  /** The folder with SIPp's files for this run (statistics, screen, response times, errors). */
  dir: string;
}

const KILL_GRACE_MS = 3000;

/** A UDP port nothing is bound to on 127.0.0.1 right now (the kernel's pick). */
function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

function checkOptions(o: SippRunOptions): void {
  const problems: string[] = [];
  if (!/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}:\d{1,5}$/.test(o.target)) problems.push(`target ${o.target} is not 127.x.x.x:PORT (SIPp only talks to loopback)`);
  // Both are written into SIPp's [authentication username=... password=...] keyword: no spaces, brackets or quotes.
  if (!/^[A-Za-z0-9_.-]+$/.test(o.username)) problems.push('username must be letters, digits, _ . -');
  if (!/^[A-Za-z0-9_.~+\/=-]+$/.test(o.password)) problems.push('password must be non-empty letters, digits, _ . ~ + / = -');
  if (!(o.ratePerS > 0)) problems.push(`ratePerS ${o.ratePerS} must be > 0`);
  if (!Number.isInteger(o.totalCalls) || o.totalCalls < 1) problems.push(`totalCalls ${o.totalCalls} must be a positive integer`);
  if (!Number.isInteger(o.maxConcurrent) || o.maxConcurrent < 1) problems.push(`maxConcurrent ${o.maxConcurrent} must be a positive integer`);
  if (!(o.holdMs >= 0) || o.holdMs >= PBX_MAX_CALL_MS) problems.push(`holdMs ${o.holdMs} must be between 0 and ${PBX_MAX_CALL_MS} (Asterisk's limit for SIPp's calls)`);
  if (!(o.timeoutMs >= 2000)) problems.push(`timeoutMs ${o.timeoutMs} must be at least 2000`);
  if (o.service !== undefined && !/^\d{2,}$/.test(o.service)) problems.push(`service ${o.service} must be two digits or more`);
  if (problems.length > 0) throw new Error(`runSipp: ${problems.join('; ')}`);
}

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

function responseTimes(rtts: readonly SippRtt[]): SippRunResult['inviteTo200Ms'] {
  if (rtts.length === 0) return undefined;
  const values = rtts.map((r) => r.responseMs);
  let max = -Infinity;
  for (const v of values) max = Math.max(max, v);
  return { count: values.length, p50: round(percentile(values, 50) as number, 2), p95: round(percentile(values, 95) as number, 2), max };
}

/**
 * One load step of SIPp against Asterisk over loopback UDP: `totalCalls` calls at `ratePerS`, each held
 * `holdMs`, at most `maxConcurrent` at once. No media: SIPp's media socket is bound to 127.0.0.1 and
 * sends nothing. SIPp is always stopped: on abort (InterruptedError), on timeout (the result says
 * `timedOut`), on any error.
 */
export async function runSipp(options: SippRunOptions): Promise<SippRunResult> {
  checkOptions(options);
  if (options.signal?.aborted) throw new InterruptedError();
  const sipp = findExecutable('sipp', ['/usr/bin']);
  if (!sipp) {
    throw new CallcheckError('PREREQUISITE_MISSING', 'SIPp (sipp) was not found in PATH or /usr/bin: the benchmark measures the PBX\'s own ceiling with it', {
      hint: 'npm run setup (installs the sip-tester package)',
    });
  }
  const dir = await mkdtemp(join(options.workDir, 'sipp-'));
  // The credentials go into the scenario file (readable by its owner only), never on the command line.
  const scenario = fillTemplate('sipp-scenario.xml', await readFile(SIPP_SCENARIO, 'utf8'), { USERNAME: options.username, PASSWORD: options.password });
  await writeFile(join(dir, 'scenario.xml'), scenario, { mode: 0o600 });
  const [localPort, mediaPort] = [await freeUdpPort(), await freeUdpPort()];
  const host = options.target.split(':')[0] as string;
  const stopAfterS = Math.max(1, Math.floor((options.timeoutMs - 1000) / 1000));
  const args = [
    options.target,
    '-sf', 'scenario.xml',
    '-s', options.service ?? '200000',
    '-t', 'u1',
    '-i', host,
    '-p', String(localPort),
    '-mi', host,
    '-mp', String(mediaPort),
    '-r', String(options.ratePerS),
    '-rp', '1000',
    '-m', String(options.totalCalls),
    '-l', String(options.maxConcurrent),
    '-d', String(Math.round(options.holdMs)),
    '-recv_timeout', String(options.recvTimeoutMs ?? 5000),
    '-timeout', `${stopAfterS}s`,
    '-aa',
    '-nostdin',
    '-trace_stat', '-stf', 'stats.csv', '-fd', '100ms',
    '-trace_screen', '-screen_file', 'screen.log',
    '-trace_rtt', '-rtt_freq', '1',
    '-trace_err', '-error_file', 'errors.log', '-max_log_size', String(1024 * 1024),
  ];
  const spawnedAt = Date.now();
  const child = spawn(sipp, args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  // A later error (a kill of a process already gone) must not crash the harness.
  child.on('error', () => undefined);
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    if (stderr.length < 16 * 1024) stderr += chunk;
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let timedOut = false;
  let aborted = false;
  const exit = await new Promise<string>((resolve, reject) => {
    let killTimer: NodeJS.Timeout | undefined;
    const stop = () => {
      child.kill('SIGTERM');
      killTimer ??= setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, options.timeoutMs);
    const onAbort = () => {
      aborted = true;
      stop();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.signal?.aborted) onAbort();
    const done = () => {
      clearTimeout(timer);
      clearTimeout(killTimer);
      options.signal?.removeEventListener('abort', onAbort);
      process.off('exit', killOnExit);
    };
    child.once('error', (error) => {
      done();
      reject(new CallcheckError('PREREQUISITE_MISSING', `SIPp could not be started: ${error.message}`, { cause: error, hint: 'npm run setup (installs the sip-tester package)' }));
    });
    child.once('close', (code, signal) => {
      done();
      resolve(signal ?? `code ${code}`);
    });
  });
  if (aborted) throw new InterruptedError();

  const read = (name: string) => readFile(join(dir, name), 'utf8').catch(() => undefined);
  const statsCsv = await read('stats.csv');
  if (!statsCsv) {
    throw new Error(`SIPp wrote no statistics (${exit}); it said: ${stderr.trim() || '(nothing)'}; files in ${dir}`);
  }
  const stats = summarizeSippStats(statsCsv);
  const rttFile = (await readdir(dir)).find((n) => n.endsWith('_rtt.csv'));
  const rtts = rttFile ? parseSippRtt((await read(rttFile)) ?? '') : [];
  const peak = peakFromScreen((await read('screen.log')) ?? '') ?? stats.peakCurrentSampled;
  const unfinished = Math.max(0, stats.created - stats.successful - stats.failed);
  // SIPp's own -timeout (a second before ours) ends the run with calls still up: timed out just the same.
  if (unfinished > 0 && Date.now() - spawnedAt >= stopAfterS * 1000) timedOut = true;
  const window = placingWindowMs(rtts);
  const placingMs = window !== undefined ? window + 1000 / options.ratePerS : Math.max(stats.lastCreatedAt - stats.startedAt, 1000 / options.ratePerS);
  return {
    attempted: stats.created,
    successful: stats.successful,
    failed: stats.failed,
    unfinished,
    durationS: round((stats.lastRowAt - stats.startedAt) / 1000, 3),
    placingS: round(placingMs / 1000, 3),
    callsPerSecond: round(stats.successful / (placingMs / 1000), 2),
    peakConcurrent: peak,
    inviteTo200Ms: responseTimes(rtts),
    retransmissions: stats.retransmissions,
    failures: stats.failures,
    timedOut,
    exit,
    dir,
  };
}
