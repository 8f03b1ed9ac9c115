import { randomBytes } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The files of a run directory. run.json, calls.jsonl, events.jsonl and cdr-rows.json are what a run
 * observed, written as it happens; results.json, junit.xml and index.html are assembled from them, by the
 * run itself and again by `callcheck report`, `verify` and `merge`.
 */
export const RUN_FILES = {
  manifest: 'run.json',
  calls: 'calls.jsonl',
  events: 'events.jsonl',
  cdrRows: 'cdr-rows.json',
  results: 'results.json',
  junit: 'junit.xml',
  html: 'index.html',
} as const;

/** A run id that sorts by time and never repeats: `20261126-074512-3fa9`. */
export function makeRunId(now: Date = new Date(), random: (n: number) => Buffer = randomBytes): string {
  const iso = now.toISOString();
  return `${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 19).replaceAll(':', '')}-${random(2).toString('hex')}`;
}

/**
 * The run directory under `reportsDir` whose index.html was written last, or undefined when none has one
 * (no run yet, or only runs interrupted before their reports). By the file's time, not the name: a
 * merged run or one from another machine does not sort by its id.
 */
export async function newestReportDir(reportsDir: string): Promise<string | undefined> {
  const entries = await readdir(reportsDir, { withFileTypes: true }).catch(() => []);
  let newest: { dir: string; mtimeMs: number } | undefined;
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const dir = join(reportsDir, entry.name);
    const index = await stat(join(dir, RUN_FILES.html)).catch(() => undefined);
    if (index?.isFile() !== true) continue;
    // Equal times (a copy, a coarse file system) fall to the later name, which for run ids is the later run.
    if (newest === undefined || index.mtimeMs > newest.mtimeMs || (index.mtimeMs === newest.mtimeMs && dir > newest.dir)) newest = { dir, mtimeMs: index.mtimeMs };
  }
  return newest?.dir;
}
