import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** True when `path` is a file this process may execute. */
export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The first executable called `name` in the PATH's folders, then in `extraDirs` (for tools such as tcpdump
 * that live in /usr/sbin, which a non-root PATH may not hold); undefined when there is none.
 */
export function findExecutable(name: string, extraDirs: readonly string[] = [], env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dirs = [...(env['PATH'] ?? '').split(delimiter).filter(Boolean), ...extraDirs];
  return dirs.map((dir) => join(dir, name)).find(isExecutable);
}
