import type { CallOutcome, CallRecord } from '../../contracts/call-record.ts';
import { isConforming, type CdrVerdict, type CdrVerdictKind } from '../../contracts/verdict.ts';
import { callFailed } from '../plan/customer-outcomes.ts';
import { PHASE_NAMES, PHASES, type PhaseDefinition } from '../results/phases.ts';

/** k6's metric types: what a metric's samples mean and which aggregations a threshold may use on it. */
export type MetricType = 'trend' | 'rate' | 'counter' | 'gauge';

export interface MetricDefinition {
  name: string;
  type: MetricType;
  /** Unit of the samples (of a trend, gauge) or of the aggregate: `ms`, `%`, `MOS`, `ratio`, `count`. */
  unit: string;
  description: string;
  /** Tag keys a threshold may filter on. */
  tagKeys: readonly string[];
  /** Tag keys a threshold must filter on: aggregating across them means nothing (e.g. all phases of dial latency). */
  requiredTagKeys: readonly string[];
  /** For tags with a closed set of values: the values that exist. */
  tagValues: Readonly<Record<string, readonly string[]>>;
  /** What one sample is, singular and plural, for messages: `call`/`calls`. */
  sampleNoun: readonly [string, string];
}

const OUTCOME_SET: Record<CallOutcome, true> = {
  answered: true,
  busy: true,
  'no-answer': true,
  congestion: true,
  cancelled: true,
  declined: true,
  'not-found': true,
  rejected: true,
  failed: true,
  interrupted: true,
};

/** Every call outcome, for validating `outcome:` tag filters. */
export const CALL_OUTCOMES: readonly CallOutcome[] = Object.keys(OUTCOME_SET) as CallOutcome[];

/** Tags every call sample carries: the load scenario (absent when the call has none), outcome, browser, agent. */
export const CALL_TAG_KEYS: readonly string[] = ['scenario', 'outcome', 'browser', 'agent'];

const CALLS: readonly [string, string] = ['call', 'calls'];
const ANSWERED: readonly [string, string] = ['answered call', 'answered calls'];
const WITH_MEDIA: readonly [string, string] = ['call with media stats', 'calls with media stats'];
const VERIFIED: readonly [string, string] = ['verified call', 'verified calls'];

function callMetric(name: string, type: MetricType, unit: string, sampleNoun: readonly [string, string], description: string): MetricDefinition {
  return { name, type, unit, description, tagKeys: CALL_TAG_KEYS, requiredTagKeys: [], tagValues: { outcome: CALL_OUTCOMES }, sampleNoun };
}

