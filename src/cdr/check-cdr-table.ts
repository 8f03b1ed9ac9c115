import { CallcheckError } from '../contracts/errors.ts';
import type { HeaderMapping } from '../contracts/header-map.ts';
import { checkCdrColumns, missingColumnsHint, missingColumnsMessage, RELOAD_ADAPTIVE_ODBC, type TableColumn } from '../logic/preflight/cdr-columns-check.ts';
import { renderCdrSchema } from '../logic/asterisk/cdr-schema.ts';
import type { CdrDatabase } from './cdr-database.ts';

export interface CdrTableCheckOptions {
  mappings: readonly HeaderMapping[];
  key: HeaderMapping;
  /** Whether dcontext is compared (the scenario names the PBX's context), so the table needs it. */
  checkContext: boolean;
}

/**
 * Checks, before any call, that an external PBX's CDR table exists, can be read, and has every column the
 * run reads. Throws CDR_TABLE_INCOMPLETE saying what is missing and the SQL that adds it; returns the
 * warnings (a mapped column shorter than the header map says, one that is not text).
 */
export async function checkCdrTable(db: CdrDatabase, options: CdrTableCheckOptions): Promise<string[]> {
  const name = { database: db.connection.database, table: db.table };
  const columns = await db.withConnection(async (conn) => {
    const [rows] = await conn.query(
      `SELECT COLUMN_NAME AS name, DATA_TYPE AS dataType, COLUMN_TYPE AS columnType, CHARACTER_MAXIMUM_LENGTH AS maxLength
         FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION`,
      [name.database, name.table],
    );
    return (rows as Record<string, unknown>[]).map(
      (r): TableColumn => ({ name: String(r['name']), dataType: String(r['dataType']), columnType: String(r['columnType']), maxLength: r['maxLength'] === null ? null : Number(r['maxLength']) }),
    );
  });
  if (columns.length === 0) {
    // information_schema shows only what the user holds a privilege on: "absent" and "hidden" look alike.
    const others = await db.withConnection(async (conn) => {
      const [rows] = await conn.query('SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME', [name.database]);
      return (rows as Record<string, unknown>[]).map((r) => String(r['name']));
    });
    throw new CallcheckError(
      'CDR_TABLE_INCOMPLETE',
      `CDR table ${name.database}.${name.table} does not exist, or user "${db.connection.user}" holds no privilege on it (the tables it sees in ${name.database}: ${others.length > 0 ? others.join(', ') : 'none'})`,
      {
        hint: `set cdr.table to the table cdr_adaptive_odbc writes (cdr_adaptive_odbc.conf), GRANT SELECT ON ${name.database}.${name.table} TO the user, or create the table, e.g.:\n${renderCdrSchema(name.table, options.mappings, options.key)}  then ${RELOAD_ADAPTIVE_ODBC}`,
      },
    );
  }
  const { missing, warnings } = checkCdrColumns(name, columns, options.mappings, options);
  if (missing.length > 0) throw new CallcheckError('CDR_TABLE_INCOMPLETE', missingColumnsMessage(name, missing, columns), { hint: missingColumnsHint(columns) });
  // Seeing the columns takes any privilege on them; reading the rows takes SELECT.
  await db
    .withConnection((conn) => conn.query(`SELECT * FROM \`${name.table}\` LIMIT 0`))
    .catch((cause: unknown) => {
      throw new CallcheckError('CDR_TABLE_INCOMPLETE', `user "${db.connection.user}" cannot read CDR table ${name.database}.${name.table}: ${cause instanceof Error ? cause.message : String(cause)}`, {
        cause,
        hint: `GRANT SELECT ON ${name.database}.${name.table} TO the user callcheck logs in as`,
      });
    });
  return warnings;
}
