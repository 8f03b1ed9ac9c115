import type { HeaderMapping } from '../contracts/header-map.ts';

/**
 * The CDR table: Asterisk's standard MySQL cdr columns plus one VARCHAR per mapped header, utf8mb4 so
 * any CRM value fits, binary collation so the verifier's comparison and the database's agree.
 */
export function renderCdrSchema(table: string, mappings: readonly HeaderMapping[], key: HeaderMapping): string {
  const mapped = mappings.map((m) => `  \`${m.column}\` VARCHAR(${m.length}) NULL,`);
  return [
    `CREATE TABLE \`${table}\` (`,
    '  `id` BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,',
    '  `calldate` DATETIME(6) NOT NULL,',
    "  `clid` VARCHAR(80) NOT NULL DEFAULT '',",
    "  `src` VARCHAR(80) NOT NULL DEFAULT '',",
    "  `dst` VARCHAR(80) NOT NULL DEFAULT '',",
    "  `dcontext` VARCHAR(80) NOT NULL DEFAULT '',",
    "  `channel` VARCHAR(80) NOT NULL DEFAULT '',",
    "  `dstchannel` VARCHAR(80) NOT NULL DEFAULT '',",
    "  `lastapp` VARCHAR(80) NOT NULL DEFAULT '',",
    "  `lastdata` VARCHAR(80) NOT NULL DEFAULT '',",
    '  `duration` INT NOT NULL DEFAULT 0,',
    '  `billsec` INT NOT NULL DEFAULT 0,',
    "  `disposition` VARCHAR(45) NOT NULL DEFAULT '',",
    '  `amaflags` INT NOT NULL DEFAULT 0,',
    "  `accountcode` VARCHAR(80) NOT NULL DEFAULT '',",
    "  `uniqueid` VARCHAR(150) NOT NULL DEFAULT '',",
    "  `userfield` VARCHAR(255) NOT NULL DEFAULT '',",
    "  `linkedid` VARCHAR(150) NOT NULL DEFAULT '',",
    "  `peeraccount` VARCHAR(80) NOT NULL DEFAULT '',",
    '  `sequence` INT NOT NULL DEFAULT 0,',
    ...mapped,
    '  PRIMARY KEY (`id`),',
    '  KEY `calldate` (`calldate`),',
    `  KEY \`${key.column}\` (\`${key.column}\`)`,
    ') ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;',
    '',
  ].join('\n');
}
