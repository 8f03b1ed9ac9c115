import { mkdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { useTempDir } from '../../tests/support/temp-dir.ts';
import { describe, expect, it } from 'vitest';
import { makeRunId, newestReportDir } from './run-directory.ts';

describe('makeRunId', () => {
  it('is the UTC date, the UTC time and 2 random bytes in hex', () => {
    const sizes: number[] = [];
    const id = makeRunId(new Date('2026-11-26T07:45:12.987Z'), (n) => {
      sizes.push(n);
      return Buffer.from([0x3f, 0xa9]);
    });
    expect(id).toBe('20261126-074512-3fa9');
    expect(sizes).toEqual([2]);
  });

  it('pads hex bytes with zeros', () => {
    expect(makeRunId(new Date('2027-01-02T03:04:05Z'), () => Buffer.from([0, 10]))).toBe('20270102-030405-000a');
  });

  it('sorts by time', () => {
    const random = () => Buffer.from([0xff, 0xff]);
    const earlier = makeRunId(new Date('2026-11-26T07:45:12Z'), random);
    const later = makeRunId(new Date('2026-11-26T07:45:13Z'), () => Buffer.from([0, 0]));
    expect(earlier < later).toBe(true);
  });

  it('uses the current time and real randomness by default', () => {
    expect(makeRunId()).toMatch(/^\d{8}-\d{6}-[0-9a-f]{4}$/);
  });
});

describe('newestReportDir', () => {
  const temp = useTempDir('newest-report');

  async function run(name: string, writtenAt: Date | undefined): Promise<string> {
    const dir = join(temp(), name);
    await mkdir(dir, { recursive: true });
    if (writtenAt !== undefined) {
      await writeFile(join(dir, 'index.html'), name);
      await utimes(join(dir, 'index.html'), writtenAt, writtenAt);
    }
    return dir;
  }

  it('picks the directory whose index.html was written last, whatever its name', async () => {
    await run('20261126-070000-aaaa', new Date('2026-11-26T07:05:00Z'));
    const merged = await run('20261125-060000-bbbb-merged', new Date('2026-11-26T09:00:00Z'));
    await run('20261126-080000-cccc', new Date('2026-11-26T08:05:00Z'));
    expect(await newestReportDir(temp())).toBe(merged);
  });

  it('skips directories without an index.html: interrupted runs, comparisons', async () => {
    const done = await run('20261126-070000-aaaa', new Date('2026-11-26T07:05:00Z'));
    await run('20261126-090000-dddd', undefined);
    await writeFile(join(await run('compare-a-vs-b', undefined), 'comparison.html'), '');
    await writeFile(join(temp(), 'stray.html'), '');
    expect(await newestReportDir(temp())).toBe(done);
  });

  it('finds none in an empty or missing reports directory', async () => {
    expect(await newestReportDir(temp())).toBeUndefined();
    expect(await newestReportDir(join(temp(), 'nope'))).toBeUndefined();
  });
});
