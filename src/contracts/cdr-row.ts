import { z } from 'zod';
import { asteriskTraceSchema } from './asterisk-trace.ts';

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
export const cdrRowSchema = z.object({
  calldate: z.string(),
  src: z.string(),
  dst: z.string(),
  dcontext: z.string(),
  channel: z.string(),
  disposition: z.string(),
  duration: z.number(),
  billsec: z.number(),
  uniqueid: z.string(),
  /** The mapped columns (and any other non-standard ones), by column name. */
  mapped: z.record(z.string(), z.string().nullable()),
});
export type CdrRow = z.infer<typeof cdrRowSchema>;

/** The CDR rows a run read, and where from (the run directory's cdr-rows.json): kept so the run can be verified again and merged with its shards. */
export const cdrRowsSnapshotSchema = z.object({
  /** The table read, as `host:port/database.table`: rows of two snapshots from the same source are the same rows. */
  source: z.string(),
  readAt: z.string(),
  rows: z.array(cdrRowSchema),
  /** What Asterisk loaded and ran, when callcheck booted a call center's own configuration (see AsteriskTrace). */
  trace: asteriskTraceSchema.optional(),
});
export type CdrRowsSnapshot = z.infer<typeof cdrRowsSnapshotSchema>;
