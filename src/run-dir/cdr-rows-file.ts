import { join } from 'node:path';
import type { CdrRowsSnapshot } from '../contracts/cdr-row.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { RUN_FILES } from './run-directory.ts';

/** Writes cdr-rows.json: the CDR rows a run read, and where from, so it can be verified again and merged with its shards. */
export async function writeCdrRows(dir: string, snapshot: CdrRowsSnapshot): Promise<string> {
  const path = join(dir, RUN_FILES.cdrRows);
  await writeFileAtomic(path, `${JSON.stringify(snapshot)}\n`);
  return path;
}
