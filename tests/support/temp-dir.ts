import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';

/**
 * A fresh folder under the OS temp folder for each test of the enclosing suite, removed after it.
 * Returns a getter, since the folder exists only while a test runs.
 */
export function useTempDir(name: string): () => string {
  let dir: string | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), `callcheck-${name}-`));
  });
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });
  return () => {
    if (dir === undefined) throw new Error('useTempDir: the folder exists only while a test runs');
    return dir;
  };
}
