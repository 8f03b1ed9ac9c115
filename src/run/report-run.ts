import { resolve } from 'node:path';
import { rebuildResults } from '../logic/results/rebuild-results.ts';
import { exitCodeOf } from '../logic/results/exit-code.ts';
import { CDR_ROWS_FILE, readCdrRows, type CdrRowsSnapshot } from '../run-dir/cdr-rows-file.ts';
import { writeAllReports } from '../report/reporter.ts';
import { readKeptRun } from '../run-dir/kept-run.ts';
import type { RunOutcome } from './run-conformance.ts';

export interface ReportRunOptions {
  /** Who writes: `report` (the command) or absent (the run itself, interrupted, writing what it kept). */
  by?: 'report';
  log?: (line: string) => void;
}

/** The rows a run saved, or undefined when it never got as far as reading them. */
export async function keptCdrRows(dir: string): Promise<CdrRowsSnapshot | undefined> {
  try {
    return await readCdrRows(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * `callcheck report <run-dir>`: writes results.json, junit.xml and index.html again from what the run
 * directory kept (run.json, calls.jsonl, and cdr-rows.json when the run read its rows). Calls whose rows
 * were never read get the verdict `not-verified`. The exit code is that of what was kept (exitCodeOf);
 * an interrupted or killed run is marked so in every report.
 */
export async function reportRun(dir: string, options: ReportRunOptions = {}): Promise<RunOutcome> {
  const runDir = resolve(dir);
  const { manifest, calls, events, notes } = await readKeptRun(runDir);
  for (const note of notes) options.log?.(`note: ${note}`);
  const snapshot = await keptCdrRows(runDir).catch((cause: unknown) => {
    options.log?.(`note: ${CDR_ROWS_FILE} cannot be read (${cause instanceof Error ? cause.message : String(cause)}): the calls are reported as not verified`);
    return undefined;
  });
  const results = rebuildResults({
    manifest,
    calls,
    events,
    ...(snapshot ? { rows: { rows: snapshot.rows, source: `${CDR_ROWS_FILE} (rows of ${snapshot.source})`, readAt: snapshot.readAt } } : {}),
    ...(options.by ? { by: options.by } : {}),
    at: new Date().toISOString(),
  });
  await writeAllReports(results, runDir);
  return { runDir, results, exitCode: exitCodeOf(results) };
}
