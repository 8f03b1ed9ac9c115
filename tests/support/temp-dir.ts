import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, onTestFinished, TestRunner } from 'vitest';

const makeTempDir = (name: string) => mkdtemp(join(tmpdir(), `callcheck-${name}-`));
const removeDir = (dir: string) => rm(dir, { recursive: true, force: true, maxRetries: 3 });

/**
 * A fresh folder under the OS temp folder for each test of the enclosing suite (`each`, the default), or
 * one for all its tests (`all`: made before the first, removed after the last; call it above the suite's
 * own beforeAll to use the folder there, and its own afterAll runs before the folder goes). Returns a
 * getter, since the folder exists only while the tests run.
 */
export function useTempDir(name: string, scope: 'each' | 'all' = 'each'): () => string {
  let dir: string | undefined;
  (scope === 'each' ? beforeEach : beforeAll)(async () => {
    dir = await makeTempDir(name);
  });
  (scope === 'each' ? afterEach : afterAll)(async () => {
    if (dir) await removeDir(dir);
    dir = undefined;
  });
  return () => {
    if (dir === undefined) throw new Error(`useTempDir: the folder exists only while ${scope === 'each' ? 'a test runs' : 'the tests of its suite run'}`);
    return dir;
  };
}

/** A fresh folder under the OS temp folder, made now by the test that runs, and removed when it ends (after its afterEach hooks). */
export async function tempDirForTest(name: string): Promise<string> {
  if (TestRunner.getCurrentTest() === undefined) throw new Error(`tempDirForTest(${name}): called outside a test; in a hook, use useTempDir(name, 'all')`);
  const dir = await makeTempDir(name);
  onTestFinished(() => removeDir(dir));
  return dir;
}
