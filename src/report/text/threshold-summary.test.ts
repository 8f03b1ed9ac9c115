import { describe, expect, it } from 'vitest';
import type { ThresholdResult } from '../../contracts/threshold-options.ts';
import { displayNumber, formatObserved, thresholdLine, thresholdLines } from './threshold-summary.ts';

function result(overrides: Partial<ThresholdResult>): ThresholdResult {
  return {
    key: 'dial_latency{phase:invite_to_200}',
    metric: 'dial_latency',
    tags: { phase: 'invite_to_200' },
    expression: 'p(95)<300',
    aggregation: 'p(95)',
    operator: '<',
    target: 300,
    observed: 412.34,
    unit: 'ms',
    samples: 1200,
    sampleNoun: 'calls',
    noData: false,
    passed: false,
    abortOnFail: false,
    ...overrides,
  };
}

describe('thresholdLine', () => {
  it('marks a failed threshold and gives the value, unit and sample count', () => {
    expect(thresholdLine(result({}))).toBe('✗ dial_latency{phase:invite_to_200} p(95)<300: 412.3 ms over 1200 calls');
  });

  it('marks a passed one', () => {
    expect(thresholdLine(result({ observed: 250, passed: true }))).toBe('✓ dial_latency{phase:invite_to_200} p(95)<300: 250 ms over 1200 calls');
  });

  it('says when there was no data and that it counts as failed', () => {
    const line = thresholdLine(
      result({ key: 'cdr_matched', expression: 'rate==1', observed: null, unit: 'ratio', samples: 0, sampleNoun: 'verified calls', noData: true }),
    );
    expect(line).toBe('✗ cdr_matched rate==1: no data (0 verified calls), counts as failed');
  });

  it('writes one line per result, in order', () => {
    expect(thresholdLines([result({}), result({ key: 'cdr_missing', expression: 'count==0', observed: 0, unit: 'count', target: 0, passed: true })])).toEqual([
      '✗ dial_latency{phase:invite_to_200} p(95)<300: 412.3 ms over 1200 calls',
      '✓ cdr_missing count==0: 0 over 1200 calls',
    ]);
  });
});

describe('formatObserved', () => {
  it('formats each unit', () => {
    expect(formatObserved(result({ observed: 0.995, unit: 'ratio', target: 1 }))).toBe('0.995 (1194/1200)');
    expect(formatObserved(result({ observed: 3, unit: 'count', target: 0 }))).toBe('3');
    expect(formatObserved(result({ observed: 0.5234, unit: '/s', target: 1 }))).toBe('0.52/s');
    expect(formatObserved(result({ observed: 1.256, unit: '%', target: 1 }))).toBe('1.26%');
    expect(formatObserved(result({ observed: 4.213, unit: 'MOS', target: 4 }))).toBe('4.21 MOS');
  });
});

describe('displayNumber', () => {
  it('shows more decimals where rounding would land on or across the target', () => {
    expect(displayNumber(299.96, 1, 300)).toBe('299.96');
    expect(displayNumber(300.04, 1, 300.01)).toBe('300.04');
    expect(displayNumber(0.99999, 4, 1)).toBe('0.99999');
    expect(displayNumber(300, 1, 300)).toBe('300');
    expect(displayNumber(412.34, 1, 300)).toBe('412.3');
  });
});
