import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../tests/support/temp-dir.ts';
import { makeResults } from '../../tests/support/report-fixtures.ts';
import { writeJsonReport } from './json-report.ts';
import { RESULTS_SCHEMA_VERSION } from '../contracts/results.ts';

const dir = useTempDir('json');

describe('writeJsonReport', () => {
  it('writes results.json and returns its path', async () => {
    const path = await writeJsonReport(makeResults(), dir());
    expect(path).toBe(join(dir(), 'results.json'));
    expect(await readdir(dir())).toEqual(['results.json']);
  });

  it('round-trips: the file parses back to the same results', async () => {
    const results = makeResults();
    results.calls[0]!.headers['X-CRM-Id'] = '"quoted" <tag> & 🎉 \u0001 \u2028';
    const text = await readFile(await writeJsonReport(results, dir()), 'utf8');
    expect(JSON.parse(text)).toStrictEqual(results);
  });

  it('is indented by two spaces and ends with a newline', async () => {
    const text = await readFile(await writeJsonReport(makeResults(), dir()), 'utf8');
    expect(text.split('\n')[1]).toBe(`  "schemaVersion": ${RESULTS_SCHEMA_VERSION},`);
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('replaces a previous results.json', async () => {
    const first = makeResults();
    await writeJsonReport(first, dir());
    const second = { ...first, run: { ...first.run, id: 'run-2' } };
    const text = await readFile(await writeJsonReport(second, dir()), 'utf8');
    expect(JSON.parse(text).run.id).toBe('run-2');
    expect(await readdir(dir())).toEqual(['results.json']);
  });
});
