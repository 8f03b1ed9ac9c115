/**
 * Process exit codes. Stable: CI pipelines branch on them.
 */
export const ExitCode = {
  /** Every call conformed: each CDR row present and correct. */
  Ok: 0,
  /** The run completed but at least one call or CDR row did not conform. */
  ConformanceFailure: 1,
  /** Bad command line, invalid scenario or unusable input file. Nothing was started. */
  BadUsage: 2,
  /**
   * The system under test or a browser could not be started; or an external PBX could not be reached, or
   * its CDR table lacks what the run reads.
   */
  Infrastructure: 3,
  /** Every call conformed, but a threshold of the scenario's `options.thresholds` failed (k6's code for it). */
  ThresholdsFailed: 99,
  /** Interrupted by SIGINT/SIGTERM (128 + SIGINT). */
  Interrupted: 130,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
