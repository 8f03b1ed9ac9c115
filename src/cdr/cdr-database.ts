import mysql from 'mysql2/promise';
import type { CdrRow } from '../contracts/cdr-row.ts';
import type { HeaderMapping } from '../contracts/header-map.ts';
import { toCdrRow } from './cdr-row-mapper.ts';

export interface CdrConnection {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

/** Reads the CDR table with mysql2. One short-lived connection per read: the verifier reads rarely. */
export class CdrDatabase {
  readonly connection: CdrConnection;
  readonly table: string;
  private readonly mappings: readonly HeaderMapping[];

  constructor(connection: CdrConnection, table: string, mappings: readonly HeaderMapping[]) {
    this.connection = connection;
    this.table = table;
    this.mappings = mappings;
  }

  async withConnection<T>(fn: (conn: mysql.Connection) => Promise<T>): Promise<T> {
    const conn = await mysql.createConnection({ ...this.connection, dateStrings: true, charset: 'utf8mb4', connectTimeout: 5000 });
    try {
      return await fn(conn);
    } finally {
      await conn.end().catch(() => conn.destroy());
    }
  }

  async readRows(): Promise<CdrRow[]> {
    return this.withConnection(async (conn) => {
      const [rows] = await conn.query(`SELECT * FROM \`${this.table}\` ORDER BY id`);
      return (rows as Record<string, unknown>[]).map((r) => toCdrRow(r, this.mappings));
    });
  }

  /**
   * Reads rows until at least `expected` are there or the limit passes; CDRs are posted by Asterisk
   * shortly after hangup, not at hangup. Once enough are there it reads once more after `quietMs`, so a
   * duplicate posted just behind the last row is seen too. Returns what it read last either way: the
   * verifier judges.
   */
  async waitForRows(expected: number, timeoutMs: number, pollMs = 250, quietMs = 500): Promise<CdrRow[]> {
    const deadline = Date.now() + timeoutMs;
    let rows = await this.readRows();
    while (rows.length < expected && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, pollMs));
      rows = await this.readRows();
    }
    if (rows.length >= expected) {
      await new Promise((r) => setTimeout(r, quietMs));
      rows = await this.readRows();
    }
    return rows;
  }
}
