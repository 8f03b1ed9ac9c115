import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../tests/support/temp-dir.ts';
import { findSystemOpener } from './system-opener.ts';

describe('findSystemOpener', () => {
  const temp = useTempDir('opener');

  it('finds an executable xdg-open on the PATH on Linux', async () => {
    const bin = join(temp(), 'bin');
    await mkdir(bin);
    await writeFile(join(bin, 'xdg-open'), '#!/bin/sh\n');
    await chmod(join(bin, 'xdg-open'), 0o755);
    expect(findSystemOpener('linux', { PATH: `${join(temp(), 'empty')}:${bin}` })).toEqual({ command: join(bin, 'xdg-open'), args: [] });
  });

  it('finds none when xdg-open is missing or not executable', async () => {
    await writeFile(join(temp(), 'xdg-open'), '#!/bin/sh\n');
    await chmod(join(temp(), 'xdg-open'), 0o644);
    expect(findSystemOpener('linux', { PATH: temp() })).toBeUndefined();
    expect(findSystemOpener('linux', {})).toBeUndefined();
  });

  it("uses macOS's open and Windows' start", () => {
    expect(findSystemOpener('darwin', {})?.command).toBe('open');
    expect(findSystemOpener('win32', {})).toEqual({ command: 'cmd', args: ['/c', 'start', '""'] });
  });
});
