import { spawnSync } from 'node:child_process';
import { access, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/callcheck.js', import.meta.url));
let dir: string;

function callcheck(...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, CI: 'true' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function scenarioFile(name: string, body: object): Promise<string> {
  const file = join(dir, `${name}.ts`);
  await writeFile(file, `export default ${JSON.stringify(body, null, 2)};\n`);
  return file;
}

const valid = { name: 'cli', headers: { 'X-CRM-Id': 'crm_id' }, agents: 1, callsPerAgent: 2 };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'callcheck-cli-'));
});

describe('callcheck exit codes and messages for bad input', () => {
  it('rejects an invalid scenario with exit 2, naming every bad field, before starting anything', async () => {
    const file = await scenarioFile('invalid', { ...valid, agents: 0, headers: { 'X CRM': 'src' }, extra: true });
    const { code, stderr } = callcheck('run', file, '--reports-dir', join(dir, 'reports'));
    expect(code).toBe(2);
    expect(stderr).toContain('agents:');
    expect(stderr).toMatch(/headers\.X CRM: "X CRM" is not a valid SIP header name/);
    expect(stderr).toMatch(/column "src" is a standard CDR column/);
    expect(stderr).toMatch(/extra/);
    expect(stderr).not.toMatch(/^\s+at /m);
  });

  it('refuses a header value with CR/LF with exit 2, naming the call and the value', async () => {
    const file = await scenarioFile('valid', valid);
    const values = join(dir, 'values.jsonl');
    await writeFile(values, `${JSON.stringify({ 'X-CRM-Id': 'C-1' })}\n${JSON.stringify({ 'X-CRM-Id': 'C-2\r\nX-Evil: 1' })}\n`);
    const { code, stderr } = callcheck('run', file, '--header-values', values, '--reports-dir', join(dir, 'reports'));
    expect(code).toBe(2);
    expect(stderr).toContain('values.jsonl line 2');
    expect(stderr).toContain('contains CR');
  });

  it('refuses, before starting anything, a header-injecting value hidden in a header sent twice, naming the line and the escaped value', async () => {
    const file = await scenarioFile('with-note', { ...valid, headers: { 'X-CRM-Id': 'crm_id', 'X-Note': 'note' } });
    const values = join(dir, 'twice.jsonl');
    const reports = join(dir, 'reports-twice');
    await writeFile(values, `${JSON.stringify({ 'X-CRM-Id': 'C-1', 'x-note': ['ok', 'x\nX-Evil: 1'] })}\n${JSON.stringify({ 'X-CRM-Id': 'C-2' })}\n`);
    const { code, stderr } = callcheck('run', file, '--header-values', values, '--reports-dir', reports);
    expect(code).toBe(2);
    expect(stderr).toContain('twice.jsonl line 1: value 2 of x-note "x\\nX-Evil: 1" contains LF at position 1;');
    // Refused while planning, before the run's directory, the containers or a browser: no run directory exists.
    await expect(access(reports)).rejects.toThrow(/ENOENT/);
  });

  it('reports a stack that does not come up with exit 3, saying what was awaited and for how long', async () => {
    // An image that exists but is no database: the container cannot become a CDR database.
    const file = await scenarioFile('no-db', { ...valid, cdr: { image: 'callcheck/debian-sid:base' }, timeouts: { stackStartMs: 5000 } });
    const { code, stderr } = callcheck('run', file, '--reports-dir', join(dir, 'reports'));
    expect(code).toBe(3);
    expect(stderr).toMatch(/CDR database/);
    expect(stderr).toMatch(/what to do:/);
    // Nothing of the failed run is left behind, not even the container that was created but never started.
    const runId = /run (\S+):/.exec(stderr)?.[1];
    expect(runId).toBeDefined();
    const leftovers = spawnSync('docker', ['ps', '-aq', '--filter', `label=org.callcheck.run=${runId}`], { encoding: 'utf8' });
    expect(leftovers.status).toBe(0);
    expect(leftovers.stdout.trim()).toBe('');
  });

  it('answers an unknown command and a missing scenario with exit 2', () => {
    expect(callcheck('fly').code).toBe(2);
    const missing = callcheck('run', join(dir, 'nope.ts'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('does not exist');
  });

  it('refuses a bad --shard and a merge of fewer than two runs with exit 2, before starting anything', async () => {
    const file = await scenarioFile('sharded', valid);
    const shard = callcheck('run', file, '--shard', '3/2', '--reports-dir', join(dir, 'reports'));
    expect(shard.code).toBe(2);
    expect(shard.stderr).toContain('--shard 3/2: expected i/n with 1 ≤ i ≤ n');
    const merge = callcheck('merge', join(dir, 'nowhere'), '--out', join(dir, 'merged'));
    expect(merge.code).toBe(2);
    expect(merge.stderr).toMatch(/nowhere is not a finished run directory/);
  });

  it('refuses a threshold on a metric callcheck does not have with exit 2, naming it', async () => {
    const file = await scenarioFile('bad-threshold', { ...valid, options: { thresholds: { dial_latncy: ['p(95)<300'] } } });
    const { code, stderr } = callcheck('run', file, '--reports-dir', join(dir, 'reports'));
    expect(code).toBe(2);
    expect(stderr).toContain('dial_latncy');
  });
});
