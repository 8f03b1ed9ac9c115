import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResults } from '../../src/contracts/results.ts';
import type { RunOutcome } from '../../src/run/run-options.ts';
import { freePort } from '../../src/stack/tcp-ports.ts';
import { callcheck } from '../support/cli.ts';
import { startStandInPbx, type StandInPbx } from '../support/stand-in-pbx.ts';
import { tempDirForTest, useTempDir } from '../support/temp-dir.ts';
import { runScenario } from './support.ts';

const HEADERS = { 'X-CRM-Id': 'crm_id', 'X-Campaign': { column: 'campaign', length: 32 } };

/** A CDR database that outlives the run: callcheck's Asterisk and database, started by the test. */
let pbx: StandInPbx;
let run: RunOutcome;
/** The run's reports folder, made before the run in beforeAll and removed after the last test. */
const reports = useTempDir('verify', 'all');

beforeAll(async () => {
  pbx = await startStandInPbx({ name: 'verify-pbx', headers: HEADERS, agents: 3, callsPerAgent: 1, ringTimeMs: 100, talkTimeMs: 1000 });
  run = await runScenario({
    name: 'e2e-verify',
    headers: HEADERS,
    agents: 3,
    agentsPerPage: 3,
    callsPerAgent: 2,
    talkTimeMs: 1000,
    pbx: { wsUrl: pbx.stack.wsUrl, cdrUrl: pbx.cdrUrl, agents: pbx.agents.map((a) => ({ ...a })) },
  }, { reportsDir: reports() });
});

afterAll(async () => {
  await pbx?.stop();
});

const resultsOf = async (dir: string) => JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')) as RunResults;
const verdicts = (results: RunResults) => Object.fromEntries(results.calls.map((c) => [c.id, c.cdr.kind]));
const query = (sql: string, values: unknown[] = []) => pbx.stack.cdr.withConnection((c) => c.query(sql, values));

describe('callcheck verify', () => {
  it('gives the same verdicts as the run against the unchanged database (exit 0), and says it verified again', async () => {
    expect(run.exitCode).toBe(0);
    expect(run.results.summary.cdr).toMatchObject({ matched: 6, unknown: 0 });
    const { code, stdout } = callcheck(['verify', run.runDir, '--cdr', pbx.cdrUrl]);
    expect(code).toBe(0);
    expect(stdout).toContain('CONFORMS: 6 placed, 6 answered, 0 failed');
    const again = await resultsOf(run.runDir);
    expect(verdicts(again)).toEqual(verdicts(run.results));
    expect(again.calls.map((c) => c.cdr)).toEqual(run.results.calls.map((c) => c.cdr));
    const { host, port, database } = pbx.stack.cdr.connection;
    expect(again.rebuilt).toMatchObject({ by: 'verify', cdrSource: `${host}:${port}/${database}.cdr` });
    expect(await readFile(join(run.runDir, 'index.html'), 'utf8')).toContain(`Verified again at ${again.rebuilt?.at}`);

    // The same over TLS, as the account that requires it (REQUIRE SSL), with the CA of the database's certificate.
    const overTls = callcheck(['verify', run.runDir, '--cdr', pbx.writerUrl, '--cdr-ca', pbx.cdrCaFile]);
    expect(overTls.code).toBe(0);
    expect(verdicts(await resultsOf(run.runDir))).toEqual(verdicts(run.results));
  });

  it('finds the rows changed after the run: one deleted, one crm_id altered, one duplicated (exit 1)', async () => {
    const [deleted, altered, doubled] = run.results.calls;
    const key = (call: typeof deleted) => call?.headers['X-CRM-Id'] as string;
    await query('DELETE FROM cdr WHERE crm_id = ?', [key(deleted)]);
    await query('UPDATE cdr SET crm_id = ? WHERE crm_id = ?', ['CRM-RETYPED-1', key(altered)]);
    await query('INSERT INTO cdr (calldate, src, dst, dcontext, disposition, duration, billsec, uniqueid, crm_id, campaign) SELECT calldate, src, dst, dcontext, disposition, duration, billsec, CONCAT(uniqueid, \'-copy\'), crm_id, campaign FROM cdr WHERE crm_id = ?', [key(doubled)]);

    const { code, stdout } = callcheck(['verify', run.runDir, '--cdr', pbx.cdrUrl]);
    expect(code).toBe(1);
    expect(stdout).toContain('CDR: 3 matched, 2 missing, 1 duplicate, 0 mismatched, 1 unknown');
    const again = await resultsOf(run.runDir);
    expect(verdicts(again)).toEqual({
      ...verdicts(run.results),
      [deleted?.id as string]: 'missing',
      [altered?.id as string]: 'missing',
      [doubled?.id as string]: 'duplicate',
    });
    expect(again.unknownRows.map((u) => u.key)).toEqual(['CRM-RETYPED-1']);
    expect(again.summary.conforms).toBe(false);
    // The fresh rows replaced the kept ones: verify without --cdr checks them again, with the same verdicts.
    const kept = callcheck(['verify', run.runDir]);
    expect(kept.code).toBe(1);
    const fromKept = await resultsOf(run.runDir);
    expect(verdicts(fromKept)).toEqual(verdicts(again));
    expect(fromKept.rebuilt?.cdrSource).toMatch(/^cdr-rows\.json \(rows of 127\.0\.0\.1:\d+\//);
    // And report rebuilds the same from what the directory kept.
    expect(callcheck(['report', run.runDir]).code).toBe(1);
    expect(verdicts(await resultsOf(run.runDir))).toEqual(verdicts(again));
  });

  it('writes no password into the run directory', async () => {
    const names = await readdir(run.runDir);
    expect(names).toEqual(expect.arrayContaining(['run.json', 'calls.jsonl', 'cdr-rows.json', 'results.json', 'index.html', 'junit.xml']));
    const written = (await Promise.all(names.map((n) => readFile(join(run.runDir, n), 'utf8')))).join('\n');
    for (const secret of [pbx.stack.cdr.connection.password, ...pbx.agents.map((a) => a.password)]) expect(written).not.toContain(secret);
  });

  it('refuses what it cannot verify with a one-line cause and what to do', async () => {
    const port = await freePort();
    const unreachable = callcheck(['verify', run.runDir, '--cdr', `mysql://cdr:secret@127.0.0.1:${port}/asteriskcdrdb`]);
    expect(unreachable.code).toBe(3);
    expect(unreachable.stderr).toContain(`127.0.0.1:${port}`);
    expect(unreachable.stderr).toContain('what to do:');
    expect(unreachable.stderr).not.toContain('secret');

    const remote = callcheck(['verify', run.runDir, '--cdr', 'mysql://cdr:secret@192.0.2.10/asteriskcdrdb']);
    expect(remote.code).toBe(2);
    expect(remote.stderr).toContain('--cdr names host 192.0.2.10, which is not this machine');

    const notARun = await tempDirForTest('not-a-run');
    const refused = callcheck(['verify', notARun, '--cdr', pbx.cdrUrl]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`run directory ${notARun}: has no readable run.json`);
    expect(callcheck(['report', join(notARun, 'missing')]).code).toBe(2);
  });
});
