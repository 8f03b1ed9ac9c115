import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunEvent } from '../contracts/run-events.ts';

/**
 * events.jsonl: what callcheck observed of the system under test, one line appended and flushed to disk as
 * each event is seen, so a run that crashes keeps them. Also keeps them in order for results.json.
 */
export class EventsLog implements AsyncDisposable {
  readonly path: string;
  private readonly file: FileHandle;
  private readonly seen: RunEvent[] = [];
  private writing: Promise<void> = Promise.resolve();

  private constructor(path: string, file: FileHandle) {
    this.path = path;
    this.file = file;
  }

  static async open(dir: string): Promise<EventsLog> {
    const path = join(dir, 'events.jsonl');
    return new EventsLog(path, await open(path, 'a'));
  }

  /** Records the event; writes are queued so the file keeps the order they were seen in. */
  readonly append = (event: RunEvent): void => {
    this.seen.push(event);
    this.writing = this.writing.then(async () => {
      await this.file.appendFile(`${JSON.stringify(event)}\n`);
      await this.file.datasync();
    }).catch(() => undefined);
  };

  /** Every event so far, in the order seen. */
  get events(): readonly RunEvent[] {
    return this.seen;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.writing;
    await this.file.close();
  }
}
