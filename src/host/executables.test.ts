import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../tests/support/temp-dir.ts';
import { findExecutable, isExecutable } from './executables.ts';

describe('findExecutable', () => {
  const temp = useTempDir('exe');

  it('takes the first executable of the name in the PATH, then in the extra folders, and skips files it may not run', async () => {
    const [a, b, extra] = await Promise.all(['a', 'b', 'extra'].map(async (name) => {
      const dir = join(temp(), name);
      await mkdir(dir);
      return dir;
    }));
    await writeFile(join(a!, 'tool'), 'not executable');
    await writeFile(join(b!, 'tool'), '#!/bin/sh\n');
    await chmod(join(b!, 'tool'), 0o755);
    await writeFile(join(extra!, 'other'), '#!/bin/sh\n');
    await chmod(join(extra!, 'other'), 0o755);
    const env = { PATH: [a, '', b].join(delimiter) };
    expect(isExecutable(join(a!, 'tool'))).toBe(false);
    expect(findExecutable('tool', [extra!], env)).toBe(join(b!, 'tool'));
    expect(findExecutable('other', [extra!], env)).toBe(join(extra!, 'other'));
    expect(findExecutable('other', [], env)).toBeUndefined();
    expect(findExecutable('tool', [], {})).toBeUndefined();
  });
});
