import { describe, expect, it } from 'vitest';
import { callcheckErrorOf } from '../../tests/support/callcheck-error.ts';
import { parseMaxFailures } from './parse-max-failures.ts';

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
