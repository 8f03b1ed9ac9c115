import { describe, expect, it } from 'vitest';
import { callcheckErrorOf } from '../../../tests/support/callcheck-error.ts';
import { METRIC_NAMES, METRICS, type MetricDefinition } from './metrics.ts';
import { PHASE_NAMES } from '../results/phases.ts';
import { aggregationText } from './threshold-expression.ts';
import { parseThresholds, type ParsedThreshold } from './threshold-parser.ts';

function only(key: string, entry: unknown): ParsedThreshold {
  const parsed = parseThresholds({ [key]: [entry] });
  expect(parsed).toHaveLength(1);
  return parsed[0] as ParsedThreshold;
}

function errorOf(option: unknown, catalogue?: readonly MetricDefinition[]) {
  const error = callcheckErrorOf(() => parseThresholds(option, catalogue));
  expect(error.code).toBe('INVALID_SCENARIO');
  return error;
}

const GAUGE: MetricDefinition = {
  name: 'active_calls',
  type: 'gauge',
  unit: 'count',
  description: 'calls in progress',
  tagKeys: [],
  requiredTagKeys: [],
  tagValues: {},
  sampleNoun: ['reading', 'readings'],
};

describe('parseThresholds: keys', () => {
  it('reads a bare metric name', () => {
    const t = only('cdr_matched', 'rate==1');
    expect(t.metric.name).toBe('cdr_matched');
    expect(t.tags).toEqual({});
    expect(t.key).toBe('cdr_matched');
  });

  it('reads a tag filter, tolerating whitespace and quoted values', () => {
    expect(only('dial_latency{phase:invite_to_200}', 'p(95)<300').tags).toEqual({ phase: 'invite_to_200' });
    expect(only(' dial_latency { phase : invite_to_200 , scenario : ramp } ', 'p(95)<300').tags).toEqual({ phase: 'invite_to_200', scenario: 'ramp' });
    expect(only('calls_failed{agent:"agent 7",browser:\'browser-1\'}', 'rate<0.01').tags).toEqual({ agent: 'agent 7', browser: 'browser-1' });
    expect(only('calls{scenario:"a,b:c"}', 'count>0').tags).toEqual({ scenario: 'a,b:c' });
  });

  it('keeps the key as written, for the report', () => {
    expect(only('dial_latency{phase:invite_to_200}', 'p(95)<300').key).toBe('dial_latency{phase:invite_to_200}');
  });

  it('refuses an unknown metric, listing the known ones', () => {
    const error = errorOf({ http_req_duration: ['p(95)<300'] });
    expect(error.message).toContain("threshold 'http_req_duration' ('p(95)<300'): unknown metric 'http_req_duration'");
    for (const name of METRIC_NAMES) expect(error.message).toContain(name);
    expect(error.hint).toContain('dial_latency{phase:invite_to_200}');
  });

  it('refuses dial_latency without a phase, listing the phases', () => {
    const error = errorOf({ dial_latency: ['p(95)<300'] });
    expect(error.message).toContain("threshold 'dial_latency' ('p(95)<300'): dial_latency needs a phase tag");
    for (const phase of PHASE_NAMES) expect(error.message).toContain(phase);
    expect(error.hint).toBe(`write 'dial_latency{phase:${PHASE_NAMES[0]}}'`);
    expect(errorOf({ 'dial_latency{scenario:ramp}': ['p(95)<300'] }).message).toContain('needs a phase tag');
  });

  it('refuses an unknown phase or outcome value, listing the known ones', () => {
    const phase = errorOf({ 'dial_latency{phase:invite_to_300}': ['p(95)<300'] });
    expect(phase.message).toContain("'invite_to_300' is not a known phase; the phases of dial_latency are dial_to_media_ready, ");
    const outcome = errorOf({ 'calls{outcome:answerd}': ['count>0'] });
    expect(outcome.message).toContain("'answerd' is not a known outcome; the outcomes of calls are answered, busy");
  });

  it('refuses a tag key the metric does not have', () => {
    const error = errorOf({ 'cdr_matched{phase:invite_to_200}': ['rate==1'] });
    expect(error.message).toContain("cdr_matched has no tag 'phase'; its tags are scenario, outcome, browser, agent");
    const none = errorOf({ 'cdr_unknown_rows{scenario:ramp}': ['count==0'] });
    expect(none.message).toContain("cdr_unknown_rows has no tags to filter on, got 'scenario'");
    expect(none.hint).toBe("write the key without a tag filter: 'cdr_unknown_rows'");
  });

  it('refuses malformed keys and tag filters', () => {
    expect(errorOf({ 'dial_latency{phase:invite_to_200': ['p(95)<300'] }).message).toContain('not a metric key');
    expect(errorOf({ '{phase:invite_to_200}': ['p(95)<300'] }).message).toContain('not a metric key');
    expect(errorOf({ 'calls{}': ['count>0'] }).message).toContain("tag filter '' is not tag:value");
    expect(errorOf({ 'calls{scenario}': ['count>0'] }).message).toContain("tag filter 'scenario' is not tag:value");
    expect(errorOf({ 'calls{scenario:}': ['count>0'] }).message).toContain("tag filter 'scenario:' is not tag:value");
    expect(errorOf({ 'calls{scenario:"ramp}': ['count>0'] }).message).toContain('quote in the tag filter is not closed');
    expect(errorOf({ 'calls{scenario:a,scenario:b}': ['count>0'] }).message).toContain("tag 'scenario' is given twice");
  });
});

