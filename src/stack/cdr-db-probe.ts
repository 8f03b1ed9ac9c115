import mysql from 'mysql2/promise';
import { mysql2Options, type CdrConnection } from '../cdr/cdr-database.ts';

/**
 * A cheap query on a connection of its own: proves the CDR database answers, and is not slowed by what
 * slows inserts. A failed connection is dropped and a new one made at the next probe.
 */
export class CdrDbProbe implements AsyncDisposable {
  private readonly connection: CdrConnection;
  private conn: mysql.Connection | undefined;

  constructor(connection: CdrConnection) {
    this.connection = connection;
  }

  readonly probe = async (): Promise<void> => {
    try {
      this.conn ??= await mysql.createConnection({ ...mysql2Options(this.connection), connectTimeout: 1000 });
      await this.conn.query({ sql: 'SELECT 1', timeout: 1000 });
    } catch (error) {
      this.conn?.destroy();
      this.conn = undefined;
      throw error;
    }
  };

  async [Symbol.asyncDispose](): Promise<void> {
    await this.conn?.end().catch(() => this.conn?.destroy());
  }
}
