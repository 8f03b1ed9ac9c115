import { z } from 'zod';
import { headerMapSchema, SQL_IDENTIFIER, toMappings, type HeaderMapping } from './header-map.ts';
import type { HeaderValueFn } from './header-value-function.ts';
import { loadScenariosSchema, type LoadScenariosInput } from './load-options.ts';
import { agentsNeeded, type LoadScenarios } from './executor-config.ts';
import { faultsSchema } from './faults.ts';
import { browserBuildSchema } from './browser-build.ts';
import { pbxSchema } from './pbx.ts';
import { userAsteriskSchema } from './user-asterisk.ts';
import type { ThresholdsOption } from './threshold-options.ts';

/** MySQL's official image, the default CDR database. */
export const DEFAULT_CDR_IMAGE = 'mysql:8.4';

/** The simulated customer's behaviour, chosen per call by the number dialed. */
export const CALL_OUTCOMES = ['answer', 'busy', 'no-answer', 'congestion', 'cancel', 'reject', 'unknown-number'] as const;
export type PlannedOutcome = (typeof CALL_OUTCOMES)[number];

const positiveMs = (max: number) => z.number().int().min(0).max(max);

export const scenarioSchema = z
  .strictObject({
    /** Scenario name: lower-case letters, digits and dashes. */
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'use lower-case letters, digits and dashes'),
    description: z.string().max(500).optional(),
    /** SIP header to CDR column map: the single source of truth for dialplan, schema, agents and verifier. */
    headers: headerMapSchema,
    /** Header whose value identifies the CRM record; calls are matched to CDR rows by it. Default: the first mapped header. */
    matchOn: z.string().optional(),
    /**
     * Number of SIP.js agents (each its own PJSIP endpoint and credentials) when the scenario has no load
     * profile (`options.scenarios`): each places `callsPerAgent` calls one after another.
     */
    agents: z.number().int().min(1).max(2000).optional(),
    /** Agents sharing one browser page. Default 10. */
    agentsPerPage: z.number().int().min(1).max(200).default(10),
    /** Calls each agent places, one after another, when the scenario has no load profile. */
    callsPerAgent: z.number().int().min(1).max(100_000).optional(),
    /**
     * Load profile and pass/fail criteria in k6's shape: `scenarios` (named executors; a VU is an agent) and
     * `thresholds` on callcheck's metrics. See the README's load section.
     */
    options: z
      .strictObject({
        scenarios: loadScenariosSchema.optional(),
        // Checked against callcheck's metrics when the scenario is loaded (see parseThresholds).
        thresholds: z.record(z.string(), z.array(z.unknown())).optional(),
      })
      .optional(),
    /** How long an agent stays on an answered call before hanging up, in ms. Default 2000. */
    talkTimeMs: positiveMs(3_600_000).default(2000),
    /** How long the simulated customer rings before answering, in ms. Default 200. */
    ringTimeMs: positiveMs(60_000).default(200),
    /**
     * How long an agent lets a call of the `cancel` outcome ring before hanging up (sending CANCEL), in ms from
     * the first 180/183. That customer rings longer than any call may last, so the agent always cancels. Default 1000.
     */
    cancelAfterMs: positiveMs(60_000).default(1000),
    /** Pause between one agent's calls, in ms. Default 0. */
    pauseBetweenCallsMs: positiveMs(600_000).default(0),
    /** Relative weights of the simulated customer's outcomes; those left out weigh 0. Default: every call answered. */
    outcomes: z
      .strictObject({
        answer: z.number().min(0).default(0),
        busy: z.number().min(0).default(0),
        'no-answer': z.number().min(0).default(0),
        congestion: z.number().min(0).default(0),
        cancel: z.number().min(0).default(0),
        reject: z.number().min(0).default(0),
        'unknown-number': z.number().min(0).default(0),
      })
      .refine((o) => CALL_OUTCOMES.some((name) => o[name] > 0), 'at least one outcome needs a weight above 0')
      // Weights left out are 0: `{ busy: 1 }` means every call is busy.
      .prefault({ answer: 1 }),
    /** Header values: `'generated'` (unique per call) or a function of the call. `--header-values FILE` overrides. */
    headerValues: z
      .union([z.literal('generated'), z.custom<HeaderValueFn>((v) => typeof v === 'function', 'must be "generated" or a function')])
      .default('generated'),
    browser: z
      .strictObject({
        /** Browser executable. Default: $CALLCHECK_BROWSER, else a Chromium found on the machine. */
        executablePath: z.string().min(1).optional(),
        /** Extra command-line flags for the browser. */
        args: z.array(z.string()).default([]),
        /** Run headless. Default true. */
        headless: z.boolean().default(true),
        /** Browsers callcheck launches on this machine; agents are spread over them. Default 1. */
        count: z.number().int().min(1).max(64).default(1),
        /**
         * Browsers elsewhere to run the agents in instead of launching any: CDP or WebDriver BiDi WebSocket
         * URLs (Selenium Grid 4, browserless, a browser started with remote debugging), or a DevTools http URL.
         */
        endpoints: z
          .array(
            z.union([
              z.string().regex(/^(wss?|https?):\/\//, 'use a ws://, wss:// or http:// URL'),
              z.strictObject({ url: z.string().regex(/^(wss?|https?):\/\//, 'use a ws://, wss:// or http:// URL'), protocol: z.enum(['cdp', 'webDriverBiDi']).default('cdp') }),
            ]),
          )
          .default([]),
        /**
         * Calls started on a page after which a fresh page takes over its agents. Chromium refuses a page's
         * 501st RTCPeerConnection, and closed ones count until garbage-collected. Default 300.
         */
        recyclePageAfterCalls: z.number().int().min(1).max(450).default(300),
      })
      .prefault({}),
    /**
     * Browser matrix: the same workload on several browser builds, interleaved in rounds, and a verdict of
     * each candidate build against the baseline. Replaces `browser.executablePath`.
     */
    matrix: z
      .strictObject({
        builds: z.array(browserBuildSchema).min(2).max(8),
        /** Label of the build the others are compared with. Default: the first. */
        baseline: z.string().optional(),
        /** Times the whole workload runs on every build, in rotating order. Default 3. */
        rounds: z.number().int().min(1).max(1000).default(3),
        /** Seed of the bootstrap's random numbers. Default 1. */
        seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
      })
      .optional(),
    cdr: z
      .strictObject({
        /**
         * CDR database image. Default `mysql:8.4`; when it is not in the local engine, the MySQL image setup builds
         * (callcheck/cdr-mysql:local) is used. MariaDB: callcheck/cdr-mariadb:local.
         */
        image: z.string().min(1).default(DEFAULT_CDR_IMAGE),
        /** Table the adaptive ODBC backend writes. Default `cdr`. */
        table: z.string().regex(SQL_IDENTIFIER, 'table names are lower-case letters, digits and _, at most 64').default('cdr'),
        /** cdr.conf `unanswered`: whether calls never answered get a row. Default true. */
        recordUnanswered: z.boolean().default(true),
        /** cdr.conf `congestion`: whether congestion is recorded as CONGESTION. Default true. */
        recordCongestion: z.boolean().default(true),
        /** How long to wait for the last CDR rows after the last call ended, in ms. Default 10000. */
        settleTimeoutMs: positiveMs(600_000).default(10_000),
      })
      .prefault({}),
    /**
     * Your own PBX: an existing Asterisk (SIP over WebSocket) and its CDR database, used instead of the
     * containers callcheck starts. See the README's "Your own PBX".
     */
    pbx: pbxSchema.optional(),
    /**
     * Your Asterisk under test: the call center's own configuration (their /etc/asterisk) booted in
     * callcheck's stack, with callcheck's CDR database and a simulated carrier behind the trunk, instead of
     * callcheck's generated dialplan. See docs/your-asterisk-config.md.
     */
    asterisk: userAsteriskSchema.optional(),
    /**
     * Faults planted in callcheck's own stack during the load (the CDR database stopped or slowed,
     * Asterisk killed), each at `atMs` after the first dial. Default none. See the README's "Faults".
     */
    faults: faultsSchema.default([]),
    timeouts: z
      .strictObject({
        /** Limit for Asterisk and the database to become ready, in ms. Default 180000 (includes an image build). */
        stackStartMs: positiveMs(3_600_000).default(180_000),
        /** Limit for a browser and its pages to start, in ms. Default 30000. */
        browserStartMs: positiveMs(600_000).default(30_000),
        /** Limit for all agents to register, in ms. Default 15000. */
        registerMs: positiveMs(600_000).default(15_000),
        /** Limit for one call from click to end, beyond ring and talk time, in ms. Default 15000. */
        callSlackMs: positiveMs(600_000).default(15_000),
      })
      .prefault({}),
  })
  .superRefine((s, ctx) => {
    if (s.options?.scenarios === undefined) {
      for (const field of ['agents', 'callsPerAgent'] as const) {
        if (s[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message: `is required when the scenario has no load profile (options.scenarios)` });
      }
    }
    if (s.matrix !== undefined) {
      // The matrix names the browsers; a second source of them would leave it unclear which one ran.
      if (s.browser.executablePath !== undefined) ctx.addIssue({ code: 'custom', path: ['browser', 'executablePath'], message: 'cannot be combined with matrix: give each build its executablePath in matrix.builds' });
      if (s.browser.endpoints.length > 0) ctx.addIssue({ code: 'custom', path: ['browser', 'endpoints'], message: 'cannot be combined with matrix: a matrix launches its builds on this machine' });
      const labels = s.matrix.builds.map((b) => b.label).filter((l): l is string => l !== undefined);
      if (s.matrix.baseline !== undefined && labels.length === s.matrix.builds.length && !labels.includes(s.matrix.baseline)) {
        ctx.addIssue({ code: 'custom', path: ['matrix', 'baseline'], message: `"${s.matrix.baseline}" is not the label of any build (${labels.join(', ')})` });
      }
    }
    const accounts = s.pbx?.agents ?? s.asterisk?.agents;
    if (accounts !== undefined) {
      // Every agent registers with credentials of its own (each build of a matrix has its own agents): the
      // accounts given bound the load.
      const perBuild = s.options?.scenarios ? Object.values(s.options.scenarios).reduce((n, c) => n + agentsNeeded(c), 0) : (s.agents ?? 0);
      const builds = s.matrix?.builds.length ?? 1;
      const needed = perBuild * builds;
      if (needed > accounts.length) {
        const why = builds > 1 ? ` (${perBuild} on each of ${builds} browser builds)` : '';
        ctx.addIssue({ code: 'custom', path: [s.pbx ? 'pbx' : 'asterisk', 'agents'], message: `the load needs ${needed} agents${why}, but credentials for ${accounts.length} are given: add credentials, or lower agents (VUs)` });
      }
    }
    if (s.pbx !== undefined && s.faults.length > 0) {
      ctx.addIssue({ code: 'custom', path: ['faults'], message: 'cannot be combined with pbx: callcheck plants faults only in the stack it starts itself, never in your PBX; remove pbx to run them on callcheck\'s own Asterisk and database' });
    }
    if (s.pbx !== undefined && s.asterisk !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['asterisk'], message: 'cannot be combined with pbx: asterisk boots your configuration in callcheck\'s stack, pbx calls a PBX that already runs; keep one' });
    }
    if (s.matchOn !== undefined && !Object.keys(s.headers).includes(s.matchOn)) {
      ctx.addIssue({ code: 'custom', path: ['matchOn'], message: `"${s.matchOn}" is not one of the mapped headers (${Object.keys(s.headers).join(', ')})` });
    }
  });

/** What a scenario file declares. `options` takes k6's own types (`Options['scenarios']`, thresholds). */
export type ScenarioInput = Omit<z.input<typeof scenarioSchema>, 'options'> & {
  options?: { scenarios?: LoadScenariosInput; thresholds?: ThresholdsOption };
};
type ParsedScenario = z.output<typeof scenarioSchema>;

/**
 * The load profile of a scenario without `options.scenarios`: every agent places its calls one after
 * another, as k6's per-vu-iterations does; no time limit of its own (the call timeouts bound each call).
 */
export const DEFAULT_LOAD_SCENARIO = 'default';
// 24 days: the longest a Node timer can wait (2^31 ms is 24.8 days).
const NO_TIME_LIMIT_MS = 24 * 24 * 3_600_000;

/** A validated scenario with its header map and load profile normalised. */
export interface Scenario extends Omit<ParsedScenario, 'headers' | 'matchOn' | 'options'> {
  mappings: HeaderMapping[];
  /** The mapping calls are matched on. */
  key: HeaderMapping;
  /** Named executors, durations in ms. */
  load: LoadScenarios;
  /** `options.thresholds` as written; parsed against the metric catalogue when the scenario is loaded. */
  thresholds: ThresholdsOption;
}

/**
 * Declares a scenario. An identity function: it only gives the scenario file its types;
 * validation happens when callcheck loads the file.
 */
export function defineScenario(scenario: ScenarioInput): ScenarioInput {
  return scenario;
}

export function normaliseScenario(parsed: ParsedScenario): Scenario {
  const { headers, matchOn, options, ...rest } = parsed;
  const mappings = toMappings(headers);
  const key = mappings.find((m) => m.header === (matchOn ?? mappings[0]?.header));
  if (!key) throw new Error('unreachable: a validated header map has at least one mapping');
  const load: LoadScenarios = options?.scenarios ?? {
    [DEFAULT_LOAD_SCENARIO]: {
      executor: 'per-vu-iterations',
      vus: rest.agents ?? 1,
      iterations: rest.callsPerAgent ?? 1,
      maxDurationMs: NO_TIME_LIMIT_MS,
      startTimeMs: 0,
      gracefulStopMs: 30_000,
    },
  };
  return { ...rest, mappings, key, load, thresholds: (options?.thresholds ?? {}) as ThresholdsOption };
}
