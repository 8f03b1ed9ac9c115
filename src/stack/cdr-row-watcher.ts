import mysql from 'mysql2/promise';
import { mysql2Options, type CdrConnection } from '../cdr/cdr-database.ts';
import type { Sighting } from '../logic/verify/cdr-delay.ts';

export interface CdrRowWatcherOptions {
  connection: CdrConnection;
  table: string;
  /** The column calls are matched on (the key header's). */
  keyColumn: string;
  pollMs: number;
  now?: () => number;
}

/**
 * Notes when each CDR row first appears, by polling the table for ids above the last one seen, so the
 * delay from a call's hangup to its row can be told. A table without an `id` column cannot be watched:
 * `available` turns false and nothing is noted.
 */
export class CdrRowWatcher implements AsyncDisposable {
  readonly pollMs: number;
  private readonly options: CdrRowWatcherOptions;
  private readonly sightings = new Map<string, Sighting>();
  private conn: mysql.Connection | undefined;
  private lastId = -1;
  private lastPollAt: number | undefined;
  private stopped = false;
  private unavailable = false;
  private readonly loop: Promise<void>;

  constructor(options: CdrRowWatcherOptions) {
    this.options = options;
    this.pollMs = options.pollMs;
    this.loop = this.run();
  }

  get available(): boolean {
    return !this.unavailable;
  }

  /** Key value → when its first row was seen. */
  get seen(): ReadonlyMap<string, Sighting> {
    return this.sightings;
  }

  private async run(): Promise<void> {
    const now = this.options.now ?? Date.now;
    while (!this.stopped && !this.unavailable) {
      const started = now();
      try {
        await this.poll(started);
        this.lastPollAt = started;
      } catch (error) {
        this.conn?.destroy();
        this.conn = undefined;
        if ((error as { code?: string }).code === 'ER_BAD_FIELD_ERROR') this.unavailable = true;
      }
      await new Promise((r) => setTimeout(r, this.options.pollMs));
    }
  }

  private async poll(started: number): Promise<void> {
    const { table, keyColumn } = this.options;
    this.conn ??= await mysql.createConnection({ ...mysql2Options(this.options.connection), connectTimeout: 1000 });
    if (this.lastId < 0) {
      // Rows already there (another caller's, on a shared table) are not the run's: start after them.
      const [rows] = await this.conn.query({ sql: `SELECT COALESCE(MAX(id), 0) AS id FROM \`${table}\``, timeout: 2000 });
      this.lastId = Number((rows as { id: number }[])[0]?.id ?? 0);
      return;
    }
    const [rows] = await this.conn.query({ sql: `SELECT id, \`${keyColumn}\` AS k FROM \`${table}\` WHERE id > ? ORDER BY id`, values: [this.lastId], timeout: 2000 });
    for (const row of rows as { id: number; k: string | null }[]) {
      this.lastId = Math.max(this.lastId, Number(row.id));
      const key = row.k ?? '';
      if (!this.sightings.has(key) && this.lastPollAt !== undefined) this.sightings.set(key, { seenAt: started, previousPollAt: this.lastPollAt });
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.stopped = true;
    await this.loop;
    await this.conn?.end().catch(() => this.conn?.destroy());
  }
}
