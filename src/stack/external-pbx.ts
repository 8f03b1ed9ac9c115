import mysql from 'mysql2/promise';
import { cdrEngineOf, cdrServerName } from '../contracts/cdr-engine.ts';
import { readCdrCaFile } from '../cdr/cdr-ca-file.ts';
import { CdrDatabase, cdrConnectionOf, mysql2Options } from '../cdr/cdr-database.ts';
import { checkCdrTable } from '../cdr/check-cdr-table.ts';
import { loginCdr } from '../cdr/cdr-login.ts';
import type { CdrRow } from '../contracts/cdr-row.ts';
import { InterruptedError } from '../contracts/errors.ts';
import type { HeaderMapping } from '../contracts/header-map.ts';
import { pbxSipDomain, type Pbx } from '../contracts/pbx.ts';
import type { Scenario } from '../contracts/scenario.ts';
import { DbClock } from '../logic/verify/db-clock.ts';
import { parseMysqlUrl, redactUrl } from '../contracts/mysql-url.ts';
import { isRunRow } from '../logic/verify/run-rows.ts';
import { pbxSrcOf } from './agent-credentials.ts';
import { checkSipWebSocket } from './check-websocket.ts';
import type { RunRowsRequest, SystemInfo, SystemUnderTest } from './system-under-test.ts';

export interface ExternalPbxOptions {
  pbx: Pbx;
  scenario: Pick<Scenario, 'mappings' | 'key' | 'cdr'>;
  /** Names (SIP usernames) of the run's agents. */
  agents: readonly string[];
  log: (line: string) => void;
  signal?: AbortSignal;
}

/** What results.json shows for an external PBX's Asterisk when its answer named no software. */
const UNKNOWN_ASTERISK = 'unknown (external PBX)';

/** Most keys put in the one diagnostic query about rows outside the window: enough to tell, small enough to send. */
const DIAGNOSTIC_KEYS = 1000;

/**
 * "Your own PBX": an existing Asterisk and its CDR database, connected to and checked before any call.
 * Nothing is started and nothing on the PBX is changed; disposing it ends callcheck's database pool.
 *
 * The CDR table holds the PBX's other calls too, so a run reads only its own rows: those whose calldate is
 * not before the start of its load less `pbx.cdrWindowMarginMs` (written in the database's wall clock, whose
 * offset from this machine is measured when connecting), and whose src is one of the run's agents or whose
 * key is one of its calls' keys (see isRunRow). The margin covers calldate's whole seconds and a PBX clock
 * slightly behind the database's; a row of an earlier run of the same agents whose call started less than
 * the margin before this load would be read as unknown (a run's first call comes seconds after its start).
 */
export class ExternalPbx implements SystemUnderTest {
  readonly wsUrl: string;
  readonly sipDomain: string;
  readonly registerHint = "check that pbx.agents' username, password (and authorizationUsername) are those of the PBX's account, and the PBX's log for why it refused (e.g. asterisk -rx 'pjsip show endpoint <username>')";
  readonly cdr: CdrDatabase;
  readonly info: SystemInfo;
  readonly rowExpectations: SystemUnderTest['rowExpectations'];
  /** The database's wall clock, for writing the start of the run's rows in it. */
  private readonly clock: DbClock;
  /** Where the run's rows start when the load's start is not known: when the PBX was connected to. */
  private readonly connectedAt: number;
  private readonly marginMs: number;
  private readonly pool: mysql.Pool;
  private readonly srcs: ReadonlySet<string>;
  private readonly key: HeaderMapping;
  private readonly log: (line: string) => void;

  private constructor(init: { pbx: Pbx; sipDomain: string; cdr: CdrDatabase; pool: mysql.Pool; info: SystemInfo; clock: DbClock; connectedAt: number; agents: readonly string[]; key: HeaderMapping; log: (line: string) => void }) {
    this.wsUrl = init.pbx.wsUrl;
    this.sipDomain = init.sipDomain;
    this.cdr = init.cdr;
    this.pool = init.pool;
    this.info = init.info;
    this.clock = init.clock;
    this.connectedAt = init.connectedAt;
    this.marginMs = init.pbx.cdrWindowMarginMs;
    this.key = init.key;
    this.log = init.log;
    const srcOf = pbxSrcOf(init.pbx);
    this.srcs = new Set(init.agents.map((name) => srcOf?.[name] ?? name));
    this.rowExpectations = { ...(init.pbx.context === undefined ? {} : { context: init.pbx.context }), ...(srcOf === undefined ? {} : { srcOf }) };
  }

