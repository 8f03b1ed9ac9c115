import type { HeaderMapping } from '../../contracts/header-map.ts';

/**
 * Definitions of Asterisk's standard MySQL cdr columns as callcheck creates them. Also what the preflight
 * of an external PBX proposes for a column its table lacks, so both say the same.
 */
export const STANDARD_COLUMN_DEFINITIONS: Readonly<Record<string, string>> = {
  id: 'BIGINT UNSIGNED NOT NULL AUTO_INCREMENT',
  calldate: 'DATETIME(6) NOT NULL',
  clid: "VARCHAR(80) NOT NULL DEFAULT ''",
  src: "VARCHAR(80) NOT NULL DEFAULT ''",
  dst: "VARCHAR(80) NOT NULL DEFAULT ''",
  dcontext: "VARCHAR(80) NOT NULL DEFAULT ''",
  channel: "VARCHAR(80) NOT NULL DEFAULT ''",
  dstchannel: "VARCHAR(80) NOT NULL DEFAULT ''",
  lastapp: "VARCHAR(80) NOT NULL DEFAULT ''",
  lastdata: "VARCHAR(80) NOT NULL DEFAULT ''",
  duration: 'INT NOT NULL DEFAULT 0',
  billsec: 'INT NOT NULL DEFAULT 0',
  disposition: "VARCHAR(45) NOT NULL DEFAULT ''",
  amaflags: 'INT NOT NULL DEFAULT 0',
  accountcode: "VARCHAR(80) NOT NULL DEFAULT ''",
  uniqueid: "VARCHAR(150) NOT NULL DEFAULT ''",
  userfield: "VARCHAR(255) NOT NULL DEFAULT ''",
  linkedid: "VARCHAR(150) NOT NULL DEFAULT ''",
  peeraccount: "VARCHAR(80) NOT NULL DEFAULT ''",
  sequence: 'INT NOT NULL DEFAULT 0',
};

/** The definition of a mapped header's column: nullable, since a call without the header leaves it empty. */
export function mappedColumnDefinition(mapping: HeaderMapping): string {
  return `VARCHAR(${mapping.length}) NULL`;
}

/**
 * The CDR table: Asterisk's standard MySQL cdr columns plus one VARCHAR per mapped header, utf8mb4 so
 * any CRM value fits, binary collation so the verifier's comparison and the database's agree.
 */
export function renderCdrSchema(table: string, mappings: readonly HeaderMapping[], key: HeaderMapping): string {
  const standard = Object.entries(STANDARD_COLUMN_DEFINITIONS).map(([column, definition]) => `  \`${column}\` ${definition},`);
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
