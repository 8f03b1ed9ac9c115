import mysql from 'mysql2/promise';
import type { CdrRow } from '../contracts/cdr-row.ts';
import type { HeaderMapping } from '../contracts/header-map.ts';
import type { MysqlUrl } from '../contracts/mysql-url.ts';
import { toCdrRow } from './cdr-row-mapper.ts';

export interface CdrConnection {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  /**
   * Present when the server takes TLS and callcheck checks its certificate: the PEM of the CA it trusts
   * for this server (callcheck's own CDR database: a CA made for the run). Absent: plain TCP.
   */
  tls?: { ca: string };
}

/** The connection a `mysql://` URL names, over TLS with `ca` (PEM) as its certificate's CA when one is given. */
export function cdrConnectionOf(url: MysqlUrl, ca?: string): CdrConnection {
  return { host: url.host, port: url.port, user: url.user, password: url.password, database: url.database, ...(ca === undefined ? {} : { tls: { ca } }) };
}

/** mysql2's options for a connection: TLS with the server's certificate checked against the CA, when given. */
export function mysql2Options(connection: CdrConnection): mysql.ConnectionOptions {
  const { tls, ...plain } = connection;
  return { ...plain, ...(tls ? { ssl: { ca: tls.ca } } : {}), dateStrings: true, charset: 'utf8mb4' };
}

/** Which rows of the table a read returns. Default: all of them (callcheck's own database holds only the run's). */
export interface RowSelection {
  /**
   * Only rows whose calldate is not before this, in the database's own time (`YYYY-MM-DD hh:mm:ss[.ffffff]`),
   * ordered by calldate: a table shared with a live PBX holds other calls, and may have no `id` column.
   */
  since?: string;
  /** With `since`: only rows whose calldate is not after this either (same form). */
  until?: string;
  /** Only the rows this keeps (applied after reading). */
  keep?: (row: CdrRow) => boolean;
}

/**
 * Reads the CDR table with mysql2. Without a pool, one short-lived connection per read: the verifier reads
 * rarely. With one (an external PBX's database, polled over the network), connections are reused; whoever
 * made the pool ends it.
 */
export class CdrDatabase {
  readonly connection: CdrConnection;
  readonly table: string;
  private readonly mappings: readonly HeaderMapping[];
  private readonly pool: mysql.Pool | undefined;

  constructor(connection: CdrConnection, table: string, mappings: readonly HeaderMapping[], pool?: mysql.Pool) {
    this.connection = connection;
    this.table = table;
    this.mappings = mappings;
    this.pool = pool;
  }

  async withConnection<T>(fn: (conn: mysql.Connection) => Promise<T>): Promise<T> {
    if (this.pool) {
      const pooled = await this.pool.getConnection();
      try {
        return await fn(pooled);
      } finally {
        pooled.release();
      }
    }
    const conn = await mysql.createConnection({ ...mysql2Options(this.connection), connectTimeout: 5000 });
    try {
      return await fn(conn);
    } finally {
      await conn.end().catch(() => conn.destroy());
    }
  }

  async readRows(selection: RowSelection = {}): Promise<CdrRow[]> {
    const raw = await this.withConnection(async (conn) => {
      const [rows] =
        selection.since === undefined
          ? await conn.query(`SELECT * FROM \`${this.table}\` ORDER BY id`)
          : selection.until === undefined
            ? await conn.query(`SELECT * FROM \`${this.table}\` WHERE calldate >= ? ORDER BY calldate`, [selection.since])
            : await conn.query(`SELECT * FROM \`${this.table}\` WHERE calldate >= ? AND calldate <= ? ORDER BY calldate`, [selection.since, selection.until]);
      return rows as Record<string, unknown>[];
    });
    const rows = raw.map((r) => toCdrRow(r, this.mappings));
    return selection.keep ? rows.filter(selection.keep) : rows;
  }

  /**
   * Reads rows until at least `expected` are there or the limit passes; CDRs are posted by Asterisk
   * shortly after hangup, not at hangup. Once enough are there it reads once more after `quietMs`, so a
   * duplicate posted just behind the last row is seen too. Returns what it read last either way: the
   * verifier judges.
   */
  async waitForRows(expected: number, timeoutMs: number, selection: RowSelection = {}, pollMs = 250, quietMs = 500): Promise<CdrRow[]> {
    const deadline = Date.now() + timeoutMs;
    let rows = await this.readRows(selection);
    while (rows.length < expected && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, pollMs));
      rows = await this.readRows(selection);
    }
    if (rows.length >= expected) {
      await new Promise((r) => setTimeout(r, quietMs));
      rows = await this.readRows(selection);
    }
    return rows;
  }
}
