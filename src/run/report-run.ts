import { resolve } from 'node:path';
import { reportRunDirectory } from './report-run-directory.ts';
import type { RunOutcome } from './run-options.ts';

/**
 * `callcheck report <run-dir>`: writes results.json, junit.xml and index.html again from what the run
 * directory kept (run.json, calls.jsonl, events.jsonl, and cdr-rows.json when the run read its rows).
 * Calls whose rows were never read get the verdict `not-verified`. The exit code is that of what was kept
 * (exitCodeOf); an interrupted or killed run is marked so in every report.
 */
export function reportRun(dir: string, options: { log?: (line: string) => void } = {}): Promise<RunOutcome> {
  return reportRunDirectory(resolve(dir), { rebuild: { by: 'report', rowsFrom: 'kept' }, ...options });
}
