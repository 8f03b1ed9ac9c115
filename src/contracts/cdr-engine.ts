import { z } from 'zod';

/**
 * The two database servers a CDR table lives in. They differ where CDR pipelines break (authentication,
 * strict mode, how a cut multi-byte character is refused), so results name which one a run wrote to.
 */
export const cdrEngineSchema = z.enum(['mysql', 'mariadb']);
export type CdrEngine = z.infer<typeof cdrEngineSchema>;

export const CDR_ENGINE_NAMES: Readonly<Record<CdrEngine, string>> = { mysql: 'MySQL', mariadb: 'MariaDB' };

/** The engine a server's `SELECT VERSION()` names: MariaDB says so in its version (`11.8.3-MariaDB-1`), MySQL does not (`9.7.4-2`). */
export function cdrEngineOf(serverVersion: string): CdrEngine {
  return /mariadb/i.test(serverVersion) ? 'mariadb' : 'mysql';
}

/**
 * `MySQL 9.7.4-2`, `MariaDB 11.8.3-MariaDB-1`: what the report and the log show. Without an engine (results
 * written before callcheck named it, or a run that never reached its database) the version alone.
 */
export function cdrServerName(engine: CdrEngine | undefined, serverVersion: string): string {
  return engine === undefined ? serverVersion : `${CDR_ENGINE_NAMES[engine]} ${serverVersion}`;
}
