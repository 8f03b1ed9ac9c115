import mysql from 'mysql2/promise';
import { resolve } from 'node:path';
import { CdrDatabase, cdrConnectionOf, mysql2Options } from '../cdr/cdr-database.ts';
import { loginCdr } from '../cdr/cdr-login.ts';
import { readCdrCaFile } from '../cdr/cdr-ca-file.ts';
import { checkCdrTable } from '../cdr/check-cdr-table.ts';
import type { CdrRowsSnapshot } from '../contracts/cdr-row.ts';
import { CallcheckError } from '../contracts/errors.ts';
import { LOOPBACK_HOST } from '../contracts/pbx.ts';
import type { RunManifest } from '../contracts/run-manifest.ts';
import type { CallRecord } from '../contracts/call-record.ts';
import { MYSQL_URL_FORM, MysqlUrlError, parseMysqlUrl, type MysqlUrl } from '../contracts/mysql-url.ts';
import { isRunRow } from '../logic/verify/run-rows.ts';
import { writeCdrRows } from '../run-dir/cdr-rows-file.ts';
import { readRunDirectory } from '../run-dir/read-run.ts';
import { RUN_FILES } from '../run-dir/run-directory.ts';
import { reportRunDirectory } from './report-run-directory.ts';
import type { RunOutcome } from './run-options.ts';

export interface VerifyRunOptions {
  /** `mysql://user:password@host:port/database` of the CDR database to read; absent: the rows cdr-rows.json kept. */
  cdrUrl?: string;
  /** With `cdrUrl`: PEM file of the CA of the database's certificate, to read over TLS (`--cdr-ca`). */
  cdrCaFile?: string;
  log?: (line: string) => void;
  /** Limit for connecting to the database, ms. Default 10000. */
  connectTimeoutMs?: number;
}

/**
 * How far before the load's start and after its last call a row of the run may be dated: calldate has
 * whole seconds, and the PBX's clock may be slightly off the database's (as for your own PBX's window).
 */
const WINDOW_MARGIN_MS = 2000;

/**
 * `callcheck verify <run-dir> [--cdr <mysql-url>]`: gives the run's kept calls their CDR verdicts again,
 * against the rows of the database the URL names (narrowed to the run's window, its agents and its keys, as
 * for your own PBX; the fresh rows replace cdr-rows.json), or without a URL against the rows cdr-rows.json
 * kept. Writes the reports again, saying when and against what they were verified.
 */
export async function verifyRun(dir: string, options: VerifyRunOptions = {}): Promise<RunOutcome> {
  const runDir = resolve(dir);
  const log = options.log;
  if (options.cdrUrl === undefined) {
    return reportRunDirectory(runDir, {
      rebuild: { by: 'verify', rowsFrom: 'kept' },
      check: (kept) => {
        if (kept.rowsError) throw kept.rowsError;
        if (kept.rows === undefined) {
          throw new CallcheckError('INVALID_ARGUMENTS', `run directory ${dir} has no ${RUN_FILES.cdrRows}: the run stopped before it read its CDR rows`, {
            hint: 'read them from the database: callcheck verify <run-dir> --cdr mysql://user:password@127.0.0.1:3306/database',
          });
        }
        log?.(`verifying ${kept.calls.length} call(s) of run ${kept.manifest.run.id} against ${kept.rows.rows.length} CDR row(s) from ${RUN_FILES.cdrRows} (rows of ${kept.rows.source})`);
      },
      ...(log ? { log } : {}),
    });
  }
  const url = cdrUrlOf(options.cdrUrl);
  const ca = options.cdrCaFile === undefined ? undefined : await readCdrCaFile(options.cdrCaFile, '--cdr-ca', 'INVALID_ARGUMENTS');
  const { manifest, calls, notes } = await readRunDirectory(runDir);
  for (const note of notes) log?.(`note: ${note}`);
  const rows = await readRunRowsAt(url, ca, manifest, calls, options.connectTimeoutMs ?? 10_000);
  await writeCdrRows(runDir, rows);
  log?.(`verifying ${calls.length} call(s) of run ${manifest.run.id} against ${rows.rows.length} CDR row(s) from ${rows.source}`);
  return reportRunDirectory(runDir, { rebuild: { by: 'verify', rowsFrom: 'database' } });
}

function cdrUrlOf(text: string): MysqlUrl {
  let url: MysqlUrl;
  try {
    url = parseMysqlUrl(text);
  } catch (error) {
    if (!(error instanceof MysqlUrlError)) throw error;
    throw new CallcheckError('INVALID_ARGUMENTS', `--cdr ${error.message}`, { hint: `give the CDR database as ${MYSQL_URL_FORM}` });
  }
  if (!LOOPBACK_HOST.test(url.host) && url.host !== '::1') {
    throw new CallcheckError('INVALID_ARGUMENTS', `--cdr names host ${url.host}, which is not this machine: callcheck reads CDR databases on loopback only`, {
      hint: 'give a database on 127.0.0.1 or localhost (e.g. a restored copy, or a tunnel to the real one on a local port)',
    });
  }
  return url;
}

/**
 * Reads the run's rows from the database: those dated from the load's start to its last call's end (less and
 * plus a margin, in the database's clock) placed by the run's agents or carrying its calls' keys.
 */
async function readRunRowsAt(url: MysqlUrl, ca: string | undefined, manifest: RunManifest, calls: readonly CallRecord[], timeoutMs: number): Promise<CdrRowsSnapshot> {
  const connection = cdrConnectionOf(url, ca);
  const pool = mysql.createPool({ ...mysql2Options(connection), connectTimeout: timeoutMs, connectionLimit: 1, maxIdle: 1 });
  try {
    const { settings } = manifest;
    const cdr = new CdrDatabase(connection, manifest.cdrTable, settings.mappings, pool);
    const { clock } = await loginCdr(cdr, timeoutMs, 'check the --cdr URL: host, port, user, password and database', '--cdr-ca');
    await checkCdrTable(cdr, { mappings: settings.mappings, key: settings.key, checkContext: settings.context !== undefined });
    const srcs = new Set(manifest.agents.map((name) => settings.srcOf?.[name] ?? name));
    const owner = { srcs, keys: new Set(calls.map((c) => c.headers[settings.key.header] ?? '').filter((k) => k !== '')), keyColumn: settings.key.column };
    const from = manifest.loadStartedAt ?? Date.parse(manifest.run.startedAt);
    const to = Math.max(from, ...calls.map((c) => c.timeline.ended ?? 0), Date.parse(manifest.ended?.at ?? manifest.run.startedAt));
    const rows = await cdr.readRows({ since: clock.at(from - WINDOW_MARGIN_MS), until: clock.at(to + WINDOW_MARGIN_MS), keep: (row) => isRunRow(row, owner) });
    return { rows, source: `${url.host}:${url.port}/${url.database}.${manifest.cdrTable}`, readAt: new Date().toISOString() };
  } finally {
    await pool.end().catch(() => undefined);
  }
}
