import { describe, expect, it } from 'vitest';
import type { CdrVerdict } from '../../contracts/verdict.ts';
import { fakeCall, fakeRowFor } from '../../../tests/support/fake-calls.ts';
import { CALL_OUTCOMES, METRIC_NAMES, METRICS, metricDefinition, metricSamples, sampleValues, type MetricCall } from './metrics.ts';
import { PHASE_NAMES, phaseDurations } from '../results/phases.ts';

const TIMELINE = { dialRequested: 1000, mediaReady: 1010, iceGathered: 1030, inviteSent: 1040, trying: 1045, ringing: 1100, answered: 1340, firstRtp: 1400, ended: 3000 };

function call(n: number, overrides: Partial<MetricCall> = {}): MetricCall {
  return fakeCall(n, { timeline: TIMELINE, loadScenario: 'steady', ...overrides });
}

function matched(c: MetricCall): CdrVerdict {
  return { kind: 'matched', row: fakeRowFor(c, { 'X-CRM-Id': 'crm_id' }) };
}

describe('metric catalogue', () => {
  it('names each metric once and knows its type', () => {
    expect(new Set(METRIC_NAMES).size).toBe(METRICS.length);
    expect(metricDefinition('dial_latency')?.type).toBe('trend');
    expect(metricDefinition('cdr_matched')?.type).toBe('rate');
    expect(metricDefinition('calls')?.type).toBe('counter');
    expect(metricDefinition('packet_loss')?.unit).toBe('%');
    expect(metricDefinition('http_req_duration')).toBeUndefined();
  });

  it('requires a phase on dial_latency, from the phase names', () => {
    const dial = metricDefinition('dial_latency');
    expect(dial?.requiredTagKeys).toEqual(['phase']);
    expect(dial?.tagValues.phase).toEqual(PHASE_NAMES);
    expect(dial?.tagKeys).toEqual(['scenario', 'outcome', 'browser', 'agent', 'phase']);
  });

  it('lets call metrics filter on scenario, outcome, browser and agent, and lists every outcome', () => {
    expect(metricDefinition('calls_failed')?.tagKeys).toEqual(['scenario', 'outcome', 'browser', 'agent']);
    expect([...CALL_OUTCOMES].sort()).toEqual(['answered', 'busy', 'cancelled', 'congestion', 'declined', 'failed', 'interrupted', 'no-answer', 'not-found', 'rejected']);
    expect(metricDefinition('cdr_unknown_rows')?.tagKeys).toEqual([]);
    expect(metricDefinition('dropped_iterations')?.tagKeys).toEqual(['scenario']);
  });
});

