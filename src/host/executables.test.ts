import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findExecutable, isExecutable } from './executables.ts';

describe('findExecutable', () => {
  it('takes the first executable of the name in the PATH, then in the extra folders, and skips files it may not run', async () => {
    const [a, b, extra] = await Promise.all([1, 2, 3].map(() => mkdtemp(join(tmpdir(), 'callcheck-exe-'))));
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
