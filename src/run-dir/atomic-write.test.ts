import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../tests/support/temp-dir.ts';
import { writeFileAtomic } from './atomic-write.ts';

const dir = useTempDir('atomic');

describe('writeFileAtomic', () => {
  it('writes the content, creating missing directories', async () => {
    const path = join(dir(), 'a', 'b', 'out.txt');
    await writeFileAtomic(path, 'héllo 🎉\n');
    expect(await readFile(path, 'utf8')).toBe('héllo 🎉\n');
  });

  it('replaces an existing file and leaves no temporary file behind', async () => {
    const path = join(dir(), 'out.txt');
    await writeFileAtomic(path, 'first');
    await writeFileAtomic(path, 'second');
    expect(await readFile(path, 'utf8')).toBe('second');
    expect(await readdir(dir())).toEqual(['out.txt']);
  });

  it('rejects and removes its temporary file when the rename fails', async () => {
    const path = join(dir(), 'out.txt');
    await mkdir(path); // a directory where the file should go makes rename fail
    await expect(writeFileAtomic(path, 'x')).rejects.toThrow();
    expect(await readdir(dir())).toEqual(['out.txt']);
  });
});
