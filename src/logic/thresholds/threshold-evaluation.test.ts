import { describe, expect, it } from 'vitest';
import type { CdrVerdict } from '../../contracts/verdict.ts';
import { fakeCall } from '../../../tests/support/fake-calls.ts';
import { metricSamples, type MetricCall } from './metrics.ts';
import { parseThresholds } from './threshold-parser.ts';
import { aggregate, compare, evaluateThresholds, thresholdsToAbort } from './threshold-evaluation.ts';

/** An answered call whose INVITE → 200 OK took `ms`. */
function answeredIn(n: number, ms: number, overrides: Partial<MetricCall> = {}): MetricCall {
  return fakeCall(n, { timeline: { dialRequested: 1000, inviteSent: 1000, answered: 1000 + ms }, loadScenario: 'steady', ...overrides });
}

const MISSING: CdrVerdict = { kind: 'missing', reason: 'no row' };
const NOT_RECORDED: CdrVerdict = { kind: 'not-recorded', reason: 'unanswered = no' };

describe('aggregate', () => {
  const values = [40, 10, 30, 20];

  it('aggregates trends: avg, min, max, med and p(N) by linear interpolation', () => {
    expect(aggregate('trend', { method: 'avg' }, values, 1)).toBe(25);
    expect(aggregate('trend', { method: 'min' }, values, 1)).toBe(10);
    expect(aggregate('trend', { method: 'max' }, values, 1)).toBe(40);
    expect(aggregate('trend', { method: 'med' }, values, 1)).toBe(25);
    expect(aggregate('trend', { method: 'p', p: 95 }, values, 1)).toBeCloseTo(38.5, 10);
    expect(aggregate('trend', { method: 'p', p: 0 }, values, 1)).toBe(10);
    expect(aggregate('trend', { method: 'p', p: 100 }, values, 1)).toBe(40);
  });

  it('rates a rate as the fraction of non-zero samples', () => {
    expect(aggregate('rate', { method: 'rate' }, [1, 0, 1, 1], 10)).toBe(0.75);
    expect(aggregate('rate', { method: 'rate' }, [0, 0], 10)).toBe(0);
  });

  it('counts a counter and rates it per second of the duration', () => {
    expect(aggregate('counter', { method: 'count' }, [1, 0, 1, 1], 2)).toBe(3);
    expect(aggregate('counter', { method: 'rate' }, [1, 0, 1, 1], 2)).toBe(1.5);
    expect(aggregate('counter', { method: 'rate' }, [1, 1], 0)).toBeUndefined();
  });

  it('gives a gauge its last value, min and max', () => {
    expect(aggregate('gauge', { method: 'value' }, [3, 9, 5], 1)).toBe(5);
    expect(aggregate('gauge', { method: 'min' }, [3, 9, 5], 1)).toBe(3);
    expect(aggregate('gauge', { method: 'max' }, [3, 9, 5], 1)).toBe(9);
  });

  it('has no value without samples', () => {
    for (const method of ['avg', 'min', 'max', 'med', 'rate', 'count', 'value'] as const) {
      expect(aggregate('trend', { method }, [], 1), method).toBeUndefined();
    }
  });
});

describe('compare', () => {
  it.each([
    ['<', 1, 2, true],
    ['<', 2, 2, false],
    ['<=', 2, 2, true],
    ['<=', 3, 2, false],
    ['>', 3, 2, true],
    ['>', 2, 2, false],
    ['>=', 2, 2, true],
    ['>=', 1, 2, false],
    ['==', 1, 1, true],
    ['==', 0.999, 1, false],
    ['===', 1, 1, true],
    ['===', 2, 1, false],
    ['!=', 2, 1, true],
    ['!=', 1, 1, false],
  ] as const)('%s: %d against %d is %s', (op, observed, target, expected) => {
    expect(compare(observed, op, target)).toBe(expected);
  });
});

