import type { ExitCode } from '../contracts/exit-codes.ts';
import type { RunResults } from '../contracts/results.ts';
import type { Scenario } from '../contracts/scenario.ts';
import type { HeaderValueSource, ShardNumbering } from '../logic/plan/call-plan.ts';
import type { ProgressStream } from '../report/text/progress.ts';
import type { SystemUnderTest } from '../stack/system-under-test.ts';

/** What `callcheck run` is asked to do. */
export interface RunOptions {
  scenario: Scenario;
  scenarioFile: string;
  headerValues: HeaderValueSource;
  /** Parent of the run directory. Default `reports/`. */
  reportsDir?: string;
  /** This run is shard `shard` of `count` of a split run: it places its part of the load. */
  shard?: ShardNumbering;
  signal?: AbortSignal;
  /** Stop placing calls once this many have failed (`--max-failures`); the run still verifies and reports. */
  maxFailures?: number;
  log?: (line: string) => void;
  /** Where live progress goes. Default stderr. */
  progressStream?: ProgressStream;
  /**
   * Called after the calls and before the CDR rows are read. The fault-planting tests use it to change
   * the database between the calls and the verification.
   */
  beforeVerify?: (stack: SystemUnderTest) => Promise<void>;
}

/** What a command that writes a run's reports leaves: where, what, and the exit code it gives. */
export interface RunOutcome {
  runDir: string;
  results: RunResults;
  exitCode: ExitCode;
}
