import { describe, expect, it } from 'vitest';
import { DbClock, formatWallClock, wallClockMs } from './db-clock.ts';

describe('wallClockMs and formatWallClock', () => {
  it('read and write a DATETIME(6) to the microsecond', () => {
    const text = '2026-11-26 10:14:44.827132';
    expect(formatWallClock(wallClockMs(text))).toBe(text);
  });

  it('take whole seconds and a T separator', () => {
    expect(wallClockMs('2026-01-01 00:00:05')).toBe(Date.UTC(2026, 0, 1, 0, 0, 5));
    expect(wallClockMs('2026-01-01T00:00:05.5')).toBe(Date.UTC(2026, 0, 1, 0, 0, 5) + 500);
    expect(formatWallClock(Date.UTC(2026, 0, 1, 0, 0, 5))).toBe('2026-01-01 00:00:05.000000');
  });

  it('refuse what is no DATETIME', () => {
    expect(() => wallClockMs('yesterday')).toThrow('is not a DATETIME');
  });
});

describe('DbClock', () => {
  it('writes this machine\'s moments in the database\'s wall clock, time zone included', () => {
    // The database runs two hours ahead of UTC (its session time zone) and 300 ms fast.
    const host = Date.UTC(2026, 10, 26, 8, 0, 0);
    const clock = new DbClock('2026-11-26 10:00:00.300000', host);
    expect(clock.at(host)).toBe('2026-11-26 10:00:00.300000');
    expect(clock.at(host + 61_000 - 2000)).toBe('2026-11-26 10:00:59.300000');
    expect(clock.at(host - 2_500)).toBe('2026-11-26 09:59:57.800000');
  });
});
