import { join } from 'node:path';
import type { RunEvent } from '../contracts/run-events.ts';
import { JsonlFile } from './jsonl-file.ts';
import { RUN_FILES } from './run-directory.ts';

/**
 * events.jsonl: what callcheck observed of the system under test, one line appended and flushed to disk as
 * each event is seen, so a run that crashes keeps them.
 */
export class EventsLog implements AsyncDisposable {
  private readonly file: JsonlFile<RunEvent>;
  private writing: Promise<void> = Promise.resolve();

  private constructor(file: JsonlFile<RunEvent>) {
    this.file = file;
  }

  static async open(dir: string): Promise<EventsLog> {
    return new EventsLog(await JsonlFile.open<RunEvent>(join(dir, RUN_FILES.events)));
  }

  get path(): string {
    return this.file.path;
  }

  /** Records the event; writes are queued so the file keeps the order they were seen in. */
  readonly append = (event: RunEvent): void => {
    this.writing = this.writing.then(() => this.file.append(event)).catch(() => undefined);
  };

  /** Resolves once every event appended so far is on disk. */
  async flushed(): Promise<void> {
    await this.writing;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.writing;
    await this.file[Symbol.asyncDispose]();
  }
}
