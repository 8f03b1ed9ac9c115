import { spawnSync } from 'node:child_process';
import { access, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResults } from '../../src/contracts/results.ts';
import { callcheck, causeOf } from '../support/cli.ts';
import { startStandInPbx, type StandInPbx } from '../support/stand-in-pbx.ts';
import { useTempDir } from '../support/temp-dir.ts';
import { readJUnit } from './support.ts';

/** The file's folder: scenario files, header values, reports. */
const dir = useTempDir('cli', 'all');

async function scenarioFile(name: string, body: object): Promise<string> {
  const file = join(dir(), `${name}.ts`);
  await writeFile(file, `export default ${JSON.stringify(body, null, 2)};\n`);
  return file;
}

const valid = { name: 'cli', headers: { 'X-CRM-Id': 'crm_id' }, agents: 1, callsPerAgent: 2 };

describe('callcheck exit codes and messages for bad input', () => {
  it('rejects an invalid scenario with exit 2, naming every bad field, before starting anything', async () => {
    const file = await scenarioFile('invalid', { ...valid, agents: 0, headers: { 'X CRM': 'src' }, extra: true });
    const { code, stderr } = callcheck(['run', file, '--reports-dir', join(dir(), 'reports')]);
    expect(code).toBe(2);
    // The bad fields are listed one per line under the one cause line.
    expect(causeOf(stderr)).toMatch(/^callcheck: .*invalid/);
    expect(stderr).toContain('agents:');
    expect(stderr).toMatch(/headers\.X CRM: "X CRM" is not a valid SIP header name/);
    expect(stderr).toMatch(/column "src" is a standard CDR column/);
    expect(stderr).toMatch(/extra/);
    expect(stderr).not.toMatch(/^\s+at /m);
  });

  it('refuses a header value with CR/LF with exit 2, naming the call and the value', async () => {
    const file = await scenarioFile('valid', valid);
    const values = join(dir(), 'values.jsonl');
    await writeFile(values, `${JSON.stringify({ 'X-CRM-Id': 'C-1' })}\n${JSON.stringify({ 'X-CRM-Id': 'C-2\r\nX-Evil: 1' })}\n`);
    const { code, stderr } = callcheck(['run', file, '--header-values', values, '--reports-dir', join(dir(), 'reports')]);
    expect(code).toBe(2);
    expect(causeOf(stderr)).toContain('values.jsonl line 2');
    expect(stderr).toContain('contains CR');
  });

  it('refuses, before starting anything, a header-injecting value hidden in a header sent twice, naming the line and the escaped value', async () => {
    const file = await scenarioFile('with-note', { ...valid, headers: { 'X-CRM-Id': 'crm_id', 'X-Note': 'note' } });
    const values = join(dir(), 'twice.jsonl');
    const reports = join(dir(), 'reports-twice');
    await writeFile(values, `${JSON.stringify({ 'X-CRM-Id': 'C-1', 'x-note': ['ok', 'x\nX-Evil: 1'] })}\n${JSON.stringify({ 'X-CRM-Id': 'C-2' })}\n`);
    const { code, stderr } = callcheck(['run', file, '--header-values', values, '--reports-dir', reports]);
    expect(code).toBe(2);
    expect(stderr).toContain('twice.jsonl line 1: value 2 of x-note "x\\nX-Evil: 1" contains LF at position 1;');
    // Refused while planning, before the run's directory, the containers or a browser: no run directory exists.
    await expect(access(reports)).rejects.toThrow(/ENOENT/);
  });

  it('reports a stack that does not come up with exit 3, saying what was awaited and for how long', async () => {
    // An image that exists but is no database: the container cannot become a CDR database.
    const file = await scenarioFile('no-db', { ...valid, cdr: { image: 'callcheck/debian-sid:base' }, timeouts: { stackStartMs: 5000 } });
    const { code, stderr } = callcheck(['run', file, '--reports-dir', join(dir(), 'reports')]);
    expect(code).toBe(3);
    expect(causeOf(stderr)).toMatch(/^callcheck: CDR database/);
    expect(stderr).toMatch(/what to do:/);
    // Nothing of the failed run is left behind, not even the container that was created but never started.
    const runId = /run (\S+):/.exec(stderr)?.[1];
    expect(runId).toBeDefined();
    const leftovers = spawnSync('docker', ['ps', '-aq', '--filter', `label=org.callcheck.run=${runId}`], { encoding: 'utf8' });
    expect(leftovers.status).toBe(0);
    expect(leftovers.stdout.trim()).toBe('');
  });

  it('answers an unknown command and a missing scenario with exit 2', () => {
    const unknown = callcheck(['fly']);
    expect(unknown.code).toBe(2);
    expect(causeOf(unknown.stderr)).toBe('callcheck: unknown command "fly"');
    const missing = callcheck(['run', join(dir(), 'nope.ts')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('does not exist');
  });

  it('refuses a bad --shard and a merge of fewer than two runs with exit 2, before starting anything', async () => {
    const file = await scenarioFile('sharded', valid);
    const shard = callcheck(['run', file, '--shard', '3/2', '--reports-dir', join(dir(), 'reports')]);
    expect(shard.code).toBe(2);
    expect(shard.stderr).toContain('--shard 3/2: expected i/n with 1 ≤ i ≤ n');
    const merge = callcheck(['merge', join(dir(), 'nowhere'), '--out', join(dir(), 'merged')]);
    expect(merge.code).toBe(2);
    expect(merge.stderr).toMatch(/nowhere is not a finished run directory/);
  });

  it('refuses --cdr-image for a scenario with its own PBX, and --cdr-ca without verify --cdr, with exit 2; an image not in the engine with exit 3 and what to do', async () => {
    const own = await scenarioFile('own-pbx-image', { ...valid, pbx: { wsUrl: 'ws://127.0.0.1:1/ws', cdrUrl: 'mysql://u:p@127.0.0.1:1/cdr', agents: [{ username: 'a1', password: 'p' }] } });
    const image = callcheck(['run', own, '--cdr-image', 'callcheck/cdr-mariadb:local', '--reports-dir', join(dir(), 'reports')]);
    expect(image.code).toBe(2);
    expect(causeOf(image.stderr)).toBe('callcheck: --cdr-image picks the database of the stack callcheck starts; this scenario names its own PBX (pbx), whose database is pbx.cdrUrl');
    const ca = callcheck(['verify', join(dir(), 'some-run'), '--cdr-ca', join(dir(), 'ca.pem')]);
    expect(ca.code).toBe(2);
    expect(causeOf(ca.stderr)).toBe("callcheck: --cdr-ca goes with verify --cdr URL: it is the CA of that database's certificate");
    const file = await scenarioFile('absent-image', valid);
    const absent = callcheck(['run', file, '--cdr-image', 'callcheck/no-such-image:local', '--reports-dir', join(dir(), 'reports')]);
    expect(absent.code).toBe(3);
    expect(causeOf(absent.stderr)).toBe('callcheck: CDR database image callcheck/no-such-image:local is not in the local container engine, and callcheck does not pull during a run');
    expect(absent.stderr).toContain('load it first (docker pull callcheck/no-such-image:local');
  });

  it('refuses a threshold on a metric callcheck does not have with exit 2, naming it', async () => {
    const file = await scenarioFile('bad-threshold', { ...valid, options: { thresholds: { dial_latncy: ['p(95)<300'] } } });
    const { code, stderr } = callcheck(['run', file, '--reports-dir', join(dir(), 'reports')]);
    expect(code).toBe(2);
    expect(stderr).toContain('dial_latncy');
  });

  it('refuses a --max-failures that is not a whole number of at least 1 with exit 2, before starting anything', async () => {
    const file = await scenarioFile('max-failures', valid);
    for (const bad of ['0', '-2', '1.5', 'some']) {
      const { code, stderr } = callcheck(['run', file, `--max-failures=${bad}`, '--reports-dir', join(dir(), 'reports')]);
      expect(code).toBe(2);
      expect(causeOf(stderr)).toBe(`callcheck: --max-failures ${bad}: expected a whole number of failed calls, at least 1, e.g. --max-failures 5`);
      expect(stderr).not.toContain('starting CDR database');
    }
  });
});

/**
 * Runs that end with exit 1 and 99 place real calls. They run against callcheck's Asterisk and database
 * started once by the test, as your own PBX (`pbx`), so each run starts no stack of its own.
 */
describe('callcheck exit codes and messages of real runs', () => {
  let pbx: StandInPbx;

  beforeAll(async () => {
    pbx = await startStandInPbx({ name: 'cli-pbx', headers: valid.headers, agents: 1, callsPerAgent: 1, ringTimeMs: 100, talkTimeMs: 600 });
  });

  afterAll(async () => {
    await pbx?.stop();
  });

  const onPbx = (name: string, extra: object = {}, pbxExtra: object = {}) => ({
    name,
    headers: valid.headers,
    agents: 1,
    talkTimeMs: 600,
    pbx: { wsUrl: pbx.stack.wsUrl, cdrUrl: pbx.cdrUrl, agents: pbx.agents.map((a) => ({ ...a })), ...pbxExtra },
    ...extra,
  });

  it('--max-failures 2 stops placing calls once 2 have failed, verifies and reports them all, and exits 1 with one cause line', async () => {
    // The answer number misconfigured to the busy one: every call the agent expects answered is refused busy.
    const file = await scenarioFile('max-failures-run', onPbx('max-failures-run', { callsPerAgent: 10 }, { numbers: { answer: '486{n}' } }));
    const reports = join(dir(), 'reports-max-failures');
    const { code, stdout, stderr } = callcheck(['run', file, '--max-failures', '2', '--reports-dir', reports]);
    expect(code, stderr).toBe(1);
    expect(causeOf(stderr)).toBe(
      'callcheck: the run does not conform: 2 of 2 calls failed; stopped early: 2 calls had failed (--max-failures 2); 2 calls placed in all, those in flight let end, every one verified',
    );
    expect(stdout).toContain('stopped early: 2 calls had failed (--max-failures 2)');

    const runDir = join(reports, (await readdir(reports))[0] as string);
    const results = JSON.parse(await readFile(join(runDir, 'results.json'), 'utf8')) as RunResults;
    expect(results.summary).toMatchObject({ placed: 2, answered: 0, failed: 2, conforms: false, stoppedEarly: { reason: 'max-failures', afterCalls: 2, maxFailures: 2 } });
    // Each call failed in the agent (busy, not the answer it planned); its row says what happened, BUSY, and matches it.
    expect(results.calls.map((c) => [c.plannedOutcome, c.outcome, c.sipStatus, c.cdr.kind])).toEqual([
      ['answer', 'busy', 486, 'matched'],
      ['answer', 'busy', 486, 'matched'],
    ]);
    const junit = await readJUnit(runDir);
    expect(junit.testcases).toHaveLength(2);
    expect(junit.failures).toHaveLength(2);
    const html = await readFile(join(runDir, 'index.html'), 'utf8');
    expect(html).toContain('id="stopped-early"');
    expect(html).toContain('DOES NOT CONFORM');
    expect((await readFile(join(runDir, 'calls.jsonl'), 'utf8')).trim().split('\n')).toHaveLength(2);
  });

  it('exits 99 with one cause line naming the failed threshold when every call conformed', async () => {
    // The stand-in's customer rings for 100 ms before answering: INVITE → 200 OK cannot be under 50 ms.
    const file = await scenarioFile('threshold-run', onPbx('threshold-run', { callsPerAgent: 2, options: { thresholds: { 'dial_latency{phase:invite_to_200}': ['p(95)<50'] } } }));
    const { code, stderr } = callcheck(['run', file, '--reports-dir', join(dir(), 'reports-threshold')]);
    expect(code, stderr).toBe(99);
    expect(causeOf(stderr)).toBe('callcheck: every call conformed, but 1 of 1 threshold failed: dial_latency{phase:invite_to_200}');
  });
});
