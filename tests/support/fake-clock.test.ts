import { describe, expect, it } from 'vitest';
import { FakeClock } from './fake-clock.ts';

describe('FakeClock', () => {
  it('wakes sleeps in time order, same-time ones in the order they were asked for, at their exact time', async () => {
    const clock = new FakeClock(100);
    const woke: string[] = [];
    void clock.sleep(30).then(() => woke.push(`b@${clock.now()}`));
    void clock.sleep(10).then(() => woke.push(`a@${clock.now()}`));
    void clock.sleep(30).then(() => woke.push(`c@${clock.now()}`));
    await clock.runUntil(125);
    expect(woke).toEqual(['a@110']);
    expect(clock.now()).toBe(125);
    await clock.runUntil(1000);
    expect(woke).toEqual(['a@110', 'b@130', 'c@130']);
  });

  it('lets chains started by a timer schedule and fire further timers within the same run', async () => {
    const clock = new FakeClock();
    const times: number[] = [];
    const loop = async () => {
      for (let i = 0; i < 3; i++) {
        await clock.sleep(5);
        times.push(clock.now());
      }
    };
    await clock.runUntilSettled(loop());
    expect(times).toEqual([5, 10, 15]);
  });

  it('wakes a sleep early when its signal aborts, and at once when already aborted or not positive', async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    let woke = false;
    void clock.sleep(1000, controller.signal).then(() => (woke = true));
    await clock.runUntil(10);
    expect(woke).toBe(false);
    controller.abort();
    await clock.runUntil(10);
    expect(woke).toBe(true);
    expect(clock.pendingTimers).toBe(0);
    await clock.runUntilSettled(clock.sleep(5, controller.signal));
    await clock.runUntilSettled(clock.sleep(0));
    expect(clock.now()).toBe(10);
  });

  it('fails instead of hanging when a promise can never settle', async () => {
    const clock = new FakeClock();
    await expect(clock.runUntilSettled(new Promise(() => {}))).rejects.toThrow(/no timer is left/);
    void clock.sleep(500);
    await expect(clock.runUntilSettled(new Promise(() => {}), 100)).rejects.toThrow(/limit of 100 ms/);
  });
});
