import type { CallRecord } from './call-record.ts';
import type { HeaderMapping } from './header-map.ts';
import type { ThresholdResult, ThresholdsOption } from './thresholds.ts';
import type { CdrSummary, CdrVerdict, UnknownRow } from './verdict.ts';
import type { PhaseStats } from '../logic/phases.ts';

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
  /** Dialplan context of the agents' calls. */
  context: string;
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
}

export interface VerifiedCall extends CallRecord {
  cdr: CdrVerdict;
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
  summary: RunSummary;
}
