import type { AudioProof, CallOutcome, CallTimeline, MediaStats, SipTrace } from '../../src/contracts/call-record.ts';
import type { CdrRow } from '../../src/contracts/cdr-row.ts';
import type { PlannedOutcome } from '../../src/contracts/scenario.ts';
import { RESULTS_SCHEMA_VERSION, type LoadScenarioSummary, type RunResults, type VerifiedCall } from '../../src/contracts/results.ts';
import type { ThresholdsOption } from '../../src/contracts/threshold-options.ts';
import type { CdrVerdict, UnknownRow } from '../../src/contracts/verdict.ts';
import { formatSignature, signatureFor } from '../../src/logic/media/audio-signature.ts';
import { summariseRun } from '../../src/logic/results/assemble-results.ts';
import { matrixRounds } from '../../src/logic/plan/matrix-rounds.ts';
import { matrixSummary } from '../../src/logic/compare/matrix-summary.ts';
import { phaseStats } from '../../src/logic/results/phases.ts';
import { withThresholds } from '../../src/logic/thresholds/threshold-evaluation.ts';
import { parseThresholds } from '../../src/logic/thresholds/threshold-parser.ts';

/** Call ids of {@link makeResults}'s calls, by what happens to them. */
export const FIXTURE_CALLS = {
  matched: 'call-0001',
  missing: 'call-0002',
  mismatched: 'call-0003',
  duplicate: 'call-0004',
  failed: 'call-0005',
  notRecorded: 'call-0006',
  unexpectedRow: 'call-0007',
} as const;

export const KEY_HEADER = 'X-CRM-Id';
const CAMPAIGN_HEADER = 'X-CRM-Campaign';
const T0 = Date.parse('2026-11-26T07:00:00.000Z');

/** The fixture's two load scenarios; even-indexed calls belong to the first, odd-indexed ones to the second. */
export const FIXTURE_LOAD_SCENARIOS = ['steady', 'ramp'] as const;

/**
 * Threshold sets for {@link FixtureOptions.thresholds}, evaluated on the fixture's calls as a run would:
 * `passing` holds on any subset of the fixture's calls; `failing` adds one that fails on every answered
 * call (every answered call takes at least 300 ms from INVITE to first RTP) and one without data (no busy call has
 * media stats); `aborted` is `failing` with abortOnFail on the failing one and the load stopped by it.
 */
export const FIXTURE_THRESHOLDS = {
  passing: {
    'dial_latency{phase:invite_to_200}': ['p(95)<1000'],
    audio_proven: ['rate>=0.99'],
    mos: ['avg>3.5'],
    packet_loss: ['p(95)<5'],
  },
  failing: {
    'dial_latency{phase:invite_to_200}': ['p(95)<1000'],
    'dial_latency{phase:call_setup_time}': ['p(95)<250'],
    audio_proven: ['rate>=0.99'],
    'rtt{outcome:busy}': ['p(95)<50'],
  },
  aborted: {
    'dial_latency{phase:invite_to_200}': ['p(95)<1000'],
    'dial_latency{phase:call_setup_time}': [{ threshold: 'p(95)<250', abortOnFail: true, delayAbortEval: '10s' }],
    audio_proven: ['rate>=0.99'],
    'rtt{outcome:busy}': ['p(95)<50'],
  },
} as const satisfies Record<string, ThresholdsOption>;

export interface FixtureOptions {
  /** Extra answered, matched calls with varied dial latency, appended after the seven fixed ones. */
  extraMatchedCalls?: number;
  /** Give the run one of the {@link FIXTURE_THRESHOLDS} sets; without it the run has no thresholds. */
  thresholds?: keyof typeof FIXTURE_THRESHOLDS;
}

/**
 * A small but complete run: one call of each verdict (matched, missing, mismatched, duplicate,
 * unexpected-row, not-recorded), one call that failed in the agent and one unknown CDR row. Every answered
 * call heard its own audio and has media stats; the calls are split over two load scenarios. The summary,
 * the phase stats and the thresholds (when asked for) are derived from the calls, so they stay consistent
 * when a test edits a call first and calls {@link resummarise}.
 */
