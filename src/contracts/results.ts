import { z } from 'zod';
import { cdrEngineSchema } from './cdr-engine.ts';
import { configChangeSchema } from './config-change.ts';
import { callRecordSchema } from './call-record.ts';
import { headerMappingSchema } from './header-map.ts';
import { thresholdResultSchema, thresholdsOptionSchema } from './threshold-options.ts';
import { cdrSummarySchema, cdrVerdictSchema, unknownRowSchema } from './verdict.ts';
import { buildComparisonSchema } from './comparison.ts';
import { runObservationsSchema } from './observations.ts';

/** Bumped whenever a field of results.json changes meaning or is removed. */
export const RESULTS_SCHEMA_VERSION = 2;

export const browserInfoSchema = z.object({
  /** Id used by calls, e.g. `browser-1`. */
  id: z.string(),
  /** Product name, e.g. `Chrome` or `HeadlessChrome`. */
  name: z.string(),
  /** Exact version as reported by the browser, e.g. `156.0.8078.108`. */
  version: z.string(),
  executablePath: z.string(),
  /** Engine, which decides the protocol (CDP for Chromium, WebDriver BiDi for Firefox). Absent in runs before the browser matrix: chromium. */
  engine: z.enum(['chromium', 'firefox']).optional(),
  /** The browser matrix build this browser runs (its label, e.g. `chromium-150`); absent outside a matrix. */
  build: z.string().optional(),
});
export type BrowserInfo = z.infer<typeof browserInfoSchema>;

export const runMetadataSchema = z.object({
  id: z.string(),
  scenario: z.string(),
  scenarioFile: z.string(),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  durationMs: z.number(),
  callcheckVersion: z.string(),
  nodeVersion: z.string(),
  host: z.string(),
  /** Set when the run did not finish normally. */
  interrupted: z.boolean().optional(),
  /** Set when the run's process was killed (e.g. kill -9) before it could write its report: `callcheck report` rebuilt it. */
  killed: z.boolean().optional(),
  /** Set when the run is one shard of a split run (`--shard index/count`). */
  shard: z.object({ index: z.number().int(), count: z.number().int() }).optional(),
  /** Set on a merged run: the run directories it was merged from. */
  mergedFrom: z.array(z.string()).optional(),
});
export type RunMetadata = z.infer<typeof runMetadataSchema>;

/**
 * What the CDR rows were checked against, kept so a run can be verified again later (merge, verify)
 * without its scenario file.
 */
export const verificationSettingsSchema = z.object({
  mappings: z.array(headerMappingSchema),
  key: headerMappingSchema,
  policy: z.object({ recordUnanswered: z.boolean(), recordCongestion: z.boolean() }),
  /**
   * Dialplan context of the agents' calls. Absent: dcontext was not checked (an external PBX whose
   * scenario has no `pbx.context`).
   */
  context: z.string().optional(),
  /** Agent → the `src` its rows carry, where that is not the agent's name (an external PBX's `pbx.agents[].src`). */
  srcOf: z.record(z.string(), z.string()).optional(),
});
export type VerificationSettings = z.infer<typeof verificationSettingsSchema>;

/** What the load profile did, per k6 scenario. */
export const loadScenarioSummarySchema = z.object({
  name: z.string(),
  executor: z.string(),
  /** Agents (VUs) the scenario had. */
  agents: z.number().int(),
  /** Calls started. */
  iterations: z.number().int(),
  /** Arrival-rate iterations dropped because every agent was busy (k6's dropped_iterations). */
  dropped: z.number().int(),
});
export type LoadScenarioSummary = z.infer<typeof loadScenarioSummarySchema>;

export const loadSummarySchema = z.object({
  scenarios: z.array(loadScenarioSummarySchema),
  /** From the first dial to the end of the last call, in ms: the base of per-second rates. */
  durationMs: z.number(),
  pages: z.number().int(),
  /** Pages replaced by a fresh one during the run (see browser.recyclePageAfterCalls). */
  recycledPages: z.number().int(),
});
export type LoadSummary = z.infer<typeof loadSummarySchema>;

