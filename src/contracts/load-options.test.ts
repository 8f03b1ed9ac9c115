import { describe, expect, it } from 'vitest';
import type { Options } from 'k6/options';
import { executorConfigSchema, loadScenariosSchema, type K6ScenariosInput, type LoadScenariosInput } from './load-options.ts';
import { agentsNeeded, EXECUTORS, type ExecutorConfig } from './executor-config.ts';

function issuesOf(input: unknown): string[] {
  const result = loadScenariosSchema.safeParse(input);
  if (result.success) return [];
  return result.error.issues.map((i) => `${i.path.map(String).join('.')}: ${i.message}`);
}

const parse = (config: unknown): ExecutorConfig => executorConfigSchema.parse(config);

describe('executor defaults (k6 defaults, durations in ms)', () => {
  it('shared-iterations: 1 VU, 1 iteration, maxDuration 10m, startTime 0s, gracefulStop 30s', () => {
    expect(parse({ executor: 'shared-iterations' })).toEqual({
      executor: 'shared-iterations',
      vus: 1,
      iterations: 1,
      maxDurationMs: 600_000,
      startTimeMs: 0,
      gracefulStopMs: 30_000,
    });
  });

  it('per-vu-iterations: 1 VU, 1 iteration each, maxDuration 10m', () => {
    expect(parse({ executor: 'per-vu-iterations' })).toEqual({
      executor: 'per-vu-iterations',
      vus: 1,
      iterations: 1,
      maxDurationMs: 600_000,
      startTimeMs: 0,
      gracefulStopMs: 30_000,
    });
  });

  it('constant-vus: 1 VU, its duration required', () => {
    expect(parse({ executor: 'constant-vus', duration: '1m30s' })).toEqual({
      executor: 'constant-vus',
      vus: 1,
      durationMs: 90_000,
      startTimeMs: 0,
      gracefulStopMs: 30_000,
    });
    expect(issuesOf({ s: { executor: 'constant-vus' } })).toEqual(['s.duration: duration must be a k6 duration such as 30s, 1m30s or 500ms, or a number of milliseconds']);
  });

  it('ramping-vus: startVUs 1, gracefulRampDown 30s, stages required', () => {
    expect(parse({ executor: 'ramping-vus', stages: [{ duration: '10s', target: 5 }, { duration: 0, target: 0 }] })).toEqual({
      executor: 'ramping-vus',
      startVUs: 1,
      stages: [
        { durationMs: 10_000, target: 5 },
        { durationMs: 0, target: 0 },
      ],
      gracefulRampDownMs: 30_000,
      startTimeMs: 0,
      gracefulStopMs: 30_000,
    });
    expect(issuesOf({ s: { executor: 'ramping-vus' } })).toEqual(['s.stages: stages must be a list of { duration, target }']);
    expect(issuesOf({ s: { executor: 'ramping-vus', stages: [] } })).toEqual(['s.stages: at least one stage is needed']);
  });

  it('constant-arrival-rate: timeUnit 1s, maxVUs left out when not given', () => {
    expect(parse({ executor: 'constant-arrival-rate', rate: 30, duration: '1m', preAllocatedVUs: 4 })).toEqual({
      executor: 'constant-arrival-rate',
      rate: 30,
      timeUnitMs: 1000,
      durationMs: 60_000,
      preAllocatedVUs: 4,
      startTimeMs: 0,
      gracefulStopMs: 30_000,
    });
    expect(issuesOf({ s: { executor: 'constant-arrival-rate', duration: '1m' } })).toEqual([
      's.rate: rate must be a whole number',
      's.preAllocatedVUs: preAllocatedVUs must be a whole number',
    ]);
  });

  it('ramping-arrival-rate: startRate 0, timeUnit 1s; every common field read', () => {
    expect(
      parse({
        executor: 'ramping-arrival-rate',
        stages: [{ duration: '2m', target: 60 }],
        timeUnit: '1m',
        preAllocatedVUs: 2,
        maxVUs: 8,
        startTime: '30s',
        gracefulStop: '5s',
      }),
    ).toEqual({
      executor: 'ramping-arrival-rate',
      startRate: 0,
      timeUnitMs: 60_000,
      stages: [{ durationMs: 120_000, target: 60 }],
      preAllocatedVUs: 2,
      maxVUs: 8,
      startTimeMs: 30_000,
      gracefulStopMs: 5000,
    });
  });

  it('lists the six executors callcheck supports', () => {
    expect(EXECUTORS).toEqual(['shared-iterations', 'per-vu-iterations', 'constant-vus', 'ramping-vus', 'constant-arrival-rate', 'ramping-arrival-rate']);
  });
});