export function makeResults(options: FixtureOptions = {}): RunResults {
  const calls: VerifiedCall[] = [
    answeredCall(0, 'agent-01', 38, 262, (row) => ({ kind: 'matched', row })),
    answeredCall(1, 'agent-02', 41, 305, () => ({ kind: 'missing', reason: 'no row with crm_id = CRM-1002 after waiting 10000 ms' })),
    answeredCall(2, 'agent-01', 45, 348, (row) => {
      const bad = { ...row, billsec: 5, mapped: { ...row.mapped, crm_campaign: null } };
      return {
        kind: 'mismatched',
        row: bad,
        mismatches: [
          { field: 'billsec', expected: '2', received: '5', rule: 'billsec is the measured talk time within 1 s' },
          { field: 'crm_campaign', expected: 'spring-sale', received: null, rule: 'the column holds the X-CRM-Campaign header sent on the INVITE' },
        ],
      };
    }),
    answeredCall(3, 'agent-02', 52, 417, (row) => ({ kind: 'duplicate', rows: [row, { ...row, uniqueid: `${row.uniqueid}-b` }] })),
    unansweredCall(4, 'agent-01', 'answer', 'failed', {
      error: 'no final response to INVITE within 15000 ms',
      cdr: { kind: 'not-recorded', reason: 'the INVITE never reached Asterisk' },
    }),
    unansweredCall(5, 'agent-02', 'busy', 'busy', {
      sipStatus: 486,
      sipReason: 'Busy Here',
      cdr: { kind: 'not-recorded', reason: 'cdr.conf unanswered = no' },
    }),
    unansweredCall(6, 'agent-01', 'no-answer', 'no-answer', {
      sipStatus: 480,
      sipReason: 'Temporarily Unavailable',
      cdr: {
        kind: 'unexpected-row',
        row: cdrRow(6, '2006', 'NO ANSWER', 0),
        reason: 'cdr.conf unanswered = no, yet a NO ANSWER row was written',
      },
    }),
  ];
  for (let i = 0; i < (options.extraMatchedCalls ?? 0); i++) {
    const index = calls.length;
    // Deterministic spread around ~300 ms with a tail, so the latency histogram has a shape.
    const jitter = ((index * 7919) % 173) + ((index * 104729) % 61) * (index % 9 === 0 ? 6 : 1);
    calls.push(answeredCall(index, `agent-${String((index % 4) + 1).padStart(2, '0')}`, 30 + (index % 17), 220 + jitter, (row) => ({ kind: 'matched', row })));
  }

  const durationMs = calls.length * 5000;
  const loadScenarios: LoadScenarioSummary[] = [
    { name: FIXTURE_LOAD_SCENARIOS[0], executor: 'constant-arrival-rate', agents: 2, iterations: calls.filter((c) => c.loadScenario === FIXTURE_LOAD_SCENARIOS[0]).length, dropped: 1 },
    { name: FIXTURE_LOAD_SCENARIOS[1], executor: 'ramping-vus', agents: 2, iterations: calls.filter((c) => c.loadScenario === FIXTURE_LOAD_SCENARIOS[1]).length, dropped: 0 },
  ];
  const thresholds = options.thresholds === undefined ? {} : { thresholdDefinitions: FIXTURE_THRESHOLDS[options.thresholds] };

  const unknownRows: UnknownRow[] = [{ key: 'CRM-9999', row: { ...cdrRow(99, '1099', 'ANSWERED', 3), mapped: { crm_id: 'CRM-9999', crm_campaign: 'spring-sale' } } }];

  return resummarise({
    schemaVersion: RESULTS_SCHEMA_VERSION,
    run: {
      id: 'run-20261126-070000-ab12',
      scenario: 'smoke',
      scenarioFile: 'scenarios/smoke.ts',
      startedAt: new Date(T0 - 2000).toISOString(),
      finishedAt: new Date(T0 + calls.length * 5000 + 4000).toISOString(),
      durationMs: calls.length * 5000 + 6000,
      callcheckVersion: '0.1.0',
      nodeVersion: 'v24.21.0',
      host: 'ci-runner-7',
    },
    stack: {
      asteriskVersion: '22.6.0',
      cdrImage: 'mysql:8.4',
      cdrServerVersion: '8.4.7',
      cdrTable: 'cdr',
      headerMap: { [KEY_HEADER]: 'crm_id', [CAMPAIGN_HEADER]: 'crm_campaign' },
      keyHeader: KEY_HEADER,
    },
    browsers: [{ id: 'browser-1', name: 'HeadlessChrome', version: '156.0.8078.108', executablePath: '/usr/bin/chromium' }],
    verification: {
      mappings: [
        { header: KEY_HEADER, column: 'crm_id', length: 64 },
        { header: CAMPAIGN_HEADER, column: 'crm_campaign', length: 64 },
      ],
      key: { header: KEY_HEADER, column: 'crm_id', length: 64 },
      policy: { recordUnanswered: true, recordCongestion: true },
      context: 'callcheck-agents',
    },
    calls,
    unknownRows,
    phases: [],
    load: { scenarios: loadScenarios, durationMs, pages: 1, recycledPages: 0 },
    ...thresholds,
    summary: {
      placed: 0,
      answered: 0,
      failed: 0,
      cdr: { matched: 0, missing: 0, duplicate: 0, mismatched: 0, unknown: 0, notRecorded: 0, unexpected: 0 },
      conforms: false,
      ...(options.thresholds === 'aborted' ? { abortedByThreshold: true } : {}),
    },
  });
}