  /**
   * Checks the PBX before any call: its WebSocket answers a SIP upgrade, its database takes the login, and
   * the CDR table has every column the run reads. Throws PBX_UNREACHABLE or CDR_TABLE_INCOMPLETE (exit 3)
   * naming what is missing.
   */
  static async connect(options: ExternalPbxOptions): Promise<ExternalPbx> {
    const { pbx, scenario, log, signal } = options;
    const sipDomain = pbxSipDomain(pbx);
    const cdrUrl = redactUrl(pbx.cdrUrl);
    log(`external PBX: checking its SIP WebSocket ${pbx.wsUrl} (SIP domain ${sipDomain}) and its CDR database ${cdrUrl}`);
    const ws = await checkSipWebSocket({ url: pbx.wsUrl, domain: sipDomain, timeoutMs: pbx.connectTimeoutMs, ...(signal ? { signal } : {}) });
    log(
      ws.answer
        ? `external PBX: the WebSocket speaks SIP (OPTIONS answered ${ws.answer.status} ${ws.answer.reason}${ws.answer.server ? `, server "${ws.answer.server}"` : ''})`
        : `external PBX: the WebSocket upgraded with subprotocol sip; no answer to OPTIONS within ${pbx.connectTimeoutMs} ms, so the Asterisk version stays unknown`,
    );
    if (signal?.aborted) throw new InterruptedError();

    const url = parseMysqlUrl(pbx.cdrUrl);
    const ca = pbx.cdrCaFile === undefined ? undefined : await readCdrCaFile(pbx.cdrCaFile, 'pbx.cdrCaFile', 'INVALID_SCENARIO');
    const connection = cdrConnectionOf(url, ca);
    // Two connections: one polls the table while the other is free for the diagnostics and the tests' hooks.
    const pool = mysql.createPool({ ...mysql2Options(connection), connectTimeout: pbx.connectTimeoutMs, connectionLimit: 2, maxIdle: 2 });
    try {
      const cdr = new CdrDatabase(connection, scenario.cdr.table, scenario.mappings, pool);
      const { version, clock } = await loginCdr(cdr, pbx.connectTimeoutMs, 'check pbx.cdrUrl', 'pbx.cdrCaFile');
      const connectedAt = Date.now();
      const warnings = await checkCdrTable(cdr, { mappings: scenario.mappings, key: scenario.key, checkContext: pbx.context !== undefined });
      for (const warning of warnings) log(`warning: ${warning}`);
      log(
        `external PBX: CDR table ${url.database}.${scenario.cdr.table} on ${cdrServerName(cdrEngineOf(version), version)} has every column the run reads; the run's rows will be those placed by its agents or carrying its keys, ` +
          `from calldate ${pbx.cdrWindowMarginMs} ms before the load starts (the database's clock read ${clock.at(connectedAt)} at ${new Date(connectedAt).toISOString()} here)`,
      );
      if (pbx.context === undefined) log('external PBX: pbx.context is not given, so dcontext is not checked');
      const info: SystemInfo = {
        asteriskVersion: ws.answer?.server ?? UNKNOWN_ASTERISK,
        cdrImage: 'external',
        cdrEngine: cdrEngineOf(version),
        cdrServerVersion: version,
        external: { wsUrl: redactUrl(pbx.wsUrl), sipDomain, cdrUrl, warnings },
      };
      return new ExternalPbx({ pbx, sipDomain, cdr, pool, info, clock, connectedAt, agents: options.agents, key: scenario.key, log });
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw error;
    }
  }

  async readRunRows(request: RunRowsRequest): Promise<CdrRow[]> {
    const owner = { srcs: this.srcs, keys: new Set(request.keys), keyColumn: this.key.column };
    const since = this.clock.at((request.loadStartedAt ?? this.connectedAt) - this.marginMs);
    const rows = await this.cdr.waitForRows(request.expected, request.timeoutMs, { since, keep: (row) => isRunRow(row, owner) });
    if (rows.length < request.expected) await this.explainRowsBeforeWindow(request.keys, since).catch(() => undefined);
    return rows;
  }

  /**
   * Rows missing from the window may be there with an earlier calldate: Asterisk writes calldate in its
   * own local time (UTC with cdr.conf usegmtime = yes), which the database's clock need not share. Says so
   * in the log; the verdicts stay as read, since such rows cannot be told from an earlier run's.
   */
  private async explainRowsBeforeWindow(keys: readonly string[], since: string): Promise<void> {
    if (keys.length === 0) return;
    const sample = keys.slice(0, DIAGNOSTIC_KEYS);
    const found = await this.cdr.withConnection(async (conn) => {
      const [rows] = await conn.query(`SELECT COUNT(*) AS n, MIN(calldate) AS earliest FROM \`${this.cdr.table}\` WHERE calldate < ? AND \`${this.key.column}\` IN (?)`, [since, sample]);
      return (rows as { n: number | string; earliest: string | null }[])[0];
    });
    const count = Number(found?.n ?? 0);
    if (count === 0) return;
    this.log(
      `warning: ${count} row(s) carrying keys of this run's calls have a calldate before the run's window (${since}, database time), the earliest ${found?.earliest}: ` +
        'Asterisk writes calldate in its local time (UTC with cdr.conf usegmtime = yes), and the database\'s clock or time zone seems to differ; such rows are not read, so their calls are reported missing',
    );
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.pool.end().catch(() => undefined);
  }
}
