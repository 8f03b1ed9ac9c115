import { describe, expect, it } from 'vitest';
import { parseK6Duration } from './k6-duration.ts';

describe('parseK6Duration', () => {
  it('reads single and combined units', () => {
    expect(parseK6Duration('500ms')).toBe(500);
    expect(parseK6Duration('30s')).toBe(30_000);
    expect(parseK6Duration('1m30s')).toBe(90_000);
    expect(parseK6Duration('1h2m3s4ms')).toBe(3_723_004);
    expect(parseK6Duration('1.5s')).toBe(1500);
  });

  it('takes a plain number as milliseconds', () => {
    expect(parseK6Duration(250)).toBe(250);
    expect(parseK6Duration('250')).toBe(250);
  });

  it('refuses what is not a duration', () => {
    for (const bad of ['', 's', '10x', '10 s', '-5s', '1m 30s', 'ten seconds']) expect(parseK6Duration(bad), bad).toBeUndefined();
    expect(parseK6Duration(-1)).toBeUndefined();
    expect(parseK6Duration(Number.NaN)).toBeUndefined();
  });
});