/**
 * Recomputes `summary` and `phases` from `calls` and `unknownRows`, as the run would have, and evaluates
 * `thresholdDefinitions` again when the run has them (keeping `summary.abortedByThreshold`).
 */
export function resummarise(results: RunResults): RunResults {
  const base: RunResults = { ...results, summary: summariseRun(results.calls, results.unknownRows), phases: phaseStats(results.calls) };
  if (results.thresholdDefinitions === undefined) return base;
  const durationS = (results.load?.durationMs ?? results.run.durationMs) / 1000;
  return withThresholds(base, parseThresholds(results.thresholdDefinitions), durationS, results.summary.abortedByThreshold === true);
}

function crmId(index: number): string {
  return `CRM-${1001 + index}`;
}

function headersOf(index: number): Record<string, string> {
  return { [KEY_HEADER]: crmId(index), [CAMPAIGN_HEADER]: 'spring-sale' };
}

function cdrRow(index: number, dialed: string, disposition: string, billsec: number): CdrRow {
  const start = T0 + index * 5000;
  return {
    calldate: new Date(start).toISOString().replace('T', ' ').slice(0, 19),
    src: `agent-${String((index % 2) + 1).padStart(2, '0')}`,
    dst: dialed,
    dcontext: 'callcheck',
    channel: `PJSIP/agent-${String((index % 2) + 1).padStart(2, '0')}-0000000${index}`,
    disposition,
    duration: billsec + 1,
    billsec,
    uniqueid: `1795676400.${index}`,
    mapped: { crm_id: crmId(index), crm_campaign: 'spring-sale' },
  };
}

/** How an answered call's time splits, where a test needs more than its INVITE phases; ms. */
interface CallShape {
  mediaReadyMs: number;
  /** ICE gathered → INVITE sent. */
  iceToInviteMs: number;
  /** 200 OK → first RTP received. */
  firstRtpMs: number;
  /** First RTP → own audio heard back. */
  firstAudioMs: number;
  browser: string;
  browserVersion?: string;
  build?: string;
}

const DEFAULT_SHAPE: CallShape = { mediaReadyMs: 2, iceToInviteMs: 3, firstRtpMs: 38, firstAudioMs: 57, browser: 'browser-1' };

function answeredCall(index: number, agent: string, dialToInviteMs: number, inviteTo200Ms: number, verdict: (row: CdrRow) => CdrVerdict, shape: CallShape = DEFAULT_SHAPE): VerifiedCall {
  const start = T0 + index * 5000;
  const invite = start + dialToInviteMs;
  const answered = invite + inviteTo200Ms;
  const bye = answered + 2000;
  const timeline: CallTimeline = {
    registered: T0 - 1500,
    dialRequested: start,
    mediaReady: start + shape.mediaReadyMs,
    iceGathered: invite - shape.iceToInviteMs,
    inviteSent: invite,
    trying: invite + 6,
    ringing: invite + Math.round(inviteTo200Ms / 3),
    answered,
    ackSent: answered + 2,
    iceConnected: answered + 12,
    dtlsConnected: answered + 30,
    firstRtp: answered + shape.firstRtpMs,
    firstAudio: answered + shape.firstRtpMs + shape.firstAudioMs,
    byeSent: bye,
    ended: bye + 14,
  };
  const sip: SipTrace[] = [
    { at: invite, direction: 'sent', firstLine: `INVITE sip:1${String(index).padStart(3, '0')}@127.0.0.1 SIP/2.0` },
    { at: invite + 6, direction: 'received', firstLine: 'SIP/2.0 100 Trying' },
    { at: answered, direction: 'received', firstLine: 'SIP/2.0 200 OK' },
    { at: answered + 2, direction: 'sent', firstLine: `ACK sip:1${String(index).padStart(3, '0')}@127.0.0.1 SIP/2.0` },
    { at: bye, direction: 'sent', firstLine: 'BYE sip:asterisk@127.0.0.1 SIP/2.0' },
    { at: bye + 14, direction: 'received', firstLine: 'SIP/2.0 200 OK' },
  ];
  // Loss and jitter grow a little with the index, so MOS and loss differ from call to call.
  const packetsReceived = 100 - (index % 3);
  const media: MediaStats = {
    iceConnectionState: 'connected',
    selectedPair: { local: '127.0.0.1:50000', remote: '127.0.0.1:10000' },
    packetsSent: 100,
    packetsReceived,
    bytesReceived: packetsReceived * 172,
    packetsLost: index % 3,
    jitterMs: 1.5 + (index % 5) / 2,
    roundTripTimeMs: 2 + (index % 4),
    packetLossPct: index % 3,
    mos: Math.round((4.41 - (index % 3) * 0.12) * 100) / 100,
  };
  const audio: AudioProof = { signature: formatSignature(signatureFor(index)), heard: true, snrDb: 42.5 - (index % 7) };
  return {
    id: `call-${String(index + 1).padStart(4, '0')}`,
    index,
    agent,
    loadScenario: FIXTURE_LOAD_SCENARIOS[index % 2],
    dialed: `1${String(index).padStart(3, '0')}`,
    plannedOutcome: 'answer',
    headers: headersOf(index),
    browser: shape.browser,
    ...(shape.browserVersion === undefined ? {} : { browserVersion: shape.browserVersion }),
    ...(shape.build === undefined ? {} : { build: shape.build }),
    outcome: 'answered',
    sipStatus: 200,
    sipReason: 'OK',
    timeline,
    talkTimeMs: 2000,
    sip,
    media,
    audio,
    cdr: verdict(cdrRow(index, `1${String(index).padStart(3, '0')}`, 'ANSWERED', 2)),
  };
}

