import { describe, expect, it } from 'vitest';
import { callLimitMs } from './call-limit.ts';

const timeouts = { stackStartMs: 1, browserStartMs: 1, registerMs: 1, callSlackMs: 15_000 };

describe('callLimitMs', () => {
  it('adds the ring time, the talk time and the slack', () => {
    expect(callLimitMs({ ringTimeMs: 300, cancelAfterMs: 100, talkTimeMs: 2000, timeouts })).toBe(17_300);
  });

  it('counts the ringing before the agent cancels where it is the longer wait', () => {
    expect(callLimitMs({ ringTimeMs: 300, cancelAfterMs: 5000, talkTimeMs: 2000, timeouts })).toBe(22_000);
  });
});
