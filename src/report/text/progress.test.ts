import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  estimateEtaMs,
  fitToColumns,
  formatEta,
  formatProgress,
  isCi,
  ProgressDisplay,
  RateWindow,
  type ProgressPlan,
  type ProgressStream,
} from './progress.ts';

const CLEAR = '\r\x1b[2K';

function fakeStream(isTTY: boolean, columns?: number): ProgressStream & { writes: string[]; text(): string } {
  const writes: string[] = [];
  return { isTTY, columns, writes, write: (chunk: string) => writes.push(chunk), text: () => writes.join('') };
}

describe('formatEta', () => {
  it.each([
    [0, '0s'],
    [-500, '0s'],
    [1, '1s'],
    [44_001, '45s'],
    [59_000, '59s'],
    [60_000, '1m00s'],
    [185_000, '3m05s'],
    [3_600_000, '1h00m'],
    [3_720_000, '1h02m'],
  ])('%d ms reads %s', (ms, text) => {
    expect(formatEta(ms)).toBe(text);
  });
});

describe('estimateEtaMs', () => {
  it('runs until the planned end of a time-bound load', () => {
    expect(estimateEtaMs({ ended: 10, callsPerS: 5, now: 1000, plan: { endsAt: 46_000 } })).toBe(45_000);
    expect(estimateEtaMs({ ended: 10, callsPerS: 5, now: 50_000, plan: { endsAt: 46_000 } })).toBe(0);
  });

  it('divides the calls left by the rate for an iteration-bound load', () => {
    expect(estimateEtaMs({ ended: 300, callsPerS: 20, now: 0, plan: { totalCalls: 1200 } })).toBe(45_000);
  });

  it('is 0 once every planned call ended, and unknown without a plan or a rate', () => {
    expect(estimateEtaMs({ ended: 1200, callsPerS: 0, now: 0, plan: { totalCalls: 1200, endsAt: 99_000 } })).toBe(0);
    expect(estimateEtaMs({ ended: 3, callsPerS: 0, now: 0, plan: { totalCalls: 1200 } })).toBeUndefined();
    expect(estimateEtaMs({ ended: 3, callsPerS: 4, now: 0, plan: {} })).toBeUndefined();
  });
});

describe('formatProgress', () => {
  it('writes the counts, the rate and the ETA', () => {
    expect(formatProgress({ ended: 312, totalCalls: 1200, active: 42, failed: 0, callsPerS: 19.84, etaMs: 45_000 })).toBe(
      'progress: 312/1200 calls ended, 42 active, 19.8 calls/s, 0 failed, ETA 45s',
    );
  });

  it('leaves out the total and the ETA when unknown', () => {
    expect(formatProgress({ ended: 7, active: 3, failed: 1, callsPerS: 0 })).toBe('progress: 7 calls ended, 3 active, 0.0 calls/s, 1 failed');
  });
});

describe('fitToColumns', () => {
  it('cuts a line to one less than the width, leaves shorter ones and unknown widths alone', () => {
    expect(fitToColumns('abcdefghij', 6)).toBe('abcde');
    expect(fitToColumns('abcde', 6)).toBe('abcde');
    expect(fitToColumns('abcdef', 6)).toBe('abcde');
    expect(fitToColumns('abcdefghij', undefined)).toBe('abcdefghij');
  });
});

describe('isCi', () => {
  it('is set by any value but empty, 0 or false', () => {
    expect(isCi({ CI: 'true' })).toBe(true);
    expect(isCi({ CI: '1' })).toBe(true);
    expect(isCi({ CI: 'woodpecker' })).toBe(true);
    expect(isCi({})).toBe(false);
    expect(isCi({ CI: '' })).toBe(false);
    expect(isCi({ CI: '0' })).toBe(false);
    expect(isCi({ CI: 'False' })).toBe(false);
  });
});

describe('RateWindow', () => {
  it('divides by the time since the start while younger than the window', () => {
    const rate = new RateWindow(5000, 0);
    for (const at of [100, 200, 300, 400]) rate.record(at);
    expect(rate.perSecond(0)).toBe(0);
    expect(rate.perSecond(2000)).toBe(2);
  });

  it('counts only the events of the last window', () => {
    const rate = new RateWindow(5000, 0);
    for (let at = 1000; at <= 10_000; at += 1000) rate.record(at);
    expect(rate.perSecond(10_000)).toBe(1);
    expect(rate.perSecond(12_000)).toBe(0.6);
    expect(rate.perSecond(20_000)).toBe(0);
  });

  it('stays right after dropping many old events', () => {
    const rate = new RateWindow(1000, 0);
    for (let at = 1; at <= 5000; at += 1) rate.record(at);
    expect(rate.perSecond(3000)).toBe(1000);
    for (let at = 5001; at <= 6000; at += 2) rate.record(at);
    expect(rate.perSecond(6000)).toBe(500);
  });
});

