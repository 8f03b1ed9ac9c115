import type { LoadScenarios } from './load-options.ts';
import type { BrowserInfo, LoadSummary, MatrixSummary, RunMetadata, StackInfo, VerificationSettings } from './results.ts';
import type { ThresholdsOption } from './threshold-options.ts';

/** The run manifest's file name in the run directory. */
export const RUN_MANIFEST_FILE = 'run.json';

/** Bumped whenever a field of run.json changes meaning or is removed. */
export const RUN_MANIFEST_SCHEMA_VERSION = 1;

/** How a run ended, as the run itself recorded it. A manifest without `ended` belongs to a run that was killed (or still runs). */
export interface RunEnding {
  at: string;
  how: 'finished' | 'interrupted' | 'failed';
}

/**
 * run.json: everything `callcheck report` and `callcheck verify` need that a run otherwise keeps only in
 * memory. Written before anything starts and rewritten (atomically) as the run learns more: the stack's
 * details once it is up, the browsers once they run, when the load started, how the run ended. It never
 * holds a secret: no agent password, no database password.
 */
export interface RunManifest {
  schemaVersion: typeof RUN_MANIFEST_SCHEMA_VERSION;
  /** The run as results.json will describe it; `finishedAt` and `durationMs` are known at the end only. */
  run: Omit<RunMetadata, 'finishedAt' | 'durationMs' | 'interrupted' | 'mergedFrom'>;
  /** The process that runs it: `report` tells a killed run from one that still runs by it. */
  pid: number;
  /** What the CDR rows are checked against. `context` and `srcOf` are those of the system under test. */
  settings: VerificationSettings;
  /** The CDR table's name (the scenario's `cdr.table`). */
  cdrTable: string;
  /** The CDR table the run reads, as `host:port/database.table` (no user, no password); known once the system under test is up. */
  cdrSource?: string;
  /** results.json's `stack`, once the system under test is up. */
  stack?: StackInfo;
  browsers: BrowserInfo[];
  /** The agents of the run (SIP usernames), in every build: the `src` of their rows tells the run's rows from others. */
  agents: string[];
  /** The load profile this run (shard) places, per k6 scenario. */
  load: LoadScenarios;
  /** Set on a browser-matrix run: builds, baseline, rounds (build order per round) and seed. */
  matrix?: Pick<MatrixSummary, 'builds' | 'baseline' | 'rounds' | 'seed'>;
  /** The scenario's `options.thresholds` as written; absent when it has none. */
  thresholdDefinitions?: ThresholdsOption;
  /** When the first call could be dialed (epoch ms on the machine that ran it): no row of the run is older. */
  loadStartedAt?: number;
  /** What the load did, once it is over. */
  loadSummary?: LoadSummary;
  ended?: RunEnding;
}