describe('parseThresholds: expressions', () => {
  it('reads every aggregation of a trend', () => {
    const key = 'dial_latency{phase:invite_to_200}';
    expect(only(key, 'avg<200').aggregation).toEqual({ method: 'avg' });
    expect(only(key, 'min>0').aggregation).toEqual({ method: 'min' });
    expect(only(key, 'max<2000').aggregation).toEqual({ method: 'max' });
    expect(only(key, 'med<150').aggregation).toEqual({ method: 'med' });
    expect(only(key, 'p(95)<300').aggregation).toEqual({ method: 'p', p: 95 });
    expect(only(key, 'p(99.9)<800').aggregation).toEqual({ method: 'p', p: 99.9 });
    expect(only(key, 'p(0)>=0').aggregation).toEqual({ method: 'p', p: 0 });
    expect(only(key, 'p(100)<5000').aggregation).toEqual({ method: 'p', p: 100 });
  });

  it('reads the aggregations of rates, counters and gauges', () => {
    expect(only('cdr_matched', 'rate==1').aggregation).toEqual({ method: 'rate' });
    expect(only('cdr_missing', 'count==0').aggregation).toEqual({ method: 'count' });
    expect(only('calls', 'rate>=5').aggregation).toEqual({ method: 'rate' });
    const catalogue = [...METRICS, GAUGE];
    for (const method of ['value', 'min', 'max'] as const) {
      expect(parseThresholds({ active_calls: [`${method}<100`] }, catalogue)[0]?.aggregation).toEqual({ method });
    }
  });

  it('reads every operator and the number, whatever the whitespace', () => {
    const ops = ['<', '<=', '>', '>=', '==', '===', '!='] as const;
    for (const op of ops) {
      const t = only('cdr_matched', `rate${op}0.5`);
      expect(t.operator, op).toBe(op);
      expect(t.target).toBe(0.5);
    }
    const spaced = only('dial_latency{phase:invite_to_200}', '  p( 95 )  <=  300.5 ');
    expect(spaced).toMatchObject({ aggregation: { method: 'p', p: 95 }, operator: '<=', target: 300.5, expression: 'p( 95 )  <=  300.5' });
    expect(only('calls', 'count>1e3').target).toBe(1000);
    expect(only('cdr_matched', 'rate>.99').target).toBe(0.99);
    expect(only('cdr_matched', 'rate>-1').target).toBe(-1);
  });

  it('reads the object form with abortOnFail and delayAbortEval', () => {
    const t = only('calls_failed', { threshold: 'rate<0.05', abortOnFail: true, delayAbortEval: '1m30s' });
    expect(t).toMatchObject({ expression: 'rate<0.05', operator: '<', target: 0.05, abortOnFail: true, delayAbortEvalMs: 90_000 });
    expect(only('calls_failed', { threshold: 'rate<0.05' })).toMatchObject({ abortOnFail: false, delayAbortEvalMs: 0 });
    expect(only('calls_failed', 'rate<0.05')).toMatchObject({ abortOnFail: false, delayAbortEvalMs: 0 });
  });

  it('keeps every expression of every key, in order', () => {
    const parsed = parseThresholds({
      'dial_latency{phase:invite_to_200}': ['p(95)<300', 'max<2000'],
      cdr_matched: ['rate==1'],
    });
    expect(parsed.map((t) => `${t.key} ${aggregationText(t.aggregation)}${t.operator}${t.target}`)).toEqual([
      'dial_latency{phase:invite_to_200} p(95)<300',
      'dial_latency{phase:invite_to_200} max<2000',
      'cdr_matched rate==1',
    ]);
  });

  it('takes no thresholds from an absent or empty option', () => {
    expect(parseThresholds(undefined)).toEqual([]);
    expect(parseThresholds({})).toEqual([]);
    expect(parseThresholds({ cdr_matched: [] })).toEqual([]);
  });

  it('refuses an aggregation the metric type does not have', () => {
    const rate = errorOf({ cdr_matched: ['p(95)<1'] });
    expect(rate.message).toBe("threshold 'cdr_matched': 'p(95)<1': p(95) does not apply to cdr_matched, a rate");
    expect(rate.hint).toContain("rate==1");
    const trend = errorOf({ 'dial_latency{phase:invite_to_200}': ['rate<0.1'] });
    expect(trend.message).toContain('rate does not apply to dial_latency, a trend');
    expect(trend.hint).toContain('p(95)<300');
    const counter = errorOf({ cdr_missing: ['value==0'] });
    expect(counter.message).toContain('value does not apply to cdr_missing, a counter');
    expect(counter.hint).toContain("count==0");
    const gauge = errorOf({ active_calls: ['avg<5'] }, [...METRICS, GAUGE]);
    expect(gauge.message).toContain('avg does not apply to active_calls, a gauge');
  });

  it('refuses unknown aggregations, bad percentiles and arguments where none go', () => {
    expect(errorOf({ 'dial_latency{phase:invite_to_200}': ['p95<300'] }).message).toContain("unknown aggregation 'p95'");
    expect(errorOf({ 'dial_latency{phase:invite_to_200}': ['mean<300'] }).message).toContain("unknown aggregation 'mean'");
    expect(errorOf({ 'dial_latency{phase:invite_to_200}': ['p(101)<300'] }).message).toContain("p(N) needs a percentile N from 0 to 100, got '101'");
    expect(errorOf({ 'dial_latency{phase:invite_to_200}': ['p(-1)<300'] }).message).toContain("got '-1'");
    expect(errorOf({ 'dial_latency{phase:invite_to_200}': ['p()<300'] }).message).toContain("got ''");
    expect(errorOf({ 'dial_latency{phase:invite_to_200}': ['p<300'] }).message).toContain('got none');
    const avg = errorOf({ 'dial_latency{phase:invite_to_200}': ['avg(5)<300'] });
    expect(avg.message).toContain('avg takes no argument');
    expect(avg.hint).toBe("write 'avg<300'");
  });

  it('refuses malformed expressions and targets that are not numbers', () => {
    const noOp = errorOf({ cdr_matched: ['rate=1'] });
    expect(noOp.message).toBe("threshold 'cdr_matched': 'rate=1' is not <aggregation> <operator> <number> (operators: <, <=, >, >=, ==, ===, !=)");
    expect(errorOf({ cdr_matched: [''] }).message).toContain("'' is not <aggregation>");
    expect(errorOf({ cdr_matched: ['<1'] }).message).toContain('is not <aggregation>');
    const unit = errorOf({ 'dial_latency{phase:invite_to_200}': ['p(95)<300ms'] });
    expect(unit.message).toContain("'300ms' is not a number");
    expect(unit.hint).toContain('milliseconds (no unit)');
    expect(errorOf({ cdr_matched: ['rate<'] }).message).toContain("'' is not a number");
    expect(errorOf({ cdr_matched: ['rate !== 1'] }).message).toContain("'= 1' is not a number");
  });

  it('refuses entries of the wrong shape', () => {
    const notList = errorOf({ cdr_matched: 'rate==1' });
    expect(notList.message).toContain("threshold 'cdr_matched': expected a list of expressions");
    expect(notList.hint).toBe("write 'cdr_matched': ['rate==1']");
    expect(errorOf({ cdr_matched: [42] }).message).toContain('entry 42 is neither an expression nor an object');
    expect(errorOf({ cdr_matched: [{ abortOnFail: true }] }).message).toContain('has no threshold expression');
    expect(errorOf({ cdr_matched: [{ threshold: 'rate==1', abortOnfail: true }] }).message).toBe(
      "threshold 'cdr_matched': 'rate==1': unknown field abortOnfail",
    );
    expect(errorOf({ cdr_matched: [{ threshold: 'rate==1', abortOnFail: 'yes' }] }).message).toContain('abortOnFail must be true or false, got "yes"');
    expect(errorOf({ cdr_matched: [{ threshold: 'rate==1', delayAbortEval: '10 seconds' }] }).message).toContain('delayAbortEval "10 seconds" is not a duration');
    expect(errorOf(['cdr_matched']).message).toBe('thresholds must map metric keys to lists of expressions');
  });

  it('names every bad threshold in one error', () => {
    const error = errorOf({
      'dial_latency{phase:invite_to_200}': ['p(95)<300', 'p95<300'],
      cdr_macthed: ['rate==1'],
      cdr_matched: ['rate==1', { threshold: 'count==0' }],
    });
    expect(error.message.split('\n')).toEqual([
      '3 thresholds are invalid:',
      expect.stringContaining("'p95<300': unknown aggregation 'p95'"),
      expect.stringContaining("unknown metric 'cdr_macthed'"),
      expect.stringContaining("'count==0': count does not apply to cdr_matched, a rate"),
    ]);
    expect(error.hint?.split('\n').length).toBe(3);
  });
});
