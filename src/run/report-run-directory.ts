import { resolve } from 'node:path';
import { assembleResults } from '../logic/results/assemble-results.ts';
import { exitCodeOf } from '../logic/results/exit-code.ts';
import { readRunDirectory, type KeptRun } from '../run-dir/read-run.ts';
import { RUN_FILES } from '../run-dir/run-directory.ts';
import { writeAllReports } from '../report/reporter.ts';
import type { RunOutcome } from './run-options.ts';

export interface ReportRunDirectoryOptions {
  /**
   * Set when the reports are written again after the run: by `report` (from what the directory kept) or
   * `verify`; `rowsFrom` says where the rows of cdr-rows.json came from (`database`: read just now by
   * verify). Absent: the run itself writes them (finished, or stopped and reporting what it kept).
   */
  rebuild?: { by: 'report' | 'verify'; rowsFrom: 'kept' | 'database' };
  /** Where notes on what was kept go (a call cut short, cdr-rows.json unusable). */
  log?: (line: string) => void;
  /** Checks what was read before the results are assembled, e.g. verify refusing a run without rows. */
  check?: (kept: KeptRun) => void;
}

/**
 * The one path by which results.json, junit.xml and index.html come to be, whether `callcheck run`
 * finished or stopped, or `report`, `verify` or `merge` write them again: what the run directory kept
 * is read back (validated), assembled into the results, and every report written from them.
 */
export async function reportRunDirectory(runDir: string, options: ReportRunDirectoryOptions = {}): Promise<RunOutcome> {
  const kept = await readRunDirectory(runDir);
  for (const note of kept.notes) options.log?.(`note: ${note}`);
  options.check?.(kept);
  if (kept.rowsError) options.log?.(`note: ${kept.rowsError.message}; the calls are reported as not verified`);
  const { rebuild } = options;
  const rows = kept.rows;
  const results = assembleResults(
    { manifest: kept.manifest, calls: kept.calls, events: kept.events, ...(rows ? { rows } : {}) },
    rebuild && {
      by: rebuild.by,
      at: new Date().toISOString(),
      ...(rows ? { cdrSource: rebuild.rowsFrom === 'database' ? rows.source : `${RUN_FILES.cdrRows} (rows of ${rows.source})`, cdrReadAt: rows.readAt } : {}),
    },
  );
  await writeAllReports(results, runDir);
  return { runDir, results, exitCode: exitCodeOf(results) };
}

/**
 * `callcheck report <run-dir>`: writes results.json, junit.xml and index.html again from what the run
 * directory kept (run.json, calls.jsonl, events.jsonl, and cdr-rows.json when the run read its rows).
 * Calls whose rows were never read get the verdict `not-verified`. The exit code is that of what was kept
 * (exitCodeOf); an interrupted or killed run is marked so in every report.
 */
export function reportRun(dir: string, options: { log?: (line: string) => void } = {}): Promise<RunOutcome> {
  return reportRunDirectory(resolve(dir), { rebuild: { by: 'report', rowsFrom: 'kept' }, ...options });
}
