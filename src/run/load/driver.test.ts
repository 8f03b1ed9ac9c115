import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../tests/support/fake-clock.ts';
import { executorConfigSchema } from '../../contracts/load-options.ts';
import { type ExecutorConfig } from '../../contracts/executor-config.ts';
import { arrivalOffsetList } from '../../logic/executors/arrival-schedule.ts';
import { startExecutors, type ExpiryReason, type ScenarioAssignment } from './driver.ts';

const parse = (config: unknown): ExecutorConfig => executorConfigSchema.parse(config);

function agents(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${i}`);
}

interface IterationLog {
  scenario: string;
  agent: string;
  start: number;
  end: number | undefined;
}

interface HarnessOptions {
  /** How long an iteration takes, in virtual ms. */
  durationOf?: (agent: string, scenario: string) => number;
  signal?: AbortSignal;
  /** Whether abandoning a call (on expiry) ends its iteration at once, as the caller hanging up would. */
  abandonEnds?: boolean;
}

/** Runs the driver on a virtual clock; every iteration sleeps its duration, ended early when abandoned. */
function harness(scenarios: Record<string, ScenarioAssignment>, options: HarnessOptions = {}) {
  const clock = new FakeClock();
  const log: IterationLog[] = [];
  const dropped: Array<{ scenario: string; count: number; at: number }> = [];
  const expired: Array<{ scenario: string; agents: string[]; reason: ExpiryReason; at: number }> = [];
  const hangUps = new Map<string, AbortController>();
  const run = startExecutors({
    scenarios,
    clock,
    ...(options.signal ? { signal: options.signal } : {}),
    runIteration: async (scenario, agent) => {
      const entry: IterationLog = { scenario, agent, start: clock.now(), end: undefined };
      log.push(entry);
      const hangUp = new AbortController();
      hangUps.set(agent, hangUp);
      await clock.sleep(options.durationOf?.(agent, scenario) ?? 1000, hangUp.signal);
      entry.end = clock.now();
    },
    onDropped: (scenario, count) => dropped.push({ scenario, count, at: clock.now() }),
    onGracefulStopExpired: (scenario, busy, reason) => {
      expired.push({ scenario, agents: busy, reason, at: clock.now() });
      if (options.abandonEnds) for (const agent of busy) hangUps.get(agent)?.abort();
    },
  });
  const startsOf = (agent: string) => log.filter((e) => e.agent === agent).map((e) => e.start);
  return { clock, log, dropped, expired, run, startsOf, finish: () => clock.runUntilSettled(run.done) };
}

describe('iteration-based executors', () => {
  it('per-vu-iterations: every VU runs its iterations back to back', async () => {
    const h = harness({ calls: { config: parse({ executor: 'per-vu-iterations', vus: 3, iterations: 4 }), agents: agents('a', 3) } });
    const stats = await h.finish();
    expect(stats).toEqual({ calls: { started: 12, completed: 12, dropped: 0, interrupted: 0 } });
    for (const agent of agents('a', 3)) expect(h.startsOf(agent)).toEqual([0, 1000, 2000, 3000]);
    expect(h.clock.now()).toBe(4000);
  });

  it('shared-iterations: VUs take iterations from one pool, faster VUs more of them', async () => {
    const speed: Record<string, number> = { a0: 500, a1: 1000, a2: 2000 };
    const h = harness(
      { calls: { config: parse({ executor: 'shared-iterations', vus: 3, iterations: 10 }), agents: agents('a', 3) } },
      { durationOf: (agent) => speed[agent] ?? 0 },
    );
    const stats = await h.finish();
    expect(stats.calls).toEqual({ started: 10, completed: 10, dropped: 0, interrupted: 0 });
    expect(h.startsOf('a0')).toEqual([0, 500, 1000, 1500, 2000]);
    expect(h.startsOf('a1')).toEqual([0, 1000, 2000]);
    expect(h.startsOf('a2')).toEqual([0, 2000]);
  });

  it('shared-iterations: VUs of equal speed share the iterations evenly', async () => {
    const h = harness({ calls: { config: parse({ executor: 'shared-iterations', vus: 3, iterations: 10 }), agents: agents('a', 3) } });
    await h.finish();
    expect(agents('a', 3).map((a) => h.startsOf(a).length)).toEqual([4, 3, 3]);
  });

  it('stop starting at maxDuration and report what was not started as dropped', async () => {
    const h = harness({
      shared: { config: parse({ executor: 'shared-iterations', vus: 2, iterations: 10, maxDuration: '3s' }), agents: agents('s', 2) },
      perVu: { config: parse({ executor: 'per-vu-iterations', vus: 2, iterations: 5, maxDuration: '4s' }), agents: agents('p', 2) },
    }, { durationOf: (_agent, scenario) => (scenario === 'shared' ? 1000 : 1500) });
    const stats = await h.finish();
    expect(stats.shared).toEqual({ started: 6, completed: 6, dropped: 4, interrupted: 0 });
    // per-vu: starts at 0, 1.5 s and 3 s; the last ones end at 4.5 s, within gracefulStop.
    expect(stats.perVu).toEqual({ started: 6, completed: 6, dropped: 4, interrupted: 0 });
    expect(h.startsOf('p0')).toEqual([0, 1500, 3000]);
    expect(h.dropped).toEqual([
      { scenario: 'shared', count: 4, at: 3000 },
      { scenario: 'perVu', count: 4, at: 4000 },
    ]);
    expect(h.clock.now()).toBe(4500);
  });
});

describe('VU-based duration executors', () => {
  it('constant-vus: loops until the duration ends, then lets the iterations in flight finish', async () => {
    const h = harness({ calls: { config: parse({ executor: 'constant-vus', vus: 2, duration: '5s' }), agents: agents('a', 2) } }, { durationOf: () => 1200 });
    const stats = await h.finish();
    expect(h.startsOf('a0')).toEqual([0, 1200, 2400, 3600, 4800]);
    expect(h.startsOf('a1')).toEqual([0, 1200, 2400, 3600, 4800]);
    expect(stats.calls).toEqual({ started: 10, completed: 10, dropped: 0, interrupted: 0 });
    expect(h.clock.now()).toBe(6000);
  });

  it('ramping-vus: each VU joins when the target reaches it and leaves when it falls below', async () => {
    // 0→5 VUs over 10 s (one more every 2 s), 5 for 10 s, 5→0 over 10 s (one fewer every 2 s).
    const config = parse({
      executor: 'ramping-vus',
      startVUs: 0,
      stages: [
        { duration: '10s', target: 5 },
        { duration: '10s', target: 5 },
        { duration: '10s', target: 0 },
      ],
    });
    const h = harness({ ramp: { config, agents: agents('v', 5) } }, { durationOf: () => 500 });
    const stats = await h.finish();
    for (let vu = 0; vu < 5; vu++) {
      const starts = h.startsOf(`v${vu}`);
      const joins = (vu + 1) * 2000;
      const leaves = 30_000 - vu * 2000;
      expect(starts[0], `v${vu} joins`).toBe(joins);
      expect(starts.at(-1), `v${vu} leaves`).toBe(leaves - 500);
      expect(starts, `v${vu} loops`).toEqual(Array.from({ length: (leaves - joins) / 500 }, (_, i) => joins + i * 500));
    }
    expect(stats.ramp).toEqual({ started: 200, completed: 200, dropped: 0, interrupted: 0 });
  });

  it('ramping-vus: a VU above the target finishes its iteration, waits, and resumes when ramped up again', async () => {
    const config = parse({
      executor: 'ramping-vus',
      startVUs: 2,
      stages: [
        { duration: '2s', target: 2 },
        { duration: '0s', target: 1 },
        { duration: '2s', target: 1 },
        { duration: '0s', target: 2 },
        { duration: '2s', target: 2 },
      ],
    });
    const h = harness({ ramp: { config, agents: agents('v', 2) } }, { durationOf: () => 1500 });
    const stats = await h.finish();
    expect(h.startsOf('v0')).toEqual([0, 1500, 3000, 4500]);
    // v1: its iteration from 1.5 s outlives the ramp-down at 2 s and ends at 3 s; it rejoins at 4 s.
    expect(h.startsOf('v1')).toEqual([0, 1500, 4000, 5500]);
    expect(stats.ramp).toEqual({ started: 8, completed: 8, dropped: 0, interrupted: 0 });
    expect(h.expired).toEqual([]);
  });

  it('ramping-vus: gives up on an iteration that outlives gracefulRampDown', async () => {
    const config = parse({
      executor: 'ramping-vus',
      startVUs: 2,
      stages: [
        { duration: '1s', target: 2 },
        { duration: '0s', target: 1 },
        { duration: '9s', target: 1 },
      ],
      gracefulRampDown: '2s',
    });
    const h = harness({ ramp: { config, agents: agents('v', 2) } }, { durationOf: (agent) => (agent === 'v1' ? 60_000 : 2500), abandonEnds: true });
    const stats = await h.finish();
    expect(h.expired).toEqual([{ scenario: 'ramp', agents: ['v1'], reason: 'gracefulRampDown', at: 3000 }]);
    expect(h.startsOf('v1')).toEqual([0]);
    expect(h.startsOf('v0')).toEqual([0, 2500, 5000, 7500]);
    expect(stats.ramp).toEqual({ started: 5, completed: 4, dropped: 0, interrupted: 1 });
  });
});

describe('arrival-rate executors', () => {
  it('constant-arrival-rate: starts iterations on schedule, taking free agents in turn', async () => {
    const config = parse({ executor: 'constant-arrival-rate', rate: 4, duration: '2s', preAllocatedVUs: 3 });
    const h = harness({ rate: { config, agents: agents('a', 3) } }, { durationOf: () => 500 });
    const stats = await h.finish();
    expect(h.log.map((e) => e.start)).toEqual([0, 250, 500, 750, 1000, 1250, 1500, 1750]);
    expect(h.log.map((e) => e.agent)).toEqual(['a0', 'a1', 'a2', 'a0', 'a1', 'a2', 'a0', 'a1']);
    expect(stats.rate).toEqual({ started: 8, completed: 8, dropped: 0, interrupted: 0 });
  });

  it('drops an arrival when every agent is busy', async () => {
    const config = parse({ executor: 'constant-arrival-rate', rate: 10, duration: '1s', preAllocatedVUs: 2 });
    const h = harness({ rate: { config, agents: agents('a', 2) } }, { durationOf: () => 450 });
    const stats = await h.finish();
    expect(h.log.map((e) => [e.agent, e.start])).toEqual([
      ['a0', 0],
      ['a1', 100],
      ['a0', 500],
      ['a1', 600],
    ]);
    expect(h.dropped.map((d) => [d.count, d.at])).toEqual([
      [1, 200],
      [1, 300],
      [1, 400],
      [1, 700],
      [1, 800],
      [1, 900],
    ]);
    expect(stats.rate).toEqual({ started: 4, completed: 4, dropped: 6, interrupted: 0 });
  });

  it('uses the agents beyond preAllocatedVUs (up to maxVUs) only while the preallocated ones are all busy', async () => {
    const config = parse({ executor: 'constant-arrival-rate', rate: 10, duration: '1s', preAllocatedVUs: 1, maxVUs: 3 });
    const h = harness({ rate: { config, agents: agents('a', 3) } }, { durationOf: (agent) => (agent === 'a0' ? 50 : 150) });
    const stats = await h.finish();
    expect(new Set(h.log.map((e) => e.agent))).toEqual(new Set(['a0']));
    expect(stats.rate?.started).toBe(10);

    const busy = harness({ rate: { config, agents: agents('b', 3) } }, { durationOf: () => 150 });
    await busy.finish();
    expect(busy.log.slice(0, 5).map((e) => e.agent)).toEqual(['b0', 'b1', 'b0', 'b1', 'b0']);
    expect(busy.startsOf('b2')).toEqual([]);
  });

  it('ramping-arrival-rate: starts iterations at the times of its schedule', async () => {
    const config = parse({
      executor: 'ramping-arrival-rate',
      stages: [
        { duration: '10s', target: 10 },
        { duration: '10s', target: 10 },
      ],
      preAllocatedVUs: 10,
    });
    if (config.executor !== 'ramping-arrival-rate') throw new Error('unreachable: parsed as ramping-arrival-rate');
    const h = harness({ ramp: { config, agents: agents('a', 10) } }, { durationOf: () => 50 });
    const stats = await h.finish();
    expect(stats.ramp).toEqual({ started: 150, completed: 150, dropped: 0, interrupted: 0 });
    const planned = arrivalOffsetList(config);
    expect(h.log).toHaveLength(planned.length);
    planned.forEach((ms, i) => expect(h.log[i]?.start, `arrival ${i}`).toBeCloseTo(ms, 6));
    expect(h.log.at(-1)?.start).toBeCloseTo(20_000, 6);
  });
});

describe('startTime, gracefulStop and abort', () => {
  it('offsets each scenario by its startTime and reports it as waiting until then', async () => {
    const h = harness({
      first: { config: parse({ executor: 'per-vu-iterations', iterations: 2 }), agents: ['f0'] },
      later: { config: parse({ executor: 'constant-vus', duration: '2s', startTime: '5s' }), agents: ['l0'] },
    });
    await h.clock.runUntil(0);
    expect(h.run.progress().map((p) => [p.name, p.state, p.remainingMs])).toEqual([
      ['first', 'running', 600_000],
      ['later', 'waiting', 7000],
    ]);
    await h.clock.runUntil(3000);
    expect(h.run.progress().map((p) => [p.name, p.state, p.remainingMs])).toEqual([
      ['first', 'done', 0],
      ['later', 'waiting', 4000],
    ]);
    await h.finish();
    expect(h.startsOf('f0')).toEqual([0, 1000]);
    expect(h.startsOf('l0')).toEqual([5000, 6000]);
  });

  it('gives iterations in flight gracefulStop, then names the agents still busy and stops waiting for them', async () => {
    const h = harness(
      { calls: { config: parse({ executor: 'constant-vus', vus: 2, duration: '2s', gracefulStop: '1s' }), agents: agents('a', 2) } },
      { durationOf: () => 5000 },
    );
    const stats = await h.finish();
    expect(h.clock.now()).toBe(3000);
    expect(h.expired).toEqual([{ scenario: 'calls', agents: ['a0', 'a1'], reason: 'gracefulStop', at: 3000 }]);
    expect(stats.calls).toEqual({ started: 2, completed: 0, dropped: 0, interrupted: 2 });
    // The abandoned calls end later without counting as completed, and nothing new starts.
    await h.clock.runUntil(10_000);
    expect(h.log).toHaveLength(2);
    expect(h.run.progress()[0]).toMatchObject({ state: 'done', completed: 0, interrupted: 2, inFlight: 0 });
  });

  it('does not call the expiry back when the iterations end within gracefulStop', async () => {
    const h = harness(
      { calls: { config: parse({ executor: 'constant-vus', vus: 1, duration: '2s', gracefulStop: '1s' }), agents: ['a0'] } },
      { durationOf: () => 1400 },
    );
    const stats = await h.finish();
    expect(h.expired).toEqual([]);
    expect(h.clock.now()).toBe(2800);
    expect(stats.calls).toEqual({ started: 2, completed: 2, dropped: 0, interrupted: 0 });
  });

  it('on abort starts nothing more, lets the iterations in flight end, and drops nothing', async () => {
    const abort = new AbortController();
    const h = harness(
      {
        loop: { config: parse({ executor: 'constant-vus', vus: 2, duration: '10s' }), agents: agents('l', 2) },
        shared: { config: parse({ executor: 'shared-iterations', vus: 1, iterations: 50 }), agents: ['s0'] },
        rate: { config: parse({ executor: 'constant-arrival-rate', rate: 2, duration: '10s', preAllocatedVUs: 1 }), agents: ['r0'] },
        later: { config: parse({ executor: 'constant-vus', duration: '5s', startTime: '1m' }), agents: ['w0'] },
      },
      { signal: abort.signal },
    );
    await h.clock.runUntil(2400);
    abort.abort();
    const stats = await h.finish();
    expect(h.startsOf('l0')).toEqual([0, 1000, 2000]);
    expect(stats).toEqual({
      loop: { started: 6, completed: 6, dropped: 0, interrupted: 0 },
      shared: { started: 3, completed: 3, dropped: 0, interrupted: 0 },
      rate: { started: 3, completed: 3, dropped: 2, interrupted: 0 },
      later: { started: 0, completed: 0, dropped: 0, interrupted: 0 },
    });
    expect(h.clock.now()).toBe(3000);
    expect(h.clock.pendingTimers).toBe(0);
  });

  it('starts nothing when the signal has already aborted', async () => {
    const h = harness({ calls: { config: parse({ executor: 'per-vu-iterations', vus: 2 }), agents: agents('a', 2) } }, { signal: AbortSignal.abort() });
    const stats = await h.finish();
    expect(stats.calls).toEqual({ started: 0, completed: 0, dropped: 0, interrupted: 0 });
    expect(h.log).toEqual([]);
  });
});

describe('progress', () => {
  it('reads counters, the plan and the time left at any moment', async () => {
    const h = harness({
      loop: { config: parse({ executor: 'constant-vus', vus: 2, duration: '10s' }), agents: agents('l', 2) },
      rate: { config: parse({ executor: 'constant-arrival-rate', rate: 1, duration: '4s', preAllocatedVUs: 1, gracefulStop: '0s' }), agents: ['r0'] },
    }, { durationOf: () => 1500 });
    await h.clock.runUntil(2500);
    const [loop, rate] = h.run.progress();
    expect(loop).toEqual({
      name: 'loop',
      executor: 'constant-vus',
      state: 'running',
      started: 4,
      completed: 2,
      dropped: 0,
      interrupted: 0,
      inFlight: 2,
      plannedIterations: undefined,
      startTimeMs: 0,
      plannedDurationMs: 10_000,
      gracefulStopMs: 30_000,
      elapsedMs: 2500,
      remainingMs: 7500,
    });
    // Arrivals at 0 s, 1 s (dropped: busy until 1.5 s), 2 s.
    expect(rate).toMatchObject({ state: 'running', started: 2, completed: 1, dropped: 1, inFlight: 1, plannedIterations: 4, remainingMs: 1500 });
    // The last iterations run from 9 s to 10.5 s, past the end at 10 s.
    await h.clock.runUntil(10_200);
    expect(h.run.progress()[0]).toMatchObject({ state: 'stopping', remainingMs: 0, inFlight: 2, started: 14 });
    await h.finish();
    expect(h.run.progress().map((p) => [p.state, p.elapsedMs])).toEqual([
      ['done', 10_500],
      ['done', 3500],
    ]);
  });
});

describe('agents', () => {
  it('refuses a scenario with fewer agents than it needs, and an agent given to two scenarios', () => {
    const clock = new FakeClock();
    const runIteration = () => Promise.resolve();
    const config = parse({ executor: 'constant-vus', vus: 3, duration: '1m' });
    expect(() => startExecutors({ clock, runIteration, scenarios: { s: { config, agents: ['a', 'b'] } } })).toThrow('scenario s needs 3 agents, got 2');
    expect(() =>
      startExecutors({ clock, runIteration, scenarios: { s: { config, agents: ['a', 'b', 'c'] }, t: { config, agents: ['d', 'c', 'e'] } } }),
    ).toThrow('agent c is given to both scenario s and scenario t');
    expect(() => startExecutors({ clock, runIteration, scenarios: { s: { config, agents: ['a', 'b', 'a'] } } })).toThrow('scenario s lists agent a twice');
  });
});
