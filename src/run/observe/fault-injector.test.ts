import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Fault } from '../../contracts/faults.ts';
import type { RunEvent } from '../../contracts/run-events.ts';
import type { FaultControls } from '../../stack/fault-controls.ts';
import { FaultInjector } from './fault-injector.ts';

function recordingControls(done: string[]): FaultControls {
  const act = (what: string) => async () => {
    done.push(`${what}@${Date.now()}`);
  };
  return {
    stopCdrDatabase: act('stop'),
    startCdrDatabase: act('start'),
    slowCdrInserts: async (ms) => {
      done.push(`slow ${ms}@${Date.now()}`);
      // Creating the trigger takes a moment: the slowdown acts from when it is in place.
      await new Promise((resolve) => setTimeout(resolve, 250));
    },
    restoreCdrInserts: act('restore'),
    killAsterisk: act('kill'),
    restartAsterisk: async (downtimeMs) => {
      done.push(`restart ${downtimeMs}@${Date.now()}`);
      // Asterisk is away for its downtime and 2.5 s of stopping and starting.
      await new Promise((resolve) => setTimeout(resolve, downtimeMs + 2500));
      return downtimeMs + 2500;
    },
  };
}

/** An injector of `faults` whose actions go to `done` and whose events to `events`. */
function injectorOf(faults: Fault[], done: string[], events: RunEvent[]): FaultInjector {
  return new FaultInjector({ faults, controls: recordingControls(done), sink: (e) => events.push(e), log: () => undefined });
}

describe('FaultInjector', () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => vi.useRealTimers());

  it('plants each fault at its time, ends it after its duration, and writes both down', async () => {
    const done: string[] = [];
    const events: RunEvent[] = [];
    const injector = injectorOf([{ kind: 'cdr-db-stop', atMs: 1000, forMs: 2000 }, { kind: 'cdr-db-slow', atMs: 4000, forMs: 1000, delayMs: 300 }, { kind: 'asterisk-kill', atMs: 6000 }], done, events);
    injector.start();
    await vi.advanceTimersByTimeAsync(7000);
    await injector.finish();
    expect(done).toEqual(['stop@1000', 'start@3000', 'slow 300@4000', 'restore@5250', 'kill@6000']);
    expect(events.map((e) => `${e.kind}#${e.fault}@${e.at}`)).toEqual([
      'fault-started#0@1000', 'fault-ended#0@3000', 'fault-started#1@4250', 'fault-ended#1@5250', 'fault-started#2@6000', 'fault-ended#2@6000',
    ]);
  });

  it('on finish ends the fault still going on and skips those not begun', async () => {
    const done: string[] = [];
    const events: RunEvent[] = [];
    const injector = injectorOf([{ kind: 'cdr-db-stop', atMs: 1000, forMs: 60_000 }, { kind: 'asterisk-kill', atMs: 90_000 }], done, events);
    injector.start();
    await vi.advanceTimersByTimeAsync(2000);
    await injector.finish();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(done).toEqual(['stop@1000', 'start@2000']);
    expect(events.map((e) => e.kind)).toEqual(['fault-started', 'fault-skipped', 'fault-ended']);
    expect(events[1]?.detail).toMatch(/the load ended before its atMs \(90000 ms\)/);
  });

  it('refuses to start faults without callcheck\'s own stack to plant them in', () => {
    const injector = new FaultInjector({ faults: [{ kind: 'asterisk-kill', atMs: 1 }], controls: undefined, sink: () => undefined, log: () => undefined });
    expect(() => injector.start()).toThrow(/callcheck's own stack/);
  });
});
