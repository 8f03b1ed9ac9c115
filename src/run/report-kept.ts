import { dirname, join } from 'node:path';
import type { RunManifestFile } from '../run-dir/run-manifest-file.ts';
import { readCallsLog } from '../run-dir/calls-log.ts';
import { reportRun } from './report-run.ts';

/**
 * The last step of a run that did not finish, once everything it started is stopped: records how it ended
 * in run.json and, when it was interrupted or had ended calls, writes the reports of the calls that ended
 * (their CDR not verified unless the rows were read), so a stopped run never leaves its directory without
 * a report. A run that finished wrote its reports itself.
 */
export async function reportKept(manifest: RunManifestFile, signal: AbortSignal | undefined, log: (line: string) => void): Promise<void> {
  if (manifest.manifest.ended !== undefined) return;
  const interrupted = signal?.aborted === true;
  await manifest.update({ ended: { at: new Date().toISOString(), how: interrupted ? 'interrupted' : 'failed' } });
  const dir = dirname(manifest.path);
  const { calls } = await readCallsLog(dir);
  if (!interrupted && calls.length === 0) return;
  try {
    const outcome = await reportRun(dir, { log });
    log(`report of the ${outcome.results.calls.length} call(s) that ended: ${join(outcome.runDir, 'index.html')}`);
  } catch (error) {
    // The run's own failure is what the user must see; calls.jsonl keeps the calls for callcheck report.
    log(`the report of the calls that ended could not be written (${error instanceof Error ? error.message : String(error)}); run callcheck report ${dir} later`);
  }
}
