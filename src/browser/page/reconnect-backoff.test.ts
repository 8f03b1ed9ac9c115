import { describe, expect, it } from 'vitest';
import { DEFAULT_RECONNECT_BACKOFF, reconnectDelayMs } from './reconnect-backoff.ts';

describe('reconnectDelayMs', () => {
  it('doubles from 250 ms and stops growing at 2 s', () => {
    // random 0.999… is the top of each window: the ceilings themselves.
    const top = [0, 1, 2, 3, 4, 10, 50].map((n) => reconnectDelayMs(n, 0.9999999));
    expect(top).toEqual([250, 500, 1000, 2000, 2000, 2000, 2000]);
  });

  it('spreads each delay over the upper half of its window', () => {
    expect(reconnectDelayMs(0, 0)).toBe(125);
    expect(reconnectDelayMs(2, 0.5)).toBe(750);
    expect(reconnectDelayMs(9, 0)).toBe(1000);
  });

  it('never waits longer than maxMs, whatever the random number', () => {
    for (let attempt = 0; attempt < 40; attempt++) {
      for (const r of [0, 0.3, 0.99, 1, 7, -1]) {
        const d = reconnectDelayMs(attempt, r, { initialMs: 100, factor: 3, maxMs: 1500 });
        expect(d).toBeGreaterThanOrEqual(50);
        expect(d).toBeLessThanOrEqual(1500);
      }
    }
  });

  it('follows another policy', () => {
    expect(reconnectDelayMs(3, 0.9999999, { ...DEFAULT_RECONNECT_BACKOFF, initialMs: 10, factor: 3 })).toBe(270);
  });

  it('refuses an attempt number that is not a count', () => {
    expect(() => reconnectDelayMs(-1, 0)).toThrow(/whole number from 0, got -1/);
    expect(() => reconnectDelayMs(1.5, 0)).toThrow(RangeError);
  });
});
