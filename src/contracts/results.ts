import type { CallRecord } from './call-record.ts';
import type { HeaderMapping } from './header-map.ts';
import type { ThresholdResult, ThresholdsOption } from './threshold-options.ts';
import type { CdrSummary, CdrVerdict, UnknownRow } from './verdict.ts';
import type { BuildComparison } from './comparison.ts';
import type { RunObservations } from './observations.ts';

/** Bumped whenever a field of results.json changes meaning or is removed. */
export const RESULTS_SCHEMA_VERSION = 2;

export interface BrowserInfo {
  /** Id used by calls, e.g. `browser-1`. */
  id: string;
  /** Product name, e.g. `Chrome` or `HeadlessChrome`. */
  name: string;
  /** Exact version as reported by the browser, e.g. `156.0.8078.108`. */
  version: string;
  executablePath: string;
  /** Engine, which decides the protocol (CDP for Chromium, WebDriver BiDi for Firefox). Absent in runs before the browser matrix: chromium. */
  engine?: 'chromium' | 'firefox';
  /** The browser matrix build this browser runs (its label, e.g. `chromium-150`); absent outside a matrix. */
  build?: string;
}

export interface RunMetadata {
  id: string;
  scenario: string;
  scenarioFile: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  callcheckVersion: string;
  nodeVersion: string;
  host: string;
  /** Set when the run did not finish normally. */
  interrupted?: boolean;
  /** Set when the run's process was killed (e.g. kill -9) before it could write its report: `callcheck report` rebuilt it. */
  killed?: boolean;
  /** Set when the run is one shard of a split run (`--shard index/count`). */
  shard?: { index: number; count: number };
  /** Set on a merged run: the run directories it was merged from. */
  mergedFrom?: string[];
}

/**
 * What the CDR rows were checked against, kept so a run can be verified again later (merge, verify)
 * without its scenario file.
 */
export interface VerificationSettings {
  mappings: HeaderMapping[];
  key: HeaderMapping;
  policy: { recordUnanswered: boolean; recordCongestion: boolean };
  /**
   * Dialplan context of the agents' calls. Absent: dcontext was not checked (an external PBX whose
   * scenario has no `pbx.context`).
   */
  context?: string;
  /** Agent → the `src` its rows carry, where that is not the agent's name (an external PBX's `pbx.agents[].src`). */
  srcOf?: Record<string, string>;
}

/** What the load profile did, per k6 scenario. */
export interface LoadScenarioSummary {
  name: string;
  executor: string;
  /** Agents (VUs) the scenario had. */
  agents: number;
  /** Calls started. */
  iterations: number;
  /** Arrival-rate iterations dropped because every agent was busy (k6's dropped_iterations). */
  dropped: number;
}

export interface LoadSummary {
  scenarios: LoadScenarioSummary[];
  /** From the first dial to the end of the last call, in ms: the base of per-second rates. */
  durationMs: number;
  pages: number;
  /** Pages replaced by a fresh one during the run (see browser.recyclePageAfterCalls). */
  recycledPages: number;
}

export interface StackInfo {
  asteriskVersion: string;
  cdrImage: string;
  /** Set when the configured CDR image was not available locally and the MariaDB one was used instead. */
  cdrImageFallbackFrom?: string;
  cdrServerVersion: string;
  cdrTable: string;
  /** Mapped header → column, as used for this run. */
  headerMap: Record<string, string>;
  /** The mapped header calls are matched to CDR rows on (the scenario's `matchOn`). */
  keyHeader: string;
  /** Set when the system under test was the scenario's own PBX (`pbx`), not containers callcheck started. */
  external?: ExternalPbxInfo;
}

/** An external PBX as results.json records it: no credential, the database password shown as `***`. */
export interface ExternalPbxInfo {
  wsUrl: string;
  /** SIP domain of the agents' AORs. */
  sipDomain: string;
  /** `pbx.cdrUrl` with its password replaced by `***`. */
  cdrUrl: string;
  /** What the preflight warned of (e.g. a mapped column shorter than the header map says). */
  warnings: string[];
}

