import { join } from 'node:path';
import type { CallRecord } from '../contracts/call-record.ts';
import { JsonlFile, readJsonlFile } from './jsonl-file.ts';

export const CALLS_LOG_FILE = 'calls.jsonl';

/** The calls a run directory's calls.jsonl kept, and whether its last line was cut short. */
export interface KeptCalls {
  calls: CallRecord[];
  /** A last line that is not complete JSON: the process was killed while writing it. That call is lost. */
  truncatedLastLine: boolean;
}

/** Reads calls.jsonl (see readJsonlFile). A missing file is a run that ended no call. */
export async function readCallsLog(dir: string): Promise<KeptCalls> {
  const { values, truncatedLastLine } = await readJsonlFile<CallRecord>(join(dir, CALLS_LOG_FILE), 'a call record');
  return { calls: values, truncatedLastLine };
}

/**
 * calls.jsonl: one line appended, and flushed to disk, as each call ends, so a crash or an interruption
 * keeps every call that finished.
 */
export type CallsLog = JsonlFile<CallRecord>;

export const CallsLog = {
  open: (dir: string): Promise<CallsLog> => JsonlFile.open<CallRecord>(join(dir, CALLS_LOG_FILE)),
};
