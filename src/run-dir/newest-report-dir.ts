import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { HTML_REPORT_FILE } from '../report/html/html-report.ts';

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
    const index = await stat(join(dir, HTML_REPORT_FILE)).catch(() => undefined);
    if (index?.isFile() !== true) continue;
    // Equal times (a copy, a coarse file system) fall to the later name, which for run ids is the later run.
    if (newest === undefined || index.mtimeMs > newest.mtimeMs || (index.mtimeMs === newest.mtimeMs && dir > newest.dir)) newest = { dir, mtimeMs: index.mtimeMs };
  }
  return newest?.dir;
}
