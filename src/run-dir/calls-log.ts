import { join } from 'node:path';
import type { CallRecord } from '../contracts/call-record.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { JsonlFile } from './jsonl-file.ts';
import { RUN_FILES } from './run-directory.ts';

/**
 * calls.jsonl: one line appended, and flushed to disk, as each call ends, so a crash or an interruption
 * keeps every call that finished.
 */
export type CallsLog = JsonlFile<CallRecord>;

export const CallsLog = {
  open: (dir: string): Promise<CallsLog> => JsonlFile.open<CallRecord>(join(dir, RUN_FILES.calls)),
};

/** Writes a whole calls.jsonl at once (atomically), in the given order: a merged run's calls. */
export async function writeCallsLog(dir: string, calls: readonly CallRecord[]): Promise<void> {
  await writeFileAtomic(join(dir, RUN_FILES.calls), calls.map((c) => `${JSON.stringify(c)}\n`).join(''));
}
