/**
 * The standard columns of Asterisk's MySQL `cdr` table (and callcheck's own row id), with their definitions
 * as callcheck creates them; also what the preflight of an external PBX proposes for a column its table
 * lacks. A mapped header may not reuse one of them: cdr_adaptive_odbc would write the CDR's own value
 * there, not the header's.
 */
export const STANDARD_CDR_COLUMNS = {
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
} as const satisfies Record<string, string>;

/** One row of the CDR table as read back: standard columns plus the mapped ones, all as strings or numbers. */
export interface CdrRow {
  calldate: string;
  src: string;
  dst: string;
  dcontext: string;
  channel: string;
  disposition: string;
  duration: number;
  billsec: number;
  uniqueid: string;
  /** The mapped columns (and any other non-standard ones), by column name. */
  mapped: Record<string, string | null>;
}
