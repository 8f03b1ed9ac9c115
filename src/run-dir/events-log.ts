import { join } from 'node:path';
import type { RunEvent } from '../contracts/run-events.ts';
import { JsonlFile, readJsonlFile, type KeptLines } from './jsonl-file.ts';

export const EVENTS_LOG_FILE = 'events.jsonl';

/** Reads a run directory's events.jsonl (see readJsonlFile); a run that observed nothing kept none. */
export function readEventsLog(dir: string): Promise<KeptLines<RunEvent>> {
  return readJsonlFile<RunEvent>(join(dir, EVENTS_LOG_FILE), 'an event');
}

/**
 * events.jsonl: what callcheck observed of the system under test, one line appended and flushed to disk as
 * each event is seen, so a run that crashes keeps them. Also keeps them in order for results.json.
 */
export class EventsLog implements AsyncDisposable {
  private readonly file: JsonlFile<RunEvent>;
  private readonly seen: RunEvent[] = [];
  private writing: Promise<void> = Promise.resolve();

  private constructor(file: JsonlFile<RunEvent>) {
    this.file = file;
  }

  static async open(dir: string): Promise<EventsLog> {
    return new EventsLog(await JsonlFile.open<RunEvent>(join(dir, EVENTS_LOG_FILE)));
  }

  get path(): string {
    return this.file.path;
  }

  /** Records the event; writes are queued so the file keeps the order they were seen in. */
  readonly append = (event: RunEvent): void => {
    this.seen.push(event);
    this.writing = this.writing.then(() => this.file.append(event)).catch(() => undefined);
  };

  /** Every event so far, in the order seen. */
  get events(): readonly RunEvent[] {
    return this.seen;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.writing;
    await this.file[Symbol.asyncDispose]();
  }
}
