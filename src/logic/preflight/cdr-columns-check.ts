import type { HeaderMapping } from '../../contracts/header-map.ts';
import { STANDARD_CDR_COLUMNS } from '../../contracts/cdr-row.ts';
import { mappedColumnDefinition } from '../asterisk/cdr-schema.ts';
import type { VerifiedStandardColumn } from '../verify/verify-cdr.ts';

/** One column of a CDR table, as information_schema.COLUMNS describes it. */
export interface TableColumn {
  name: string;
  /** DATA_TYPE, e.g. `varchar`, `int`, `datetime`. */
  dataType: string;
  /** COLUMN_TYPE, e.g. `varchar(32)`: how messages show the column. */
  columnType: string;
  /** CHARACTER_MAXIMUM_LENGTH: the characters a text column holds; null for other types. */
  maxLength: number | null;
}

/** A column callcheck needs, why, and the definition it proposes to add it with. */
export interface NeededColumn {
  column: string;
  why: string;
  definition: string;
}

/** What a CDR table lacks (the run cannot go on) and what looks risky (it can). */
export interface ColumnCheck {
  missing: NeededColumn[];
  warnings: string[];
}

/** Where the table is, for messages: `database.table`. */
export interface TableName {
  database: string;
  table: string;
}

/** Why the verifier needs each standard column it compares: typed by the verifier's own list, so none is left out. */
const VERIFIED_WHY: Readonly<Record<VerifiedStandardColumn, string>> = {
  src: 'the verifier checks it is the agent that placed the call',
  dst: 'the verifier checks it is the number dialed',
  dcontext: 'the verifier checks it is pbx.context',
  disposition: "the verifier checks it follows the call's outcome",
  billsec: 'the verifier checks it against the talk time the agent measured',
};

/** Text types: a header value lands in them as it was sent (up to their length). */
const TEXT_TYPES = new Set(['char', 'varchar', 'tinytext', 'text', 'mediumtext', 'longtext', 'binary', 'varbinary', 'tinyblob', 'blob', 'mediumblob', 'longblob']);

/** What cdr_adaptive_odbc needs to see a column that was added while it ran. */
export const RELOAD_ADAPTIVE_ODBC = "reload cdr_adaptive_odbc (asterisk -rx 'module reload cdr_adaptive_odbc.so')";

/**
 * The columns a run reads from the CDR table: calldate (which rows are the run's), the standard columns the
 * verifier compares (dcontext only when there is a context to compare it with), and every mapped column.
 */
export function neededCdrColumns(mappings: readonly HeaderMapping[], options: { checkContext: boolean }): NeededColumn[] {
  const standard = (column: string, why: string): NeededColumn => ({ column, why, definition: (STANDARD_CDR_COLUMNS as Record<string, string>)[column] ?? "VARCHAR(80) NOT NULL DEFAULT ''" });
  const verified = (Object.entries(VERIFIED_WHY) as [VerifiedStandardColumn, string][]).filter(([column]) => column !== 'dcontext' || options.checkContext);
  return [
    standard('calldate', "callcheck finds this run's rows by it"),
    ...verified.map(([column, why]) => standard(column, why)),
    ...mappings.map((m) => ({ column: m.column, why: `mapped from ${m.header}`, definition: mappedColumnDefinition(m) })),
  ];
}

/**
 * Compares a CDR table's columns with what the run needs. Names are compared exactly: rows are read by
 * column name, and the header map's names are lower case. A mapped column that holds fewer characters than
 * the header map says, or is no text type, is a warning: the run can go on, but values may not survive.
 */
export function checkCdrColumns(name: TableName, columns: readonly TableColumn[], mappings: readonly HeaderMapping[], options: { checkContext: boolean; key: HeaderMapping }): ColumnCheck {
  const byName = new Map(columns.map((c) => [c.name, c]));
  const missing = neededCdrColumns(mappings, options).filter((needed) => !byName.has(needed.column));
  const warnings: string[] = [];
  for (const m of mappings) {
    const column = byName.get(m.column);
    if (column === undefined) continue;
    const where = `CDR column ${name.database}.${name.table}.${m.column}`;
    const consequence = m.column === options.key.column ? 'the call whose key is cut short is reported missing and its row unknown' : 'a value cut short is reported as mismatched';
    if (!TEXT_TYPES.has(column.dataType.toLowerCase())) {
      warnings.push(`${where} is ${column.columnType}, not a text type: a value of ${m.header} that is not a number may be stored as 0 or refused, and leading zeros are lost`);
    } else if (column.maxLength !== null && column.maxLength < m.length) {
      warnings.push(`${where} is ${column.columnType}, shorter than the ${m.length} characters the header map gives ${m.header}: cdr_adaptive_odbc truncates longer values silently, and ${consequence}`);
    }
  }
  return { missing, warnings };
}

/**
 * The message for a table that lacks columns: each one and why it is needed, the one ALTER TABLE that adds
 * them all, and the reload without which cdr_adaptive_odbc would not write them. Case-only differences are
 * named, since the table then seems to have the column.
 */
export function missingColumnsMessage(name: TableName, missing: readonly NeededColumn[], columns: readonly TableColumn[]): string {
  const described = missing.map((m) => {
    const otherCase = columns.find((c) => c.name.toLowerCase() === m.column.toLowerCase());
    return `${m.column} (${m.why}${otherCase ? `; the table has ${otherCase.name}, which differs in case` : ''})`;
  });
  const one = missing.length === 1;
  const alter = `ALTER TABLE \`${name.table}\` ${missing.map((m) => `ADD COLUMN \`${m.column}\` ${m.definition}`).join(', ')}`;
  return `CDR table ${name.database}.${name.table} has no column${one ? '' : 's'} ${described.join(', ')}; add ${one ? 'it' : 'them'}: ${alter}, then ${RELOAD_ADAPTIVE_ODBC}`;
}

/** The hint under that message: the other way out, with the table's own extra columns, so a misspelt column in the header map shows. */
export function missingColumnsHint(columns: readonly TableColumn[]): string {
  const own = columns.map((c) => c.name).filter((n) => !Object.hasOwn(STANDARD_CDR_COLUMNS, n));
  return `if the table holds these values under other names already, map the headers to those columns instead${own.length > 0 ? ` (its non-standard columns: ${own.join(', ')})` : ' (it has no non-standard column)'}`;
}
