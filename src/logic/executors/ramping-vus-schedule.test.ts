import { describe, expect, it } from 'vitest';
import type { RampingVusConfig } from '../../contracts/executor-config.ts';
import {
  isVuActive,
  nextVuActivation,
  nextVuDeactivation,
  rampDownDeadline,
  rampingVusActiveAt,
  rampingVusTargetAt,
  vuActiveIntervals,
} from './ramping-vus-schedule.ts';

function rampingVus(startVUs: number, stages: Array<[durationMs: number, target: number]>, gracefulRampDownMs = 30_000): RampingVusConfig {
  return {
    executor: 'ramping-vus',
    startVUs,
    stages: stages.map(([durationMs, target]) => ({ durationMs, target })),
    gracefulRampDownMs,
    startTimeMs: 0,
    gracefulStopMs: 30_000,
  };
}

// 0→10 VUs over 10 s, 10 for 10 s, down to 0 over 10 s.
const upHoldDown = rampingVus(0, [
  [10_000, 10],
  [10_000, 10],
  [10_000, 0],
]);

describe('ramping-vus target', () => {
  it('interpolates linearly from startVUs through the stages', () => {
    expect(rampingVusTargetAt(upHoldDown, 0)).toBe(0);
    expect(rampingVusTargetAt(upHoldDown, 2500)).toBe(2.5);
    expect(rampingVusTargetAt(upHoldDown, 15_000)).toBe(10);
    expect(rampingVusTargetAt(upHoldDown, 27_500)).toBe(2.5);
    expect(rampingVusTargetAt(upHoldDown, 40_000)).toBe(0);
    expect(rampingVusTargetAt(rampingVus(4, [[1000, 8]]), 250)).toBe(5);
  });

  it('steps whole VUs as k6 does: up when the target reaches the next VU, down when it falls to one fewer', () => {
    expect(rampingVusActiveAt(upHoldDown, 0)).toBe(0);
    expect(rampingVusActiveAt(upHoldDown, 999)).toBe(0);
    expect(rampingVusActiveAt(upHoldDown, 1000)).toBe(1);
    expect(rampingVusActiveAt(upHoldDown, 2500)).toBe(2);
    expect(rampingVusActiveAt(upHoldDown, 9999)).toBe(9);
    expect(rampingVusActiveAt(upHoldDown, 10_000)).toBe(10);
    // Ramping down: 10 until the target reaches 9 at 21 s, 3 while it is in (2, 3], ...
    expect(rampingVusActiveAt(upHoldDown, 20_999)).toBe(10);
    expect(rampingVusActiveAt(upHoldDown, 21_000)).toBe(9);
    expect(rampingVusActiveAt(upHoldDown, 27_500)).toBe(3);
    expect(rampingVusActiveAt(upHoldDown, 29_999)).toBe(1);
    // The end: every VU stops.
    expect(rampingVusActiveAt(upHoldDown, 30_000)).toBe(0);
  });

  it('jumps on a 0s stage', () => {
    const jump = rampingVus(2, [
      [5000, 2],
      [0, 6],
      [5000, 6],
    ]);
    expect(rampingVusActiveAt(jump, 4999)).toBe(2);
    expect(rampingVusActiveAt(jump, 5000)).toBe(6);
    expect(vuActiveIntervals(jump, 1)).toEqual([{ startMs: 0, endMs: 10_000 }]);
    expect(vuActiveIntervals(jump, 5)).toEqual([{ startMs: 5000, endMs: 10_000 }]);
  });
});

describe('one VU of a ramping-vus scenario', () => {
  it('is active exactly while more VUs than its index are', () => {
    const wobbly = rampingVus(3, [
      [7000, 8],
      [3000, 1],
      [0, 5],
      [4000, 5],
      [6000, 0],
    ]);
    for (let t = 0; t < 20_000; t += 50) {
      for (let vu = 0; vu < 8; vu++) expect(isVuActive(wobbly, vu, t), `VU ${vu} at ${t} ms`).toBe(rampingVusActiveAt(wobbly, t) > vu);
    }
  });

  it('knows when it joins and leaves', () => {
    // VU 4 (the 5th) joins when the target reaches 5 (5 s) and leaves when it falls to 4 (26 s).
    expect(vuActiveIntervals(upHoldDown, 4)).toEqual([{ startMs: 5000, endMs: 26_000 }]);
    expect(nextVuActivation(upHoldDown, 4, 0)).toBe(5000);
    expect(nextVuActivation(upHoldDown, 4, 12_000)).toBe(12_000);
    expect(nextVuActivation(upHoldDown, 4, 26_000)).toBeUndefined();
    expect(nextVuDeactivation(upHoldDown, 4, 12_000)).toBe(26_000);
    expect(nextVuDeactivation(upHoldDown, 4, 1000)).toBeUndefined();
  });

  it('is not ramped down when it stays active until the end of the stages (gracefulStop applies there)', () => {
    const hold = rampingVus(2, [[10_000, 2]]);
    expect(nextVuDeactivation(hold, 1, 3000)).toBeUndefined();
    expect(rampDownDeadline(hold, 1, 3000)).toBeUndefined();
  });

  it('has gracefulRampDown after being ramped down to end its iteration', () => {
    expect(rampDownDeadline(upHoldDown, 4, 12_000)).toBe(56_000);
    expect(rampDownDeadline(rampingVus(0, [[10_000, 10], [10_000, 0]], 1500), 9, 10_000)).toBe(11_000 + 1500);
  });

  it('carries on when ramped up again within gracefulRampDown, and not when ramped up too late', () => {
    // VU 2 (the 3rd) leaves when the target falls to 2 (1 s), is back with the jump to 3 (3 s), leaves at 8⅓ s.
    const dip = rampingVus(3, [
      [1000, 2],
      [2000, 2],
      [0, 3],
      [5000, 3],
      [1000, 0],
    ]);
    expect(vuActiveIntervals(dip, 2)).toEqual([
      { startMs: 0, endMs: 1000 },
      { startMs: 3000, endMs: 8000 + 1000 / 3 },
    ]);
    // gracefulRampDown 5 s: back at 3 s, within 1 s + 5 s, so its next ramp-down (8.33 s) counts.
    expect(rampDownDeadline({ ...dip, gracefulRampDownMs: 5000 }, 2, 0)).toBeCloseTo(8000 + 1000 / 3 + 5000, 6);
    // gracefulRampDown 1 s: the deadline is 2 s, before it comes back.
    expect(rampDownDeadline({ ...dip, gracefulRampDownMs: 1000 }, 2, 0)).toBe(2000);
  });
});
