import { callcheckErrorOf } from '../../tests/support/callcheck-error.ts';
import { describe, expect, it } from 'vitest';
import { parseMaxFailures, parseShard } from './cli-options.ts';

describe('parseMaxFailures', () => {
  it('reads a whole number of at least 1', () => {
    expect(parseMaxFailures('1')).toBe(1);
    expect(parseMaxFailures('25')).toBe(25);
  });

  it('refuses anything else as bad usage (exit 2), naming the input and the rule', () => {
    for (const bad of ['0', '-1', '1.5', '2e3', 'abc', '', ' ', '99999999999999999999']) {
      const error = callcheckErrorOf(() => parseMaxFailures(bad));
      expect(error.code, bad).toBe('INVALID_ARGUMENTS');
      expect(error.exitCode).toBe(2);
      expect(error.message).toBe(`--max-failures ${bad}: expected a whole number of failed calls, at least 1, e.g. --max-failures 5`);
    }
  });
});

describe('parseShard', () => {
  it('reads i/n, 1-based', () => {
    expect(parseShard('1/2')).toEqual({ shard: 1, count: 2 });
    expect(parseShard('3/3')).toEqual({ shard: 3, count: 3 });
    expect(parseShard('1/1')).toEqual({ shard: 1, count: 1 });
  });

  it('refuses what is not a shard of the split, naming the input', () => {
    for (const bad of ['0/2', '3/2', '1/0', '1', '1/2/3', 'a/b', '-1/2', '']) {
      const error = callcheckErrorOf(() => parseShard(bad));
      expect(error.code, bad).toBe('INVALID_ARGUMENTS');
      expect(error.message).toContain(`--shard ${bad}`);
    }
  });
});
