import { open, readFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { CallRecord } from '../contracts/call-record.ts';

/**
 * calls.jsonl: one line appended, and flushed to disk, as each call ends, so a crash or an interruption
 * keeps every call that finished.
 */
export const CALLS_LOG_FILE = 'calls.jsonl';

/** The calls a run directory's calls.jsonl kept, and whether its last line was cut short. */
export interface KeptCalls {
  calls: CallRecord[];
  /** A last line that is not complete JSON: the process was killed while writing it. That call is lost. */
  truncatedLastLine: boolean;
}

/**
 * Reads calls.jsonl. Only its last line may be incomplete (a process killed in the middle of an append);
 * a damaged line anywhere else is an error naming the line. A missing file is a run that ended no call.
 */
export async function readCallsLog(dir: string): Promise<KeptCalls> {
  const path = join(dir, CALLS_LOG_FILE);
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  const lines = text.split('\n');
  const calls: CallRecord[] = [];
  let truncatedLastLine = false;
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '') continue;
    try {
      calls.push(JSON.parse(line) as CallRecord);
    } catch (cause) {
      const last = lines.slice(i + 1).every((rest) => rest.trim() === '');
      if (!last) throw new Error(`${path} line ${i + 1} is not a call record: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
      truncatedLastLine = true;
    }
  }
  return { calls, truncatedLastLine };
}

export class CallsLog implements AsyncDisposable {
  readonly path: string;
  private readonly file: FileHandle;

  private constructor(path: string, file: FileHandle) {
    this.path = path;
    this.file = file;
  }

  static async open(dir: string): Promise<CallsLog> {
    const path = join(dir, CALLS_LOG_FILE);
    return new CallsLog(path, await open(path, 'a'));
  }

  async append(call: CallRecord): Promise<void> {
    await this.file.appendFile(`${JSON.stringify(call)}\n`);
    await this.file.datasync();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.file.close();
  }
}