describe('refused scenarios', () => {
  it('names the field and the expected form of a bad duration', () => {
    expect(issuesOf({ s: { executor: 'constant-vus', duration: '10 s', gracefulStop: '-1s' } })).toEqual([
      's.gracefulStop: gracefulStop must be a k6 duration such as 30s, 1m30s or 500ms, or a number of milliseconds, not "-1s"',
      's.duration: duration must be a k6 duration such as 30s, 1m30s or 500ms, or a number of milliseconds, not "10 s"',
    ]);
    expect(issuesOf({ s: { executor: 'ramping-vus', stages: [{ duration: 'soon', target: 1 }] } })).toEqual([
      's.stages.0.duration: the stage duration must be a k6 duration such as 30s, 1m30s or 500ms, or a number of milliseconds, not "soon"',
    ]);
  });

  it("refuses k6's exec, env, tags and options, saying callcheck does not support them", () => {
    const issues = issuesOf({ s: { executor: 'shared-iterations', exec: 'dial', env: { A: '1' }, tags: { t: 'x' }, options: { browser: {} } } });
    expect(issues).toHaveLength(4);
    expect(issues[0]).toBe("s.exec: callcheck does not support k6's exec: every iteration places one call");
    for (const [i, field] of ['exec', 'env', 'tags', 'options'].entries()) expect(issues[i]).toMatch(new RegExp(`^s\\.${field}: callcheck does not support k6's ${field}: `));
  });

  it('names a field the executor does not have', () => {
    expect(issuesOf({ s: { executor: 'shared-iterations', duration: '10s' } })).toEqual(['s: duration is not an option of the shared-iterations executor']);
    expect(issuesOf({ s: { executor: 'constant-vus', duration: '10s', rate: 1, stages: [] } })).toEqual(['s: rate, stages are not options of the constant-vus executor']);
    expect(issuesOf({ s: { executor: 'ramping-vus', stages: [{ duration: '1s', target: 1, rate: 2 }] } })).toEqual(['s.stages.0: a stage has only duration and target, not rate']);
  });

  it('refuses an unknown or missing executor, listing the supported ones', () => {
    const expected = 's.executor: executor must be one of shared-iterations, per-vu-iterations, constant-vus, ramping-vus, constant-arrival-rate, ramping-arrival-rate';
    expect(issuesOf({ s: { executor: 'externally-controlled' } })).toEqual([expected]);
    expect(issuesOf({ s: { vus: 2 } })).toEqual([expected]);
  });

  it("applies k6's rules between fields", () => {
    expect(issuesOf({ s: { executor: 'shared-iterations', vus: 5, iterations: 3 } })).toEqual([
      's.iterations: iterations (3) must be at least vus (5): each VU needs an iteration to share',
    ]);
    expect(issuesOf({ s: { executor: 'ramping-vus', startVUs: 0, stages: [{ duration: '5s', target: 0 }] } })).toEqual([
      's.stages: startVUs or one of the stage targets must be above 0',
    ]);
    expect(issuesOf({ s: { executor: 'constant-arrival-rate', rate: 1, duration: '10s', preAllocatedVUs: 3, maxVUs: 2 } })).toEqual([
      's.maxVUs: maxVUs (2) must not be below preAllocatedVUs (3)',
    ]);
    expect(issuesOf({ s: { executor: 'ramping-arrival-rate', stages: [{ duration: '10s', target: 5 }], preAllocatedVUs: 0 } })).toEqual([
      's.preAllocatedVUs: preAllocatedVUs or maxVUs must be at least 1: iterations need an agent to place their call',
    ]);
    expect(issuesOf({ s: { executor: 'constant-arrival-rate', rate: 1, timeUnit: '0s', duration: '10s', preAllocatedVUs: 1 } })).toEqual([
      's.timeUnit: timeUnit must be longer than 0',
    ]);
  });

  it("refuses durations and maxDurations under k6's minimum of 1s, and counts that are not whole", () => {
    expect(issuesOf({ s: { executor: 'constant-vus', duration: '999ms' } })).toEqual(["s.duration: duration must be at least 1s (k6's minimum)"]);
    expect(issuesOf({ s: { executor: 'per-vu-iterations', maxDuration: '500ms' } })).toEqual(["s.maxDuration: maxDuration must be at least 1s (k6's minimum)"]);
    expect(issuesOf({ s: { executor: 'per-vu-iterations', vus: 0, iterations: 1.5 } })).toEqual(['s.vus: vus must be at least 1', 's.iterations: iterations must be a whole number']);
  });

  it("takes k6's scenario names (latin letters, digits, _ and -) and refuses others", () => {
    const ok = { 'Inbound_peak-2': { executor: 'shared-iterations' } };
    expect(Object.keys(loadScenariosSchema.parse(ok))).toEqual(['Inbound_peak-2']);
    expect(issuesOf({ 'peak hour': { executor: 'shared-iterations' } })).toEqual(['peak hour: scenario names are latin letters, digits, _ and - (as in k6)']);
    expect(issuesOf({ 'pic-é': { executor: 'shared-iterations' } })).toEqual(['pic-é: scenario names are latin letters, digits, _ and - (as in k6)']);
  });

  it('needs at least one scenario, given as an object', () => {
    expect(issuesOf({})).toEqual([': at least one scenario is needed']);
    expect(issuesOf([{ executor: 'shared-iterations' }])).toEqual([': scenarios must be an object of name → executor config']);
  });
});