/** An external PBX as results.json records it: no credential, the database password shown as `***`. */
export const externalPbxInfoSchema = z.object({
  wsUrl: z.string(),
  /** SIP domain of the agents' AORs. */
  sipDomain: z.string(),
  /** `pbx.cdrUrl` with its password replaced by `***`. */
  cdrUrl: z.string(),
  /** What the preflight warned of (e.g. a mapped column shorter than the header map says). */
  warnings: z.array(z.string()),
});
export type ExternalPbxInfo = z.infer<typeof externalPbxInfoSchema>;

/** A call center's own configuration, booted by callcheck (the scenario's `asterisk`). */
export const userConfigInfoSchema = z.object({
  /** The configuration folders, as the scenario names them. */
  folders: z.array(z.string()),
  /** Context the agents' endpoints were placed in. */
  agentContext: z.string(),
  /** The trunk endpoint whose far end was the simulated carrier. */
  trunk: z.string(),
  /** The simulated carrier's Asterisk. */
  carrierVersion: z.string(),
  /** Every change callcheck made to its copy of the configuration. */
  changes: z.array(configChangeSchema),
});
export type UserConfigInfo = z.infer<typeof userConfigInfoSchema>;

export const stackInfoSchema = z.object({
  asteriskVersion: z.string(),
  cdrImage: z.string(),
  /** Set when the configured CDR image was not in the local engine and callcheck's own MySQL image was used instead. */
  cdrImageFallbackFrom: z.string().optional(),
  /** Which server the CDR table was in (absent in results written before callcheck named it). */
  cdrEngine: cdrEngineSchema.optional(),
  cdrServerVersion: z.string(),
  cdrTable: z.string(),
  /** Mapped header → column, as used for this run. */
  headerMap: z.record(z.string(), z.string()),
  /** The mapped header calls are matched to CDR rows on (the scenario's `matchOn`). */
  keyHeader: z.string(),
  /** Set when the system under test was the scenario's own PBX (`pbx`), not containers callcheck started. */
  external: externalPbxInfoSchema.optional(),
  /** Set when callcheck booted a call center's own configuration (`asterisk`). */
  userConfig: userConfigInfoSchema.optional(),
});
export type StackInfo = z.infer<typeof stackInfoSchema>;

/** A call with its CDR verdict: one of results.json's `calls`. */
export const verifiedCallSchema = callRecordSchema.extend({
  cdr: cdrVerdictSchema,
  /** From the call's hangup to its CDR row appearing in the table, in ms (late by up to one poll); absent when not measured. */
  cdrRowDelayMs: z.number().optional(),
});
export type VerifiedCall = z.infer<typeof verifiedCallSchema>;

/**
 * Why the load stopped starting calls before its planned end. The calls in flight then were let end, and
 * every call placed was verified and reported as usual.
 */
export const stoppedEarlySchema = z.object({
  /** `max-failures`: `--max-failures` calls had failed; `abort-on-fail`: a threshold with abortOnFail failed. */
  reason: z.enum(['max-failures', 'abort-on-fail']),
  /** Calls placed in all, those in flight at the stop included. */
  afterCalls: z.number().int(),
  /** The `--max-failures` limit that was reached (reason `max-failures`). */
  maxFailures: z.number().int().optional(),
});
export type StoppedEarly = z.infer<typeof stoppedEarlySchema>;

export const runSummarySchema = z.object({
  placed: z.number().int(),
  answered: z.number().int(),
  failed: z.number().int(),
  cdr: cdrSummarySchema,
  /** True when every call conformed and no unknown row was found. */
  conforms: z.boolean(),
  /** False when a threshold failed; absent when the scenario has none. */
  thresholdsPassed: z.boolean().optional(),
  /** Set when a threshold with abortOnFail stopped the load before its planned end. */
  abortedByThreshold: z.boolean().optional(),
  /** Set when the load stopped before its planned end (`--max-failures`, or abortOnFail): why, and after how many calls. */
  stoppedEarly: stoppedEarlySchema.optional(),
});
export type RunSummary = z.infer<typeof runSummarySchema>;



