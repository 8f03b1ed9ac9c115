import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CdrRow } from '../contracts/cdr-row.ts';
import { writeFileAtomic } from './atomic-write.ts';

export const CDR_ROWS_FILE = 'cdr-rows.json';

/** The CDR rows a run read, and where from: kept so the run can be verified again and merged with its shards. */
export interface CdrRowsSnapshot {
  /** The table read, as `host:port/database.table`: rows of two snapshots from the same source are the same rows. */
  source: string;
  readAt: string;
  rows: CdrRow[];
}

export async function writeCdrRows(dir: string, snapshot: CdrRowsSnapshot): Promise<string> {
  const path = join(dir, CDR_ROWS_FILE);
  await writeFileAtomic(path, `${JSON.stringify(snapshot)}\n`);
  return path;
}

export async function readCdrRows(dir: string): Promise<CdrRowsSnapshot> {
  const snapshot = JSON.parse(await readFile(join(dir, CDR_ROWS_FILE), 'utf8')) as CdrRowsSnapshot;
  if (typeof snapshot.source !== 'string' || !Array.isArray(snapshot.rows)) throw new Error(`${join(dir, CDR_ROWS_FILE)} is not a CDR rows snapshot`);
  return snapshot;
}
