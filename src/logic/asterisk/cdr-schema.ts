import { STANDARD_CDR_COLUMNS } from '../../contracts/cdr-row.ts';
import type { HeaderMapping } from '../../contracts/header-map.ts';

/** The definition of a mapped header's column: nullable, since a call without the header leaves it empty. */
export function mappedColumnDefinition(mapping: HeaderMapping): string {
  return `VARCHAR(${mapping.length}) NULL`;
}

/**
 * The CDR table: Asterisk's standard MySQL cdr columns plus one VARCHAR per mapped header, utf8mb4 so
 * any CRM value fits, binary collation so the verifier's comparison and the database's agree.
 */
export function renderCdrSchema(table: string, mappings: readonly HeaderMapping[], key: HeaderMapping): string {
  const standard = Object.entries(STANDARD_CDR_COLUMNS).map(([column, definition]) => `  \`${column}\` ${definition},`);
  const mapped = mappings.map((m) => `  \`${m.column}\` ${mappedColumnDefinition(m)},`);
  return [
    `CREATE TABLE \`${table}\` (`,
    ...standard,
    ...mapped,
    '  PRIMARY KEY (`id`),',
    '  KEY `calldate` (`calldate`),',
    `  KEY \`${key.column}\` (\`${key.column}\`)`,
    ') ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;',
    '',
  ].join('\n');
}

/**
 * The statements of an SQL file, one by one: split at each `;` that ends a line, `--` and `#` comment
 * lines dropped. Enough for a schema file (CREATE TABLE, ALTER, INSERT); a `;` inside a string that ends
 * a line would split it.
 */
export function sqlStatements(sql: string): string[] {
  const kept = sql
    .split('\n')
    .filter((line) => !/^\s*(?:--|#)/.test(line))
    .join('\n');
  return kept
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
