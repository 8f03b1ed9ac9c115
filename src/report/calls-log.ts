import { join } from 'node:path';
import type { CallRecord } from '../contracts/call-record.ts';
import { JsonlFile } from './jsonl-file.ts';

/**
 * calls.jsonl: one line appended, and flushed to disk, as each call ends, so a crash or an interruption
 * keeps every call that finished.
 */
export type CallsLog = JsonlFile<CallRecord>;

export const CallsLog = {
  open: (dir: string): Promise<CallsLog> => JsonlFile.open<CallRecord>(join(dir, 'calls.jsonl')),
};