describe('sampleValues', () => {
  it('gives one dial_latency sample per call for the phase asked for', () => {
    const calls = [call(1), call(2, { timeline: { ...TIMELINE, answered: 1540 } }), call(3, { timeline: { dialRequested: 1000 } })];
    const samples = metricSamples(calls);
    expect(sampleValues(samples, 'dial_latency', { phase: 'invite_to_200' })).toEqual([300, 500]);
    expect(sampleValues(samples, 'dial_latency', { phase: 'dial_to_media_ready' })).toEqual([10, 10]);
    expect(sampleValues(samples, 'dial_latency', { phase: 'no_such_phase' })).toEqual([]);
  });

  it('gives every phase of every call for dial_latency without a phase tag', () => {
    const samples = metricSamples([call(1), call(2)]);
    const perCall = Object.values(phaseDurations(TIMELINE)).sort((a, b) => a - b);
    expect(sampleValues(samples, 'dial_latency').sort((a, b) => a - b)).toEqual([...perCall, ...perCall].sort((a, b) => a - b));
  });

  it('gives post_dial_delay and call_setup_time the values of their phases', () => {
    const samples = metricSamples([call(1), call(2, { timeline: { ...TIMELINE, ringing: undefined } })]);
    expect(sampleValues(samples, 'post_dial_delay')).toEqual([60]);
    expect(sampleValues(samples, 'post_dial_delay')).toEqual(sampleValues(samples, 'dial_latency', { phase: 'post_dial_delay' }));
    expect(sampleValues(samples, 'call_setup_time')).toEqual([360, 360]);
  });

  it('filters call samples on scenario, outcome, browser and agent together', () => {
    const calls = [
      call(1, { loadScenario: 'ramp', browser: 'browser-1', agent: 'agent001' }),
      call(2, { loadScenario: 'ramp', browser: 'browser-2', agent: 'agent002' }),
      call(3, { loadScenario: 'steady', browser: 'browser-2', agent: 'agent002', outcome: 'busy', plannedOutcome: 'busy' }),
      call(4, { loadScenario: undefined }),
    ];
    const samples = metricSamples(calls);
    expect(sampleValues(samples, 'calls')).toEqual([1, 1, 1, 1]);
    expect(sampleValues(samples, 'calls', { scenario: 'ramp' })).toHaveLength(2);
    expect(sampleValues(samples, 'calls', { scenario: 'ramp', browser: 'browser-2' })).toHaveLength(1);
    expect(sampleValues(samples, 'calls', { agent: 'agent002' })).toHaveLength(2);
    expect(sampleValues(samples, 'calls', { outcome: 'busy' })).toHaveLength(1);
    expect(sampleValues(samples, 'calls', { outcome: 'busy', scenario: 'ramp' })).toHaveLength(0);
    expect(sampleValues(samples, 'dial_latency', { phase: 'invite_to_200', scenario: 'steady' })).toEqual([300]);
  });

  it('counts a call without a load scenario in no scenario filter', () => {
    const samples = metricSamples([call(1, { loadScenario: undefined })]);
    expect(sampleValues(samples, 'calls', { scenario: 'default' })).toEqual([]);
    expect(sampleValues(samples, 'calls')).toEqual([1]);
  });

  it('rates calls_failed over every call, by the planned outcome', () => {
    const samples = metricSamples([
      call(1),
      call(2, { plannedOutcome: 'busy', outcome: 'busy' }),
      call(3, { outcome: 'failed' }),
      call(4, { plannedOutcome: 'busy', outcome: 'answered' }),
    ]);
    expect(sampleValues(samples, 'calls_failed')).toEqual([0, 0, 1, 1]);
  });

  it('rates audio_proven over answered calls only', () => {
    const samples = metricSamples([
      call(1, { audio: { signature: 'a', heard: true } }),
      call(2, { audio: { signature: 'b', heard: false } }),
      call(3),
      call(4, { outcome: 'busy', plannedOutcome: 'busy', audio: { signature: 'd', heard: true } }),
    ]);
    expect(sampleValues(samples, 'audio_proven')).toEqual([1, 0, 0]);
  });

  it('takes mos, jitter, rtt and packet_loss from the media stats that have them', () => {
    const media = { iceConnectionState: 'connected', packetsSent: 100, packetsReceived: 98, bytesReceived: 16_000, packetsLost: 2 };
    const samples = metricSamples([
      call(1, { media: { ...media, mos: 4.3, jitterMs: 2.5, roundTripTimeMs: 12, packetLossPct: 2 } }),
      call(2, { media }),
      call(3),
      call(4, { media: { ...media, mos: 3.9, jitterMs: 7, roundTripTimeMs: 30, packetLossPct: 0 } }),
    ]);
    expect(sampleValues(samples, 'mos')).toEqual([4.3, 3.9]);
    expect(sampleValues(samples, 'jitter')).toEqual([2.5, 7]);
    expect(sampleValues(samples, 'rtt')).toEqual([12, 30]);
    expect(sampleValues(samples, 'packet_loss')).toEqual([2, 0]);
  });

  it('has no CDR samples for calls without a verdict (during a run)', () => {
    const samples = metricSamples([call(1), call(2)]);
    for (const metric of ['cdr_matched', 'cdr_missing', 'cdr_duplicate', 'cdr_mismatched', 'cdr_not_recorded', 'cdr_unexpected']) {
      expect(sampleValues(samples, metric), metric).toEqual([]);
    }
  });

  it('rates cdr_matched by conformance and counts each verdict kind over verified calls', () => {
    const c1 = call(1);
    const c4 = call(4);
    const calls: MetricCall[] = [
      { ...c1, cdr: matched(c1) },
      { ...call(2), cdr: { kind: 'missing', reason: 'no row' } },
      { ...call(3), cdr: { kind: 'duplicate', rows: [] } },
      { ...c4, cdr: { kind: 'mismatched', row: fakeRowFor(c4, {}), mismatches: [] } },
      { ...call(5), cdr: { kind: 'not-recorded', reason: 'unanswered = no' } },
      { ...call(6), cdr: { kind: 'unexpected-row', row: fakeRowFor(call(6), {}), reason: 'unanswered = no' } },
      call(7),
    ];
    const samples = metricSamples(calls);
    expect(sampleValues(samples, 'cdr_matched')).toEqual([1, 0, 0, 0, 1, 0]);
    expect(sampleValues(samples, 'cdr_missing')).toEqual([0, 1, 0, 0, 0, 0]);
    expect(sampleValues(samples, 'cdr_duplicate')).toEqual([0, 0, 1, 0, 0, 0]);
    expect(sampleValues(samples, 'cdr_mismatched')).toEqual([0, 0, 0, 1, 0, 0]);
    expect(sampleValues(samples, 'cdr_not_recorded')).toEqual([0, 0, 0, 0, 1, 0]);
    expect(sampleValues(samples, 'cdr_unexpected')).toEqual([0, 0, 0, 0, 0, 1]);
  });

  it('takes cdr_unknown_rows and dropped_iterations from the extras, once known', () => {
    const unknown = metricSamples([], {});
    expect(sampleValues(unknown, 'cdr_unknown_rows')).toEqual([]);
    expect(sampleValues(unknown, 'dropped_iterations')).toEqual([]);
    const known = metricSamples([], { unknownRows: 0, droppedIterations: { ramp: 3, steady: 0 } });
    expect(sampleValues(known, 'cdr_unknown_rows')).toEqual([0]);
    expect(sampleValues(known, 'dropped_iterations')).toEqual([3, 0]);
    expect(sampleValues(known, 'dropped_iterations', { scenario: 'ramp' })).toEqual([3]);
    expect(sampleValues(known, 'dropped_iterations', { scenario: 'spike' })).toEqual([]);
  });

  it('throws for a metric it does not know', () => {
    expect(() => sampleValues(metricSamples([]), 'http_req_duration')).toThrow('unknown metric http_req_duration');
  });
});