interface UnansweredDetails {
  sipStatus?: number;
  sipReason?: string;
  error?: string;
  cdr: CdrVerdict;
  browser?: string;
  browserVersion?: string;
  build?: string;
}

function unansweredCall(index: number, agent: string, planned: PlannedOutcome, outcome: CallOutcome, details: UnansweredDetails): VerifiedCall {
  const start = T0 + index * 5000;
  const invite = start + 40;
  const end = details.sipStatus === undefined ? start + 15_040 : invite + 210;
  const sip: SipTrace[] = [{ at: invite, direction: 'sent', firstLine: `INVITE sip:2${String(index).padStart(3, '0')}@127.0.0.1 SIP/2.0` }];
  if (details.sipStatus !== undefined) sip.push({ at: end, direction: 'received', firstLine: `SIP/2.0 ${details.sipStatus} ${details.sipReason ?? ''}`.trimEnd() });
  const { cdr, ...rest } = details;
  return {
    id: `call-${String(index + 1).padStart(4, '0')}`,
    index,
    agent,
    loadScenario: FIXTURE_LOAD_SCENARIOS[index % 2],
    dialed: `2${String(index).padStart(3, '0')}`,
    plannedOutcome: planned,
    headers: headersOf(index),
    browser: 'browser-1',
    outcome,
    ...rest,
    timeline: { registered: T0 - 1500, dialRequested: start, inviteSent: invite, ended: end },
    sip,
    cdr,
  };
}

/** The builds of {@link makeMatrixResults}, baseline first, each with the exact version its browser reports. */
export const MATRIX_BUILDS = [
  { label: 'chromium-150', engine: 'chromium', name: 'HeadlessChrome', version: '150.0.7871.100' },
  { label: 'chromium-156', engine: 'chromium', name: 'HeadlessChrome', version: '156.0.8078.108' },
  { label: 'firefox-esr-140', engine: 'firefox', name: 'Firefox', version: '140.5.0esr' },
] as const;

export type MatrixBuildLabel = (typeof MATRIX_BUILDS)[number]['label'];

/** Calls of {@link makeMatrixResults} that differ from the rest, by what happens to them. */
export const MATRIX_FIXTURE_CALLS = {
  /** chromium-156, round 2: the agent got no final response. */
  failed: 'call-0035',
  /** firefox-esr-140, round 1: answered, but its CDR row never came. */
  missing: 'call-0027',
  /** chromium-156, round 1: the slowest call of the run (a long INVITE → 200 OK). */
  slowest: 'call-0014',
} as const;

export interface MatrixFixtureOptions {
  /** Calls per build per round, the last of them busy. Default 10. */
  callsPerTurn?: number;
  rounds?: number;
}

