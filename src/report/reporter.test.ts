import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../tests/support/temp-dir.ts';
import { makeResults } from '../../tests/support/report-fixtures.ts';
import { REPORTERS, writeAllReports } from './reporter.ts';

const dir = useTempDir('reports');

describe('REPORTERS', () => {
  it('maps each format to a reporter of that name writing its own file', async () => {
    const results = makeResults();
    const written: Record<string, string> = {};
    for (const [format, reporter] of Object.entries(REPORTERS)) {
      expect(reporter.name).toBe(format);
      written[format] = await reporter.write(results, dir());
    }
    expect(written).toEqual({ json: join(dir(), 'results.json'), junit: join(dir(), 'junit.xml'), html: join(dir(), 'index.html') });
  });
});

describe('writeAllReports', () => {
  it('writes the three reports, JSON first, and returns their paths', async () => {
    const paths = await writeAllReports(makeResults(), join(dir(), 'run-1'));
    expect(paths).toEqual(['results.json', 'junit.xml', 'index.html'].map((f) => join(dir(), 'run-1', f)));
    expect((await readdir(join(dir(), 'run-1'))).sort()).toEqual(['index.html', 'junit.xml', 'results.json']);
  });

  it('writes the other reports when one cannot be written, then reports the failure', async () => {
    // A directory where junit.xml should go makes only the JUnit writer fail.
    await mkdir(join(dir(), 'junit.xml'));
    const attempt = writeAllReports(makeResults(), dir());
    await expect(attempt).rejects.toThrow(AggregateError);
    await expect(attempt).rejects.toThrow(/junit report/);
    expect((await readdir(dir())).sort()).toEqual(['index.html', 'junit.xml', 'results.json']);
  });
});
