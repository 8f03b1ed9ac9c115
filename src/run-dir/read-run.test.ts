import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rejectionOf } from '../../tests/support/callcheck-error.ts';
import { fakeCall } from '../../tests/support/fake-calls.ts';
import { makeResults } from '../../tests/support/report-fixtures.ts';
import { useTempDir } from '../../tests/support/temp-dir.ts';
import { RUN_MANIFEST_SCHEMA_VERSION, type RunManifest } from '../contracts/run-manifest.ts';
import { readRunDirectory, readRunResults } from './read-run.ts';
import { RUN_FILES } from './run-directory.ts';

const KEY = { header: 'X-CRM-Id', column: 'crm_id', length: 64 };
const MANIFEST: RunManifest = {
  schemaVersion: RUN_MANIFEST_SCHEMA_VERSION,
  run: { id: 'r1', scenario: 'smoke', scenarioFile: 'scenarios/smoke.ts', startedAt: '2026-11-26T07:54:01.000Z', callcheckVersion: '0.1.0', nodeVersion: 'v24.0.0', host: 'elsewhere' },
  pid: 1,
  settings: { mappings: [KEY], key: KEY, policy: { recordUnanswered: true, recordCongestion: true } },
  cdrTable: 'cdr',
  browsers: [],
  agents: ['agent001'],
  load: { default: { executor: 'per-vu-iterations', vus: 1, iterations: 3, maxDurationMs: 600_000, startTimeMs: 0, gracefulStopMs: 30_000 } },
  ended: { at: '2026-11-26T07:55:01.000Z', how: 'finished' },
};

describe('readRunDirectory', () => {
  const temp = useTempDir('read-run');
  const line = (n: number) => JSON.stringify(fakeCall(n));

  let made = 0;
  async function runDir(files: Partial<Record<keyof typeof RUN_FILES, string>>, manifest: unknown = MANIFEST): Promise<string> {
    const dir = join(temp(), `run-${++made}`);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, RUN_FILES.manifest), JSON.stringify(manifest));
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, RUN_FILES[name as keyof typeof RUN_FILES]), text);
    return dir;
  }

  it('reads the manifest, every call and event, and the rows', async () => {
    const rows = { source: '127.0.0.1:3306/asteriskcdrdb.cdr', readAt: '2026-11-26T07:55:00.000Z', rows: [] };
    const event = { at: 5, kind: 'cdr-db-down', detail: 'ECONNREFUSED', lastUpAt: 4 };
    const kept = await readRunDirectory(await runDir({ calls: `${line(2)}\n${line(1)}\n`, events: `${JSON.stringify(event)}\n`, cdrRows: JSON.stringify(rows) }));
    expect(kept.manifest).toEqual(MANIFEST);
    expect(kept.calls.map((c) => c.id)).toEqual(['call-00002', 'call-00001']);
    expect(kept.calls[0]).toEqual(fakeCall(2));
    expect(kept.events).toEqual([event]);
    expect(kept.rows).toEqual(rows);
    expect(kept.notes).toEqual([]);
  });

  it('leaves out a last line cut short by a kill, saying so; reads a run that ended no call as none', async () => {
    const kept = await readRunDirectory(await runDir({ calls: `${line(1)}\n${line(2)}\n${line(3).slice(0, 40)}` }));
    expect(kept.calls.map((c) => c.id)).toEqual(['call-00001', 'call-00002']);
    expect(kept.notes).toEqual(['the last line of calls.jsonl was cut short (the run was killed while writing it): that call is left out']);
    const none = await readRunDirectory(await runDir({}));
    expect([none.calls, none.events, none.rows]).toEqual([[], [], undefined]);
  });

  it('refuses a damaged line before the last, and a line that is not a call record, naming the file, the line and the field', async () => {
    const damaged = await rejectionOf(readRunDirectory(await runDir({ calls: `${line(1)}\n{"id":\n${line(3)}\n` })));
    expect(damaged.message).toMatch(/run directory .*: calls\.jsonl line 2 is not valid JSON/);
    expect(damaged.exitCode).toBe(2);
    const edited = JSON.stringify({ ...fakeCall(2), outcome: 'answred', timeline: { dialRequested: 'soon' } });
    const foreign = await rejectionOf(readRunDirectory(await runDir({ calls: `${line(1)}\n${edited}\n` })));
    expect(foreign.message).toMatch(/calls\.jsonl line 2 is not what callcheck writes:\n {2}outcome: .*"answered".*\n {2}timeline\.dialRequested: .*expected number/);
    expect(foreign.hint).toMatch(/changed after the run/);
  });

  it('refuses a directory without run.json, a damaged, hand-edited or foreign run.json, and another version, each with what to do', async () => {
    const dir = join(temp(), 'empty');
    await mkdir(dir);
    expect((await rejectionOf(readRunDirectory(dir))).message).toMatch(/run directory .*empty: has no readable run\.json/);
    expect((await rejectionOf(readRunDirectory(join(temp(), 'nowhere')))).message).toMatch(/nowhere does not exist/);
    const cut = await rejectionOf(readRunDirectory(await runDir({}, undefined).then(async (d) => (await writeFile(join(d, RUN_FILES.manifest), '{"schemaVersion": 1, "run": {'), d))));
    expect(cut.message).toMatch(/run\.json is not valid JSON/);
    expect(cut.hint).toMatch(/damaged or was cut short/);
    const edited = await rejectionOf(readRunDirectory(await runDir({}, { ...MANIFEST, settings: { ...MANIFEST.settings, key: { header: 'X-CRM-Id' } } })));
    expect(edited.message).toMatch(/run\.json is not what callcheck writes:\n {2}settings\.key\.column: .*expected string/);
    const older = await rejectionOf(readRunDirectory(await runDir({}, { ...MANIFEST, schemaVersion: 0 })));
    expect(older.message).toMatch(/run\.json has schema version 0; this callcheck reads version 1/);
    const foreign = await rejectionOf(readRunDirectory(await runDir({}, { name: 'some-package', version: '1.0.0' })));
    expect(foreign.message).toMatch(/run\.json has schema version undefined/);
  });

  it('keeps a damaged cdr-rows.json as a reason, for the caller to decide', async () => {
    const kept = await readRunDirectory(await runDir({ cdrRows: '{"source": "x", "rows": [{"calldate": 5}]}' }));
    expect(kept.rows).toBeUndefined();
    expect(kept.rowsError?.message).toMatch(/cdr-rows\.json is not what callcheck writes:\n {2}readAt: /);
  });
});

describe('readRunResults', () => {
  const temp = useTempDir('read-results');

  it('reads results.json as callcheck writes it, and refuses one that is not, naming the field', async () => {
    const dir = join(temp(), 'run');
    await mkdir(dir);
    const results = makeResults();
    await writeFile(join(dir, RUN_FILES.results), JSON.stringify(results));
    expect(await readRunResults(dir, 'baseline run')).toEqual(JSON.parse(JSON.stringify(results)));
    await writeFile(join(dir, RUN_FILES.results), JSON.stringify({ ...results, calls: [{ ...results.calls[0], cdr: { kind: 'matched' } }] }));
    const edited = await rejectionOf(readRunResults(dir, 'baseline run'));
    expect(edited.message).toMatch(/^baseline run .*run: results\.json is not what callcheck writes:\n {2}calls\.0\.cdr\.row: /);
  });
});
