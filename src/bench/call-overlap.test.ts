import { describe, expect, it } from 'vitest';
import { achievedCps, peakConcurrent } from './call-overlap.ts';

const up = (answered: number, byeSent: number) => ({ timeline: { answered, byeSent } });

describe('peakConcurrent', () => {
  it('counts the most calls answered and not yet hung up at one instant', () => {
    expect(peakConcurrent([up(0, 10), up(5, 15), up(8, 20), up(16, 30)])).toBe(3);
    expect(peakConcurrent([])).toBe(0);
  });

  it('does not count calls that only touch, nor calls never answered', () => {
    expect(peakConcurrent([up(0, 10), up(10, 20)])).toBe(1);
    expect(peakConcurrent([up(0, 10), { timeline: { dialRequested: 2, ended: 9 } }])).toBe(1);
  });

  it('uses the end of a call the other side hung up', () => {
    expect(peakConcurrent([{ timeline: { answered: 0, ended: 10 } }, up(5, 7)])).toBe(2);
  });
});

describe('achievedCps', () => {
  it('is calls per second from the first dial to the last', () => {
    const calls = Array.from({ length: 21 }, (_, i) => ({ timeline: { dialRequested: 1000 + i * 50 } }));
    expect(achievedCps(calls)).toBeCloseTo(20);
    expect(achievedCps(calls.slice(0, 1))).toBe(0);
  });
});
