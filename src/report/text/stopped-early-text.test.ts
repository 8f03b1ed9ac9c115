import { describe, expect, it } from 'vitest';
import { stoppedEarlyText } from './stopped-early-text.ts';

describe('stoppedEarlyText', () => {
  it('says which limit stopped the load and after how many calls', () => {
    expect(stoppedEarlyText({ reason: 'max-failures', afterCalls: 3, maxFailures: 2 })).toBe(
      'stopped early: 2 calls had failed (--max-failures 2); 3 calls placed in all, those in flight let end, every one verified',
    );
    expect(stoppedEarlyText({ reason: 'max-failures', afterCalls: 1, maxFailures: 1 })).toBe(
      'stopped early: 1 call had failed (--max-failures 1); 1 call placed in all, those in flight let end, every one verified',
    );
    expect(stoppedEarlyText({ reason: 'abort-on-fail', afterCalls: 7 })).toBe(
      'stopped early: a threshold with abortOnFail failed; 7 calls placed in all, those in flight let end, every one verified',
    );
  });
});
