import { describe, expect, it } from 'vitest';
import { callcheckErrorOf } from '../../tests/support/callcheck-error.ts';
import { parseShard } from './parse-shard.ts';

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