describe('evaluateThresholds', () => {
  it('evaluates a tagged dial latency percentile over the matching calls', () => {
    const calls = [100, 200, 300, 400, 500].map((ms, i) => answeredIn(i + 1, ms));
    calls.push(answeredIn(6, 5000, { loadScenario: 'spike' }));
    const thresholds = parseThresholds({
      'dial_latency{phase:invite_to_200,scenario:steady}': ['p(95)<500', 'max<=500', { threshold: 'avg>300', abortOnFail: true }],
    });
    const results = evaluateThresholds(thresholds, metricSamples(calls), { durationS: 60 });
    expect(results.map((r) => [r.expression, r.observed, r.passed])).toEqual([
      ['p(95)<500', 480, true],
      ['max<=500', 500, true],
      ['avg>300', 300, false],
    ]);
    expect(results[0]).toEqual({
      key: 'dial_latency{phase:invite_to_200,scenario:steady}',
      metric: 'dial_latency',
      tags: { phase: 'invite_to_200', scenario: 'steady' },
      expression: 'p(95)<500',
      aggregation: 'p(95)',
      operator: '<',
      target: 500,
      observed: 480,
      unit: 'ms',
      samples: 5,
      sampleNoun: 'calls',
      noData: false,
      passed: true,
      abortOnFail: false,
    });
    expect(results[2]?.abortOnFail).toBe(true);
  });

  it('evaluates rates and counters over verified calls', () => {
    const calls: MetricCall[] = [
      { ...answeredIn(1, 100), cdr: NOT_RECORDED },
      { ...answeredIn(2, 100), cdr: MISSING },
      { ...answeredIn(3, 100), cdr: NOT_RECORDED },
      { ...answeredIn(4, 100), cdr: NOT_RECORDED },
    ];
    const thresholds = parseThresholds({ cdr_matched: ['rate==1', 'rate>=0.75'], cdr_missing: ['count==0', 'count<2'], calls: ['rate>=0.1'] });
    const results = evaluateThresholds(thresholds, metricSamples(calls), { durationS: 20 });
    expect(results.map((r) => [r.key, r.expression, r.observed, r.unit, r.passed])).toEqual([
      ['cdr_matched', 'rate==1', 0.75, 'ratio', false],
      ['cdr_matched', 'rate>=0.75', 0.75, 'ratio', true],
      ['cdr_missing', 'count==0', 1, 'count', false],
      ['cdr_missing', 'count<2', 1, 'count', true],
      ['calls', 'rate>=0.1', 0.2, '/s', true],
    ]);
    expect(results[0]?.sampleNoun).toBe('verified calls');
  });

  it('passes cdr_missing count==0 on a clean verified run: zero counted is data', () => {
    const calls: MetricCall[] = [{ ...answeredIn(1, 100), cdr: NOT_RECORDED }];
    const [result] = evaluateThresholds(parseThresholds({ cdr_missing: ['count==0'] }), metricSamples(calls), { durationS: 5 });
    expect(result).toMatchObject({ observed: 0, samples: 1, sampleNoun: 'verified call', noData: false, passed: true });
  });

  it('fails a threshold without data, whatever the metric type, and says so', () => {
    const unverified = metricSamples([answeredIn(1, 100)]);
    const thresholds = parseThresholds({
      cdr_matched: ['rate==1'],
      cdr_missing: ['count==0'],
      'dial_latency{phase:invite_to_200,scenario:spike}': ['p(95)<300'],
      cdr_unknown_rows: ['count==0'],
    });
    const results = evaluateThresholds(thresholds, unverified, { durationS: 5 });
    for (const r of results) expect(r, r.key).toMatchObject({ observed: null, samples: 0, noData: true, passed: false });
  });

  it('fails a no-data threshold even when its expression would hold for a zero (count<1, rate!=0.5)', () => {
    const results = evaluateThresholds(parseThresholds({ cdr_missing: ['count<1'], cdr_matched: ['rate!=0.5'] }), metricSamples([]), { durationS: 5 });
    expect(results.map((r) => r.passed)).toEqual([false, false]);
  });

  it('evaluates the extras: unknown rows and dropped iterations per scenario', () => {
    const samples = metricSamples([], { unknownRows: 2, droppedIterations: { ramp: 4, steady: 0 } });
    const results = evaluateThresholds(
      parseThresholds({ cdr_unknown_rows: ['count==0'], dropped_iterations: ['count<=4'], 'dropped_iterations{scenario:steady}': ['count==0'] }),
      samples,
      { durationS: 5 },
    );
    expect(results.map((r) => [r.observed, r.passed])).toEqual([
      [2, false],
      [4, true],
      [0, true],
    ]);
  });
});

describe('thresholdsToAbort', () => {
  const thresholds = parseThresholds({
    calls_failed: [{ threshold: 'rate<0.5', abortOnFail: true, delayAbortEval: '10s' }, 'rate<0.1'],
    'dial_latency{phase:invite_to_200}': [{ threshold: 'p(95)<300', abortOnFail: true }],
    cdr_matched: [{ threshold: 'rate==1', abortOnFail: true }],
    calls: [{ threshold: 'rate>=1', abortOnFail: true, delayAbortEval: '2s' }],
  });
  const failing = [answeredIn(1, 100, { outcome: 'failed' }), answeredIn(2, 100, { outcome: 'failed' }), answeredIn(3, 900)];

  it('waits for delayAbortEval before a threshold may abort', () => {
    const samples = metricSamples(failing);
    expect(thresholdsToAbort(thresholds, samples, 1_999).map((r) => r.key)).toEqual(['dial_latency{phase:invite_to_200}']);
    expect(thresholdsToAbort(thresholds, samples, 9_999).map((r) => r.key)).toEqual(['dial_latency{phase:invite_to_200}', 'calls']);
    expect(thresholdsToAbort(thresholds, samples, 10_000).map((r) => `${r.key} ${r.expression}`)).toEqual([
      'calls_failed rate<0.5',
      'dial_latency{phase:invite_to_200} p(95)<300',
      'calls rate>=1',
    ]);
  });

  it('never aborts on a threshold without abortOnFail, one that holds, or one without data yet', () => {
    const healthy = metricSamples([answeredIn(1, 100), answeredIn(2, 120), answeredIn(3, 140)]);
    expect(thresholdsToAbort(thresholds, healthy, 3_000)).toEqual([]);
    // cdr_matched has no sample during a run (no verdict yet), so it does not abort although `rate==1` cannot be shown.
    expect(thresholdsToAbort(thresholds, metricSamples([]), 60_000)).toEqual([]);
  });

  it('rates counters per second of the time elapsed so far', () => {
    const samples = metricSamples([answeredIn(1, 100), answeredIn(2, 100), answeredIn(3, 100)]);
    expect(thresholdsToAbort(thresholds, samples, 3_000)).toEqual([]);
    const [result] = thresholdsToAbort(thresholds, samples, 4_000);
    expect(result).toMatchObject({ key: 'calls', observed: 0.75, passed: false });
  });
});
