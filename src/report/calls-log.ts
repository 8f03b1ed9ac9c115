import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { CallRecord } from '../contracts/call-record.ts';

/**
 * calls.jsonl: one line appended, and flushed to disk, as each call ends, so a crash or an interruption
 * keeps every call that finished.
 */
export class CallsLog implements AsyncDisposable {
  readonly path: string;
  private readonly file: FileHandle;

  private constructor(path: string, file: FileHandle) {
    this.path = path;
    this.file = file;
  }

  static async open(dir: string): Promise<CallsLog> {
    const path = join(dir, 'calls.jsonl');
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
