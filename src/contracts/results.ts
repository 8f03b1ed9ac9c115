import type { CallRecord } from './call-record.ts';
import type { CdrSummary, CdrVerdict, UnknownRow } from './verdict.ts';
import type { PhaseStats } from '../logic/phases.ts';

/** Bumped whenever a field of results.json changes meaning or is removed. */
export const RESULTS_SCHEMA_VERSION = 1;

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
}

export interface RunResults {
  schemaVersion: typeof RESULTS_SCHEMA_VERSION;
  run: RunMetadata;
  stack: StackInfo;
  browsers: BrowserInfo[];
  calls: VerifiedCall[];
  unknownRows: UnknownRow[];
  phases: PhaseStats[];
  summary: RunSummary;
}