describe('ProgressDisplay', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function feed(display: ProgressDisplay, started: number, ended: number, failed = 0) {
    for (let i = 0; i < started; i += 1) display.callStarted();
    for (let i = 0; i < ended; i += 1) display.callEnded(i < failed);
  }

  describe('on a terminal', () => {
    it('redraws one status line in place, at most every 250 ms, only when it changed', () => {
      const stream = fakeStream(true, 200);
      using display = new ProgressDisplay({ stream, env: {}, plan: () => ({ totalCalls: 10 }) });
      expect(display.mode).toBe('tty');
      feed(display, 3, 0);
      expect(stream.writes).toEqual([]);
      vi.advanceTimersByTime(250);
      expect(stream.writes).toEqual([`${CLEAR}progress: 0/10 calls ended, 3 active, 0.0 calls/s, 0 failed`]);
      vi.advanceTimersByTime(250);
      expect(stream.writes).toHaveLength(1);
      for (let i = 0; i < 100; i += 1) {
        display.callStarted();
        vi.advanceTimersByTime(10);
      }
      expect(stream.writes.length).toBeLessThanOrEqual(1 + 4);
      expect(stream.writes.length).toBeGreaterThan(1);
      expect(stream.text()).not.toContain('\n');
    });

    it('shows ended calls, failures, rate and ETA', () => {
      const stream = fakeStream(true, 200);
      using display = new ProgressDisplay({ stream, env: {}, plan: () => ({ totalCalls: 30 }) });
      feed(display, 12, 10, 2);
      vi.advanceTimersByTime(2000);
      expect(stream.writes.at(-1)).toBe(`${CLEAR}progress: 10/30 calls ended, 2 active, 5.0 calls/s, 2 failed, ETA 4s`);
    });

    it('writes log lines above the status line and redraws it', () => {
      const stream = fakeStream(true, 200);
      using display = new ProgressDisplay({ stream, env: {} });
      display.log('before any status');
      feed(display, 1, 0);
      vi.advanceTimersByTime(250);
      const status = 'progress: 0 calls ended, 1 active, 0.0 calls/s, 0 failed';
      display.log('agent002 registered');
      expect(stream.writes).toEqual(['before any status\n', `${CLEAR}${status}`, `${CLEAR}agent002 registered\n${status}`]);
    });

    it('cuts the status line to the terminal width', () => {
      const stream = fakeStream(true, 20);
      using display = new ProgressDisplay({ stream, env: {} });
      vi.advanceTimersByTime(250);
      expect(stream.writes).toEqual([`${CLEAR}progress: 0 calls e`]);
      expect(display.mode).toBe('tty');
    });

    it('ends with the final counts on their own line and stops redrawing when disposed', () => {
      const stream = fakeStream(true, 200);
      const display = new ProgressDisplay({ stream, env: {}, plan: () => ({ totalCalls: 2 }) });
      feed(display, 2, 1);
      vi.advanceTimersByTime(250);
      display.callEnded(true);
      display[Symbol.dispose]();
      expect(stream.writes.at(-1)).toBe(`${CLEAR}progress: 2/2 calls ended, 0 active, 8.0 calls/s, 1 failed, ETA 0s\n`);
      const count = stream.writes.length;
      display.callStarted();
      vi.advanceTimersByTime(5000);
      display[Symbol.dispose]();
      expect(stream.writes).toHaveLength(count);
      display.log('after');
      expect(stream.writes.at(-1)).toBe('after\n');
    });
  });

  describe('in CI or without a terminal', () => {
    it.each([
      ['a terminal with CI set', true, { CI: 'true' }],
      ['a pipe', false, {}],
    ])('writes a plain line every 10 s on %s', (_, isTTY, env) => {
      const stream = fakeStream(isTTY, 200);
      const endsAt = 60_000;
      using display = new ProgressDisplay({ stream, env, plan: () => ({ endsAt }) });
      expect(display.mode).toBe('plain');
      feed(display, 50, 0);
      vi.advanceTimersByTime(9_999);
      expect(stream.writes).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(stream.writes).toEqual(['progress: 0 calls ended, 50 active, 0.0 calls/s, 0 failed, ETA 50s\n']);
      feed(display, 0, 40, 3);
      vi.advanceTimersByTime(10_000);
      expect(stream.writes).toEqual([
        'progress: 0 calls ended, 50 active, 0.0 calls/s, 0 failed, ETA 50s\n',
        'progress: 40 calls ended, 10 active, 0.0 calls/s, 3 failed, ETA 40s\n',
      ]);
      display.log('a log line');
      expect(stream.writes.at(-1)).toBe('a log line\n');
      expect(stream.text()).not.toContain('\x1b');
    });

    it('takes a custom interval and writes the final line once when disposed', () => {
      const stream = fakeStream(false);
      const display = new ProgressDisplay({ stream, env: {}, intervalMs: 1000 });
      vi.advanceTimersByTime(1000);
      expect(stream.writes).toHaveLength(1);
      display[Symbol.dispose]();
      expect(stream.writes).toHaveLength(1);
      const other = new ProgressDisplay({ stream, env: {}, intervalMs: 1000 });
      other.callStarted();
      other.callEnded();
      other[Symbol.dispose]();
      expect(stream.writes.at(-1)).toBe('progress: 1 calls ended, 0 active, 0.0 calls/s, 0 failed\n');
      vi.advanceTimersByTime(5000);
      expect(stream.writes).toHaveLength(2);
    });
  });

  it('asks the plan at each line, so a total learned late shows', () => {
    const stream = fakeStream(false);
    let plan: ProgressPlan = {};
    using display = new ProgressDisplay({ stream, env: {}, plan: () => plan });
    vi.advanceTimersByTime(10_000);
    plan = { totalCalls: 100 };
    vi.advanceTimersByTime(10_000);
    expect(stream.writes).toEqual([
      'progress: 0 calls ended, 0 active, 0.0 calls/s, 0 failed\n',
      'progress: 0/100 calls ended, 0 active, 0.0 calls/s, 0 failed\n',
    ]);
    expect(display.snapshot().totalCalls).toBe(100);
  });
});