export interface VerifiedCall extends CallRecord {
  cdr: CdrVerdict;
  /** From the call's hangup to its CDR row appearing in the table, in ms (late by up to one poll); absent when not measured. */
  cdrRowDelayMs?: number;
}

export interface RunSummary {
  placed: number;
  answered: number;
  failed: number;
  cdr: CdrSummary;
  /** True when every call conformed and no unknown row was found. */
  conforms: boolean;
  /** False when a threshold failed; absent when the scenario has none. */
  thresholdsPassed?: boolean;
  /** Set when a threshold with abortOnFail stopped the load before its planned end. */
  abortedByThreshold?: boolean;
  /** Set when the load stopped before its planned end (`--max-failures`, or abortOnFail): why, and after how many calls. */
  stoppedEarly?: StoppedEarly;
}

/**
 * Why the load stopped starting calls before its planned end. The calls in flight then were let end, and
 * every call placed was verified and reported as usual.
 */
export interface StoppedEarly {
  /** `max-failures`: `--max-failures` calls had failed; `abort-on-fail`: a threshold with abortOnFail failed. */
  reason: 'max-failures' | 'abort-on-fail';
  /** Calls placed in all, those in flight at the stop included. */
  afterCalls: number;
  /** The `--max-failures` limit that was reached (reason `max-failures`). */
  maxFailures?: number;
}

export interface RunResults {
  schemaVersion: typeof RESULTS_SCHEMA_VERSION;
  run: RunMetadata;
  stack: StackInfo;
  browsers: BrowserInfo[];
  calls: VerifiedCall[];
  unknownRows: UnknownRow[];
  phases: PhaseStats[];
  verification: VerificationSettings;
  load?: LoadSummary;
  /** The scenario's `options.thresholds` as written, so a merged run can evaluate them again. */
  thresholdDefinitions?: ThresholdsOption;
  /** Every threshold's outcome, in the order written. */
  thresholds?: ThresholdResult[];
  /** Set on a browser-matrix run: the builds, the order of every round, and each candidate against the baseline. */
  matrix?: MatrixSummary;
  /** What the run left in callcheck's own Asterisk once its agents had stopped; absent against an external PBX. */
  cleanup?: Leftovers;
  /** What callcheck observed of the system under test while the calls ran: outages, faults, row delays. */
  observations?: RunObservations;
  summary: RunSummary;
  /** Set when these results were written again after the run, from what its directory kept. */
  rebuilt?: RebuiltResults;
}

/**
 * Results written after the run by `callcheck report` (from the run directory alone) or `callcheck verify`
 * (its calls checked again against CDR rows read afresh, or those it kept).
 */
export interface RebuiltResults {
  by: 'report' | 'verify';
  at: string;
  /**
   * Where the CDR rows the verdicts are drawn from come from: `host:port/database.table` (no password), or
   * the cdr-rows.json that was kept. Absent when there were none: every call's verdict is `not-verified`.
   */
  cdrSource?: string;
  /** When those rows were read. */
  cdrReadAt?: string;
}

/**
 * What Asterisk still held of the run once every agent had stopped (hung up, unregistered, page closed),
 * read just before Asterisk is stopped. Both are expected empty; leftovers are a warning, not a failure.
 */
export interface Leftovers {
  /** Channels still up (`core show channels count`). */
  channels: number;
  /** Contacts still registered, as `aor/uri` (`pjsip show contacts`, which cuts a long URI short). */
  contacts: string[];
}

/** What a browser-matrix run did, and its verdict. */
export interface MatrixSummary {
  /** Build labels in the scenario's order. */
  builds: string[];
  baseline: string;
  /** The order the builds ran in, round by round (each round runs the whole workload once per build). */
  rounds: string[][];
  /** Seed of the bootstrap (the scenario's `matrix.seed`), kept so a merge draws the verdict again the same way. */
  seed: number;
  /** Every candidate build against the baseline. */
  comparisons: BuildComparison[];
}

/** The distribution of one latency phase over a run's calls (results.json `phases`), in ms. */
export interface PhaseStats {
  name: string;
  label: string;
  count: number;
  minMs?: number;
  p50Ms?: number;
  p95Ms?: number;
  p99Ms?: number;
  maxMs?: number;
  meanMs?: number;
}