/** callcheck's metrics, the names thresholds may use. */
export const METRICS: readonly MetricDefinition[] = [
  {
    ...callMetric('dial_latency', 'trend', 'ms', CALLS, 'Duration of one dial latency phase of a call (one sample per call per phase it reached); filter with {phase:<name>}.'),
    tagKeys: [...CALL_TAG_KEYS, 'phase'],
    requiredTagKeys: ['phase'],
    tagValues: { outcome: CALL_OUTCOMES, phase: PHASE_NAMES },
  },
  callMetric('post_dial_delay', 'trend', 'ms', CALLS, 'INVITE sent → first 180/183 received.'),
  callMetric('call_setup_time', 'trend', 'ms', CALLS, 'INVITE sent → first RTP packet received.'),
  callMetric('calls', 'counter', 'count', CALLS, 'Calls placed (ended, whatever their outcome).'),
  callMetric('calls_failed', 'rate', 'ratio', CALLS, 'Fraction of calls whose outcome is not the one their dialed number asks for.'),
  callMetric('audio_proven', 'rate', 'ratio', ANSWERED, "Fraction of answered calls whose own audio was heard coming back."),
  callMetric('mos', 'trend', 'MOS', WITH_MEDIA, 'Estimated listening quality of a call (E-model MOS, 1..4.5).'),
  callMetric('jitter', 'trend', 'ms', WITH_MEDIA, 'Interarrival jitter of the audio a call received.'),
  callMetric('rtt', 'trend', 'ms', WITH_MEDIA, 'Round-trip time of a call from RTCP.'),
  callMetric('packet_loss', 'trend', '%', WITH_MEDIA, 'Received packets lost, in percent of those expected.'),
  callMetric('cdr_matched', 'rate', 'ratio', VERIFIED, 'Fraction of verified calls whose CDR verdict conforms (matched, or not recorded as cdr.conf says).'),
  callMetric('cdr_missing', 'counter', 'count', VERIFIED, 'Verified calls whose CDR row is missing.'),
  callMetric('cdr_duplicate', 'counter', 'count', VERIFIED, 'Verified calls with more than one CDR row.'),
  callMetric('cdr_mismatched', 'counter', 'count', VERIFIED, 'Verified calls whose CDR row holds a wrong value.'),
  callMetric('cdr_not_recorded', 'counter', 'count', VERIFIED, 'Verified calls without a CDR row because cdr.conf records no such call (not a failure).'),
  callMetric('cdr_unexpected', 'counter', 'count', VERIFIED, 'Verified calls with a CDR row although cdr.conf says none should exist.'),
  callMetric('cdr_lost', 'counter', 'count', VERIFIED, 'Verified calls whose CDR row was lost because the CDR database was out when they hung up.'),
  callMetric('cdr_in_flight', 'counter', 'count', VERIFIED, 'Verified calls without a row because Asterisk went down while they were up.'),
  callMetric('cdr_not_placed', 'counter', 'count', VERIFIED, 'Verified calls without a row because Asterisk was down when they were dialed.'),
  callMetric('cdr_key_not_stored', 'counter', 'count', VERIFIED, 'Verified calls whose own row was written without the key (same agent and number, key column empty).'),
  {
    name: 'cdr_unknown_rows',
    type: 'counter',
    unit: 'count',
    description: 'CDR rows no call of the run accounts for (known once the CDR table was read).',
    tagKeys: [],
    requiredTagKeys: [],
    tagValues: {},
    sampleNoun: ['CDR check', 'CDR checks'],
  },
  {
    name: 'dropped_iterations',
    type: 'counter',
    unit: 'count',
    description: 'Calls a load scenario could not start in time (arrival-rate executors).',
    tagKeys: ['scenario'],
    requiredTagKeys: [],
    tagValues: {},
    sampleNoun: ['load scenario', 'load scenarios'],
  },
];

/** Every metric name, in catalogue order. */
export const METRIC_NAMES: readonly string[] = METRICS.map((m) => m.name);

export function metricDefinition(name: string): MetricDefinition | undefined {
  return METRICS.find((m) => m.name === name);
}

/** A call as metrics see it: during a run it has no CDR verdict yet, after verification it has one. */
export type MetricCall = CallRecord & { cdr?: CdrVerdict };

/** What metrics need beyond the calls. Leave a field out while it is not known yet: its metric then has no sample. */
export interface MetricExtras {
  /** CDR rows no call accounts for: one sample of this value. */
  unknownRows?: number;
  /** Dropped iterations per load scenario: one sample per entry; list every load scenario, with 0 where none dropped. */
  droppedIterations?: Readonly<Record<string, number>>;
}

/**
 * The samples of every metric, held as the calls themselves: a metric's values are computed when asked for
 * ({@link sampleValues}), so 100k calls cost no per-sample objects.
 */
export interface MetricSamples {
  readonly calls: readonly MetricCall[];
  readonly extras: MetricExtras;
}

export function metricSamples(calls: readonly MetricCall[], extras: MetricExtras = {}): MetricSamples {
  return { calls, extras };
}

/** Tag key → value a sample must carry to be aggregated. */
export type TagFilter = Readonly<Record<string, string>>;

type CallValue = (call: MetricCall) => number | undefined;

function phaseValue(phase: PhaseDefinition): CallValue {
  return (call) => {
    const from = call.timeline[phase.from];
    const to = call.timeline[phase.to];
    return from === undefined || to === undefined ? undefined : to - from;
  };
}

