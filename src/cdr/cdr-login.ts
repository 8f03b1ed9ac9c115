import { CallcheckError } from '../contracts/errors.ts';
import { mysqlLoginFailure, networkFailure } from '../logic/preflight/connection-failure.ts';
import { DbClock } from '../logic/verify/db-clock.ts';
import type { CdrDatabase } from './cdr-database.ts';

/**
 * Logs in to a CDR database callcheck did not start (the first pooled connection) and reads the server's
 * version and its clock. A refusal or an unreachable server is PBX_UNREACHABLE (exit 3), saying why and,
 * by default, `hint` as what to do; `caOption` is the option that gives the CA of its certificate (TLS).
 */
export async function loginCdr(cdr: CdrDatabase, timeoutMs: number, hint: string, caOption: string): Promise<{ version: string; clock: DbClock }> {
  const { host, port, user, database, tls } = cdr.connection;
  const target = { what: 'the CDR database', host, port, timeoutMs, user, database, tls: { used: tls !== undefined, option: caOption } };
  try {
    return await cdr.withConnection(async (conn) => {
      const sent = Date.now();
      const [rows] = await conn.query('SELECT VERSION() AS version, NOW(6) AS now');
      // The server read its clock somewhere in the round trip: its middle is the best guess.
      const hostMs = (sent + Date.now()) / 2;
      const row = (rows as { version: string; now: string }[])[0];
      if (!row) throw new Error('SELECT VERSION() returned no row');
      return { version: String(row.version), clock: new DbClock(String(row.now), hostMs) };
    });
  } catch (cause) {
    const error = cause as { code?: string; message?: string };
    const seen = { code: error.code, message: error.message ?? String(cause) };
    const text = mysqlLoginFailure(seen, target) ?? networkFailure(seen, target);
    throw new CallcheckError('PBX_UNREACHABLE', text?.message ?? `the CDR database at ${host}:${port} could not be used: ${seen.message}`, {
      cause,
      hint: text?.hint ?? hint,
    });
  }
}
