import { stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { CallcheckError } from '../contracts/errors.ts';
import type { CallRecord } from '../contracts/call-record.ts';
import type { RunEvent } from '../contracts/run-events.ts';
import type { RunManifest } from '../contracts/run-manifest.ts';
import { readCallsLog } from './calls-log.ts';
import { readEventsLog } from './events-log.ts';
import { readRunManifest } from './run-manifest-file.ts';

/** What a run directory kept: its manifest and the calls that ended. */
export interface KeptRun {
  manifest: RunManifest;
  calls: CallRecord[];
  /** What the run observed of the system under test (events.jsonl): the verifier explains rows lost in an outage by it. */
  events: RunEvent[];
  /** What the reader should know about what was kept (a call cut short, a run that may still be going). */
  notes: string[];
}

/**
 * Reads a run directory for `callcheck report` and `callcheck verify`, refusing with exit 2 a path that is
 * not a run directory, has no manifest, or a calls.jsonl damaged before its last line.
 */
export async function readKeptRun(dir: string): Promise<KeptRun> {
  const where = await stat(dir).catch(() => undefined);
  if (where === undefined) throw new CallcheckError('INVALID_ARGUMENTS', `run directory ${dir} does not exist`, { hint: 'pass the directory callcheck run printed ("writing to <dir>"), e.g. reports/20261126-075401-2770' });
  if (!where.isDirectory()) throw new CallcheckError('INVALID_ARGUMENTS', `${dir} is a file, not a run directory`, { hint: 'pass the directory that holds run.json and calls.jsonl, not a file in it' });
  const manifest = await readRunManifest(dir);
  let kept;
  let observed;
  try {
    kept = await readCallsLog(dir);
    observed = await readEventsLog(dir);
  } catch (cause) {
    throw new CallcheckError('INVALID_ARGUMENTS', `run directory ${dir}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause, hint: 'calls.jsonl or events.jsonl was changed after the run: restore it from a copy of the run directory' });
  }
  const notes: string[] = [];
  if (kept.truncatedLastLine) notes.push('the last line of calls.jsonl was cut short (the run was killed while writing it): that call is left out');
  if (manifest.ended === undefined && manifest.run.host === hostname() && processRuns(manifest.pid)) {
    notes.push(`the run recorded no end and its process ${manifest.pid} still runs: these are the calls that ended so far`);
  }
  if (observed.truncatedLastLine) notes.push('the last line of events.jsonl was cut short (the run was killed while writing it): that event is left out');
  return { manifest, calls: kept.calls, events: observed.values, notes };
}

function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return pid !== process.pid;
  } catch {
    return false;
  }
}