/**
 * A browser-matrix run of three builds (Chromium 150 the baseline, Chromium 156, Firefox ESR 140) in
 * rotating rounds, with latency that differs by build the way a real upgrade might: Chromium 156 gathers
 * ICE about 40 ms slower, Firefox has its audio ready later and its first RTP sooner. Each turn ends with
 * one busy call; one call fails in the agent and one CDR row is missing (see {@link MATRIX_FIXTURE_CALLS}).
 * The verdict is drawn by the real matrixSummary (compareBuilds, seed 1), so it is the one a run would write.
 */
export function makeMatrixResults(options: MatrixFixtureOptions = {}): RunResults {
  const perTurn = options.callsPerTurn ?? 10;
  const labels = MATRIX_BUILDS.map((b) => b.label);
  const order = matrixRounds(labels, options.rounds ?? 3);
  const calls: VerifiedCall[] = [];
  for (const turn of order) {
    for (const label of turn) {
      const build = MATRIX_BUILDS.find((b) => b.label === label)!;
      for (let j = 0; j < perTurn; j++) {
        const index = calls.length;
        const id = `call-${String(index + 1).padStart(4, '0')}`;
        const agent = `agent-${String((index % 4) + 1).padStart(2, '0')}`;
        const on = { browser: label, browserVersion: build.version, build: label };
        if (j === perTurn - 1) {
          calls.push(unansweredCall(index, agent, 'busy', 'busy', { sipStatus: 486, sipReason: 'Busy Here', cdr: { kind: 'not-recorded', reason: 'cdr.conf unanswered = no' }, ...on }));
          continue;
        }
        if (id === MATRIX_FIXTURE_CALLS.failed) {
          calls.push(unansweredCall(index, agent, 'answer', 'failed', { error: 'no final response to INVITE within 15000 ms', cdr: { kind: 'not-recorded', reason: 'the INVITE never reached Asterisk' }, ...on }));
          continue;
        }
        // Deterministic noise per call, so every build has a spread and the quantiles differ.
        const n = (index * 7919) % 23;
        const profile = label === 'chromium-150'
          ? { mediaReadyMs: 2 + (n % 3), iceMs: 16 + (n % 9), iceToInviteMs: 3, firstRtpMs: 36 + (n % 7), firstAudioMs: 55 + (n % 11) }
          : label === 'chromium-156'
            ? { mediaReadyMs: 2 + (n % 3), iceMs: 56 + (n % 13), iceToInviteMs: 3, firstRtpMs: 36 + (n % 7), firstAudioMs: 55 + (n % 11) }
            : { mediaReadyMs: 11 + (n % 5), iceMs: 20 + (n % 9), iceToInviteMs: 1, firstRtpMs: 22 + (n % 5), firstAudioMs: 58 + (n % 11) };
        const tail = id === MATRIX_FIXTURE_CALLS.slowest ? 240 : 0;
        const inviteTo200 = 214 + Math.round(n * 1.5) + tail;
        const missing = id === MATRIX_FIXTURE_CALLS.missing;
        calls.push(
          answeredCall(
            index,
            agent,
            profile.mediaReadyMs + profile.iceMs + profile.iceToInviteMs,
            inviteTo200,
            (row) => (missing ? { kind: 'missing', reason: `no row with crm_id = ${crmId(index)} after waiting 10000 ms` } : { kind: 'matched', row }),
            { mediaReadyMs: profile.mediaReadyMs, iceToInviteMs: profile.iceToInviteMs, firstRtpMs: profile.firstRtpMs, firstAudioMs: profile.firstAudioMs, ...on },
          ),
        );
      }
    }
  }
  for (const call of calls) call.loadScenario = 'default';
  const base = makeResults();
  const browsers = MATRIX_BUILDS.map((b) => ({ id: b.label, name: b.name, version: b.version, executablePath: `/opt/callcheck/browsers/${b.label}/${b.engine === 'firefox' ? 'firefox' : 'chrome'}`, engine: b.engine, build: b.label }));
  const runId = 'run-20261127-090000-cd34';
  const results = resummarise({
    ...base,
    run: { ...base.run, id: runId, scenario: 'browser-upgrade', scenarioFile: 'scenarios/browser-upgrade.ts', finishedAt: new Date(T0 + calls.length * 5000 + 4000).toISOString(), durationMs: calls.length * 5000 + 6000 },
    browsers,
    calls,
    unknownRows: [],
    load: { scenarios: [{ name: 'default', executor: 'per-vu-iterations', agents: 4, iterations: calls.length, dropped: 0 }], durationMs: calls.length * 5000, pages: 3, recycledPages: 0 },
  });
  return { ...results, matrix: matrixSummary({ builds: labels, baseline: MATRIX_BUILDS[0].label, order, calls, browsers, runId, seed: 1 }) };
}
