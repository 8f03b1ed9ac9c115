import { z } from 'zod';
import type { Options as K6Options } from 'k6/options';
import { EXECUTORS, MIN_DURATION_MS, type ConstantArrivalRateConfig, type ExecutorName, type Stage, type ConstantVusConfig, type PerVuIterationsConfig, type RampingArrivalRateConfig, type RampingVusConfig, type SharedIterationsConfig } from './executor-config.ts';
import { parseK6Duration } from './k6-duration.ts';

/**
 * k6's `options.scenarios`: named load profiles, each run by one of k6's executors, with k6's field names,
 * defaults and rules. A VU is an agent. Durations are k6 strings (`30s`, `1m30s`) or plain milliseconds;
 * the parsed configs carry them in milliseconds (`durationMs`, ...).
 */

/** What scenario authors write: k6's own type for `options.scenarios`. The schema accepts every value of it. */
export type K6ScenariosInput = NonNullable<K6Options['scenarios']>;

// ---------------------------------------------------------------------------------------------------------
// Field schemas

const DURATION_FORM = 'a k6 duration such as 30s, 1m30s or 500ms, or a number of milliseconds';

function duration(field: string) {
  return z.union([z.string(), z.number()], { error: `${field} must be ${DURATION_FORM}` }).transform((value, ctx) => {
    const ms = parseK6Duration(value);
    if (ms === undefined) {
      ctx.addIssue({ code: 'custom', message: `${field} must be ${DURATION_FORM}, not ${JSON.stringify(value)}` });
      return z.NEVER;
    }
    return ms;
  });
}

function atLeastOneSecond(field: string) {
  return duration(field).refine((ms) => ms >= MIN_DURATION_MS, `${field} must be at least 1s (k6's minimum)`);
}

function wholeNumber(field: string, min: number) {
  return z
    .number({ error: `${field} must be a whole number` })
    .int(`${field} must be a whole number`)
    .min(min, `${field} must be at least ${min}`);
}

const stageSchema = z.strictObject(
  {
    duration: duration('the stage duration'),
    target: wholeNumber('the stage target', 0),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? `a stage has only duration and target, not ${issue.keys.join(', ')}` : undefined) },
);

function stages() {
  return z
    .array(stageSchema, { error: 'stages must be a list of { duration, target }' })
    .min(1, 'at least one stage is needed')
    .transform((list): Stage[] => list.map((s) => ({ durationMs: s.duration, target: s.target })));
}

function unsupported(field: string, why: string) {
  return z.custom<unknown>(() => false, { error: `callcheck does not support k6's ${field}: ${why}` }).optional();
}

const commonShape = {
  startTime: duration('startTime').prefault('0s'),
  gracefulStop: duration('gracefulStop').prefault('30s'),
  exec: unsupported('exec', 'every iteration places one call'),
  env: unsupported('env', 'there is no k6 script to read environment variables'),
  tags: unsupported('tags', 'calls are reported per scenario by its name'),
  options: unsupported('options', 'the browser is set by the scenario\'s browser field'),
};

function common(parsed: { startTime: number; gracefulStop: number }): { startTimeMs: number; gracefulStopMs: number } {
  return { startTimeMs: parsed.startTime, gracefulStopMs: parsed.gracefulStop };
}

function executorObject<E extends ExecutorName, Shape extends z.core.$ZodLooseShape>(executor: E, shape: Shape) {
  return z.strictObject(
    { executor: z.literal(executor), ...commonShape, ...shape },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys' ? `${issue.keys.join(', ')} ${issue.keys.length > 1 ? 'are not options' : 'is not an option'} of the ${executor} executor` : undefined,
    },
  );
}

// ---------------------------------------------------------------------------------------------------------
// Executor schemas

const sharedIterations = executorObject('shared-iterations', {
  vus: wholeNumber('vus', 1).default(1),
  iterations: wholeNumber('iterations', 1).default(1),
  maxDuration: atLeastOneSecond('maxDuration').prefault('10m'),
})
  .superRefine((c, ctx) => {
    if (c.iterations < c.vus) {
      ctx.addIssue({ code: 'custom', path: ['iterations'], message: `iterations (${c.iterations}) must be at least vus (${c.vus}): each VU needs an iteration to share` });
    }
  })
  .transform(
    (c): SharedIterationsConfig => ({ executor: c.executor, vus: c.vus, iterations: c.iterations, maxDurationMs: c.maxDuration, ...common(c) }),
  );

const perVuIterations = executorObject('per-vu-iterations', {
  vus: wholeNumber('vus', 1).default(1),
  iterations: wholeNumber('iterations', 1).default(1),
  maxDuration: atLeastOneSecond('maxDuration').prefault('10m'),
}).transform(
  (c): PerVuIterationsConfig => ({ executor: c.executor, vus: c.vus, iterations: c.iterations, maxDurationMs: c.maxDuration, ...common(c) }),
);

