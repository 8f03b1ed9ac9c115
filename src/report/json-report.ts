import { join } from 'node:path';
import type { RunResults } from '../contracts/results.ts';
import { writeFileAtomic } from '../run-dir/atomic-write.ts';
import { RUN_FILES } from '../run-dir/run-directory.ts';

/** results.json's text: the results as they are, 2-space indented, newline-terminated. */
export function renderJson(results: RunResults): string {
  return `${JSON.stringify(results, null, 2)}\n`;
}

/** Writes `results.json` into `dir` atomically and returns its path. */
export async function writeJsonReport(results: RunResults, dir: string): Promise<string> {
  const path = join(dir, RUN_FILES.results);
  await writeFileAtomic(path, renderJson(results));
  return path;
}
