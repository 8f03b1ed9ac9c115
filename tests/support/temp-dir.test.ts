import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDirForTest, useTempDir } from './temp-dir.ts';

const exists = (path: string) => stat(path).then(() => true, () => false);

describe('useTempDir', () => {
  const each = useTempDir('each');
  const all = useTempDir('all', 'all');
  const seen: { each: string; all: string }[] = [];
  let madeBeforeAll = '';

  beforeAll(() => {
    madeBeforeAll = all();
  });

  it('gives each test a fresh folder, and all the tests of the suite one folder from before the first', async () => {
    expect(all()).toBe(madeBeforeAll);
    expect(each()).toMatch(/callcheck-each-/);
    await writeFile(join(each(), 'x'), 'x');
    seen.push({ each: each(), all: all() });
  });

  it('(the test before had its folder removed, and the suite\'s folder kept)', async () => {
    expect(each()).not.toBe(seen[0]?.each);
    expect(await exists(seen[0]?.each ?? '')).toBe(false);
    expect(all()).toBe(seen[0]?.all);
    expect(await exists(all())).toBe(true);
  });
});

describe('tempDirForTest', () => {
  let made = '';

  beforeAll(async () => {
    await expect(tempDirForTest('hook')).rejects.toThrow(/outside a test/);
  });

  it('makes a folder for the test that runs', async () => {
    made = await tempDirForTest('in-test');
    expect(made).toMatch(/callcheck-in-test-/);
    expect(await exists(made)).toBe(true);
  });

  it('(the test before had it removed when it ended)', async () => {
    expect(await exists(made)).toBe(false);
  });
});