describe('agentsNeeded', () => {
  it('is vus for the VU executors, the highest target for ramping-vus, maxVUs else preAllocatedVUs for arrival rates', () => {
    expect(agentsNeeded(parse({ executor: 'shared-iterations', vus: 3, iterations: 10 }))).toBe(3);
    expect(agentsNeeded(parse({ executor: 'per-vu-iterations', vus: 4 }))).toBe(4);
    expect(agentsNeeded(parse({ executor: 'constant-vus', vus: 7, duration: '1m' }))).toBe(7);
    expect(agentsNeeded(parse({ executor: 'ramping-vus', startVUs: 6, stages: [{ duration: '1m', target: 2 }] }))).toBe(6);
    expect(
      agentsNeeded(
        parse({
          executor: 'ramping-vus',
          startVUs: 0,
          stages: [
            { duration: '1m', target: 9 },
            { duration: '1m', target: 3 },
          ],
        }),
      ),
    ).toBe(9);
    expect(agentsNeeded(parse({ executor: 'constant-arrival-rate', rate: 5, duration: '1m', preAllocatedVUs: 2, maxVUs: 10 }))).toBe(10);
    expect(agentsNeeded(parse({ executor: 'ramping-arrival-rate', stages: [{ duration: '1m', target: 5 }], preAllocatedVUs: 2 }))).toBe(2);
  });
});

describe("k6's own types", () => {
  // Compile-time: whatever k6's types allow for options.scenarios, the schema's input type accepts.
  const acceptsK6: (scenarios: K6ScenariosInput) => LoadScenariosInput = (scenarios) => scenarios;

  it('accepts options typed with k6/options and parses them', () => {
    const options: Options = {
      scenarios: {
        warmup: { executor: 'per-vu-iterations', vus: 2, iterations: 3, maxDuration: '1m' },
        steady: { executor: 'constant-arrival-rate', rate: 10, timeUnit: '1s', duration: '5m', preAllocatedVUs: 20, maxVUs: 40, startTime: '1m' },
        ramp: { executor: 'ramping-vus', startVUs: 0, stages: [{ duration: '30s', target: 10 }], gracefulRampDown: '10s', gracefulStop: '1m' },
      },
    };
    const parsed = loadScenariosSchema.parse(acceptsK6(options.scenarios ?? {}));
    expect(Object.keys(parsed)).toEqual(['warmup', 'steady', 'ramp']);
    expect(parsed.steady).toMatchObject({ executor: 'constant-arrival-rate', startTimeMs: 60_000, maxVUs: 40 });
  });

  it('is not a type that accepts anything', () => {
    // @ts-expect-error vus is a number in k6 and here
    const wrong: LoadScenariosInput = { s: { executor: 'constant-vus', vus: '3', duration: '1m' } };
    expect(loadScenariosSchema.safeParse(wrong).success).toBe(false);
  });
});