const constantVus = executorObject('constant-vus', {
  vus: wholeNumber('vus', 1).default(1),
  duration: atLeastOneSecond('duration'),
}).transform((c): ConstantVusConfig => ({ executor: c.executor, vus: c.vus, durationMs: c.duration, ...common(c) }));

const rampingVus = executorObject('ramping-vus', {
  startVUs: wholeNumber('startVUs', 0).default(1),
  stages: stages(),
  gracefulRampDown: duration('gracefulRampDown').prefault('30s'),
})
  .refine((c) => Math.max(c.startVUs, ...c.stages.map((s) => s.target)) > 0, {
    path: ['stages'],
    error: 'startVUs or one of the stage targets must be above 0',
  })
  .transform(
    (c): RampingVusConfig => ({ executor: c.executor, startVUs: c.startVUs, stages: c.stages, gracefulRampDownMs: c.gracefulRampDown, ...common(c) }),
  );

const arrivalVUs = {
  timeUnit: duration('timeUnit')
    .refine((ms) => ms > 0, 'timeUnit must be longer than 0')
    .prefault('1s'),
  preAllocatedVUs: wholeNumber('preAllocatedVUs', 0),
  maxVUs: wholeNumber('maxVUs', 0).optional(),
};

function checkArrivalVUs(c: { preAllocatedVUs: number; maxVUs?: number | undefined }, ctx: z.RefinementCtx): void {
  if (c.maxVUs !== undefined && c.maxVUs < c.preAllocatedVUs) {
    ctx.addIssue({ code: 'custom', path: ['maxVUs'], message: `maxVUs (${c.maxVUs}) must not be below preAllocatedVUs (${c.preAllocatedVUs})` });
  } else if ((c.maxVUs ?? c.preAllocatedVUs) < 1) {
    ctx.addIssue({ code: 'custom', path: ['preAllocatedVUs'], message: 'preAllocatedVUs or maxVUs must be at least 1: iterations need an agent to place their call' });
  }
}

const constantArrivalRate = executorObject('constant-arrival-rate', {
  rate: wholeNumber('rate', 1),
  duration: atLeastOneSecond('duration'),
  ...arrivalVUs,
})
  .superRefine(checkArrivalVUs)
  .transform(
    (c): ConstantArrivalRateConfig => ({
      executor: c.executor,
      rate: c.rate,
      timeUnitMs: c.timeUnit,
      durationMs: c.duration,
      preAllocatedVUs: c.preAllocatedVUs,
      ...(c.maxVUs === undefined ? {} : { maxVUs: c.maxVUs }),
      ...common(c),
    }),
  );

const rampingArrivalRate = executorObject('ramping-arrival-rate', {
  startRate: wholeNumber('startRate', 0).default(0),
  stages: stages(),
  ...arrivalVUs,
})
  .superRefine(checkArrivalVUs)
  .transform(
    (c): RampingArrivalRateConfig => ({
      executor: c.executor,
      startRate: c.startRate,
      timeUnitMs: c.timeUnit,
      stages: c.stages,
      preAllocatedVUs: c.preAllocatedVUs,
      ...(c.maxVUs === undefined ? {} : { maxVUs: c.maxVUs }),
      ...common(c),
    }),
  );

/** One scenario's executor config, told apart by `executor`. */
export const executorConfigSchema = z.discriminatedUnion(
  'executor',
  [sharedIterations, perVuIterations, constantVus, rampingVus, constantArrivalRate, rampingArrivalRate],
  { error: (issue) => (issue.code === 'invalid_union' ? `executor must be one of ${EXECUTORS.join(', ')}` : undefined) },
);

/** k6 allows scenario names made of latin letters, digits, `_` and `-`. */
export const SCENARIO_NAME = /^[A-Za-z0-9_-]+$/;

/** `options.scenarios`: scenario name → executor config; at least one scenario. */
export const loadScenariosSchema = z
  .record(z.string().regex(SCENARIO_NAME), executorConfigSchema, {
    error: (issue) =>
      issue.code === 'invalid_key' ? 'scenario names are latin letters, digits, _ and - (as in k6)' : issue.code === 'invalid_type' ? 'scenarios must be an object of name → executor config' : undefined,
  })
  .refine((scenarios) => Object.keys(scenarios).length > 0, 'at least one scenario is needed');

export type LoadScenariosInput = z.input<typeof loadScenariosSchema>;
export type ExecutorConfigInput = z.input<typeof executorConfigSchema>;
