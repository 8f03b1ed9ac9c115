import type { BuildComparison, BuildRef, ConformanceComparison } from '../contracts/comparison.ts';

export const COMPARISON_JSON_FILE = 'comparison.json';
export const COMPARISON_HTML_FILE = 'comparison.html';

/** Bumped whenever a field of comparison.json changes meaning or is removed. */
export const COMPARISON_SCHEMA_VERSION = 1;

/** One side of a comparison: which run and build its calls came from. */
export interface ComparedSide {
  /** The run directory as it was given on the command line. */
  dir: string;
  runId: string;
  scenario: string;
  startedAt: string;
  build: BuildRef;
  /** Calls of the build in the run, and the answered ones among them (the ones compared). */
  calls: number;
  answered: number;
  /** The call center's configuration the run booted (`asterisk.config`), when it booted one. */
  configuration?: string[];
  /** The Asterisk the run called (absent in comparisons written before it was recorded). */
  asteriskVersion?: string;
}

/**
 * comparison.json: two runs' builds compared phase by phase. It holds nothing that changes between two
 * comparisons of the same runs with the same seed (no time of writing), so the same inputs give the same file.
 */
export interface ComparisonReport {
  kind: 'callcheck-comparison';
  schemaVersion: typeof COMPARISON_SCHEMA_VERSION;
  callcheckVersion: string;
  baseline: ComparedSide;
  candidate: ComparedSide;
  comparison: BuildComparison;
  /** The same planned calls on both sides, verdict by verdict (e.g. crm_id stored on one, empty on the other). */
  conformance: ConformanceComparison;
}

/** comparison.json's text: 2-space indented, newline-terminated, like results.json. */
export function renderComparisonJson(report: ComparisonReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