function phaseNamed(name: string): PhaseDefinition {
  const phase = PHASES.find((p) => p.name === name);
  if (!phase) throw new Error(`no phase named ${name}`);
  return phase;
}

function verdictCount(kind: CdrVerdictKind): CallValue {
  return (call) => (call.cdr === undefined ? undefined : call.cdr.kind === kind ? 1 : 0);
}

/**
 * The per-call value of each call metric; undefined where the call is not a sample of it. Rates are 1 or 0
 * (k6's Rate counts the non-zero samples); counters are increments (0 is a sample that counted nothing, so a
 * verified run with no missing row has data for `cdr_missing`).
 */
const CALL_VALUES: Readonly<Record<string, CallValue>> = {
  post_dial_delay: phaseValue(phaseNamed('post_dial_delay')),
  call_setup_time: phaseValue(phaseNamed('call_setup_time')),
  calls: () => 1,
  calls_failed: (call) => (callFailed(call) ? 1 : 0),
  audio_proven: (call) => (call.outcome === 'answered' ? (call.audio?.heard === true ? 1 : 0) : undefined),
  mos: (call) => call.media?.mos,
  jitter: (call) => call.media?.jitterMs,
  rtt: (call) => call.media?.roundTripTimeMs,
  packet_loss: (call) => call.media?.packetLossPct,
  cdr_matched: (call) => (call.cdr === undefined ? undefined : isConforming(call.cdr) ? 1 : 0),
  cdr_missing: verdictCount('missing'),
  cdr_duplicate: verdictCount('duplicate'),
  cdr_mismatched: verdictCount('mismatched'),
  cdr_not_recorded: verdictCount('not-recorded'),
  cdr_unexpected: verdictCount('unexpected-row'),
  cdr_lost: verdictCount('lost'),
  cdr_in_flight: verdictCount('in-flight'),
  cdr_not_placed: verdictCount('not-placed'),
  cdr_key_not_stored: verdictCount('key-not-stored'),
};

function callTag(call: MetricCall, key: string): string | undefined {
  switch (key) {
    case 'scenario':
      return call.loadScenario;
    case 'outcome':
      return call.outcome;
    case 'browser':
      return call.browser;
    case 'agent':
      return call.agent;
    default:
      return undefined;
  }
}

function callValues(calls: readonly MetricCall[], tags: TagFilter, values: readonly CallValue[]): number[] {
  const filter = Object.entries(tags);
  const out: number[] = [];
  calls: for (const call of calls) {
    for (const [key, value] of filter) if (callTag(call, key) !== value) continue calls;
    for (const valueOf of values) {
      const v = valueOf(call);
      if (v !== undefined && Number.isFinite(v)) out.push(v);
    }
  }
  return out;
}

/**
 * The values of `metric`'s samples whose tags match `tags` (every listed key with that value), in call order.
 * `dial_latency` without a `phase` tag yields every phase of every call; with an unknown phase, nothing.
 * Throws for a metric not in {@link METRICS}.
 */
export function sampleValues(samples: MetricSamples, metric: string, tags: TagFilter = {}): number[] {
  if (metric === 'dial_latency') {
    const { phase, ...callTags } = tags;
    const phases = phase === undefined ? PHASES : PHASES.filter((p) => p.name === phase);
    return callValues(samples.calls, callTags, phases.map(phaseValue));
  }
  const valueOf = CALL_VALUES[metric];
  if (valueOf) return callValues(samples.calls, tags, [valueOf]);
  if (metric === 'cdr_unknown_rows') {
    if (Object.keys(tags).length > 0 || samples.extras.unknownRows === undefined) return [];
    return [samples.extras.unknownRows];
  }
  if (metric === 'dropped_iterations') {
    const byScenario = samples.extras.droppedIterations ?? {};
    if (Object.keys(tags).some((key) => key !== 'scenario')) return [];
    return Object.entries(byScenario)
      .filter(([scenario]) => tags.scenario === undefined || tags.scenario === scenario)
      .map(([, dropped]) => dropped);
  }
  throw new Error(`unknown metric ${metric}`);
}