/**
 * Results written after the run by `callcheck report` (from the run directory alone) or `callcheck verify`
 * (its calls checked again against CDR rows read afresh, or those it kept).
 */
export const rebuiltResultsSchema = z.object({
  by: z.enum(['report', 'verify']),
  at: z.iso.datetime(),
  /**
   * Where the CDR rows the verdicts are drawn from come from: `host:port/database.table` (no password), or
   * the cdr-rows.json that was kept. Absent when there were none: every call's verdict is `not-verified`.
   */
  cdrSource: z.string().optional(),
  /** When those rows were read. */
  cdrReadAt: z.string().optional(),
});
export type RebuiltResults = z.infer<typeof rebuiltResultsSchema>;

/**
 * What Asterisk still held of the run once every agent had stopped (hung up, unregistered, page closed),
 * read just before Asterisk is stopped. Both are expected empty; leftovers are a warning, not a failure.
 */
export const leftoversSchema = z.object({
  /** Channels still up (`core show channels count`). */
  channels: z.number().int(),
  /** Contacts still registered, as `aor/uri` (`pjsip show contacts`, which cuts a long URI short). */
  contacts: z.array(z.string()),
});
export type Leftovers = z.infer<typeof leftoversSchema>;

/** What a browser-matrix run did, and its verdict. */
export const matrixSummarySchema = z.object({
  /** Build labels in the scenario's order. */
  builds: z.array(z.string()),
  baseline: z.string(),
  /** The order the builds ran in, round by round (each round runs the whole workload once per build). */
  rounds: z.array(z.array(z.string())),
  /** Seed of the bootstrap (the scenario's `matrix.seed`), kept so a merge draws the verdict again the same way. */
  seed: z.number(),
  /** Every candidate build against the baseline. */
  comparisons: z.array(buildComparisonSchema),
});
export type MatrixSummary = z.infer<typeof matrixSummarySchema>;

/** The distribution of one latency phase over a run's calls (results.json `phases`), in ms. */
export const phaseStatsSchema = z.object({
  name: z.string(),
  label: z.string(),
  count: z.number().int(),
  minMs: z.number().optional(),
  p50Ms: z.number().optional(),
  p95Ms: z.number().optional(),
  p99Ms: z.number().optional(),
  maxMs: z.number().optional(),
  meanMs: z.number().optional(),
});
export type PhaseStats = z.infer<typeof phaseStatsSchema>;

/** results.json: everything a run observed and concluded, for machines. */
export const runResultsSchema = z.object({
  schemaVersion: z.literal(RESULTS_SCHEMA_VERSION),
  run: runMetadataSchema,
  stack: stackInfoSchema,
  browsers: z.array(browserInfoSchema),
  calls: z.array(verifiedCallSchema),
  unknownRows: z.array(unknownRowSchema),
  phases: z.array(phaseStatsSchema),
  verification: verificationSettingsSchema,
  load: loadSummarySchema.optional(),
  /** The scenario's `options.thresholds` as written, so a merged run can evaluate them again. */
  thresholdDefinitions: thresholdsOptionSchema.optional(),
  /** Every threshold's outcome, in the order written. */
  thresholds: z.array(thresholdResultSchema).optional(),
  /** Set on a browser-matrix run: the builds, the order of every round, and each candidate against the baseline. */
  matrix: matrixSummarySchema.optional(),
  /** What the run left in callcheck's own Asterisk once its agents had stopped; absent against an external PBX. */
  cleanup: leftoversSchema.optional(),
  /** What callcheck observed of the system under test while the calls ran: outages, faults, row delays. */
  observations: runObservationsSchema.optional(),
  summary: runSummarySchema,
  /** Set when these results were written again after the run, from what its directory kept. */
  rebuilt: rebuiltResultsSchema.optional(),
});
export type RunResults = z.infer<typeof runResultsSchema>;
