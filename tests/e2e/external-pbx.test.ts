import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../../src/contracts/scenario.ts';
import type { AgentCredentials } from '../../src/contracts/pbx.ts';
import { AGENT_CONTEXT } from '../../src/logic/asterisk/dialplan.ts';
import { freePort } from '../../src/stack/tcp-ports.ts';
import { makeRunCertificate } from '../../src/host/run-certificate.ts';
import { RUN_LABEL } from '../../src/stack/run-reaper.ts';
import { callcheck } from '../support/cli.ts';
import { startStandInPbx, type StandInPbx } from '../support/stand-in-pbx.ts';
import { runScenario } from './support.ts';

const HEADERS = { 'X-CRM-Id': 'crm_id', 'X-Campaign': { column: 'campaign', length: 32 } };

/** The stand-in for "your own PBX": callcheck's Asterisk and database, started by the test, not by the runs. */
let pbx: StandInPbx;

beforeAll(async () => {
  pbx = await startStandInPbx({ name: 'own-pbx', headers: HEADERS, agents: 3, callsPerAgent: 1, ringTimeMs: 100, talkTimeMs: 1000 });
});

afterAll(async () => {
  await pbx?.stop();
});

/** A scenario against the stand-in, as a user of their own PBX writes it. */
function ownPbxScenario(name: string, extra: Partial<ScenarioInput> = {}, pbxExtra: Record<string, unknown> = {}): ScenarioInput {
  return {
    name,
    headers: HEADERS,
    agents: 3,
    agentsPerPage: 3,
    callsPerAgent: 2,
    talkTimeMs: 1000,
    pbx: { wsUrl: pbx.stack.wsUrl, cdrUrl: pbx.cdrUrl, agents: pbx.agents.map((a) => ({ ...a })), ...pbxExtra },
    ...extra,
  };
}

/**
 * The containers a run could have started: every one except those of other callcheck runs (a stack another
 * test or engineer starts meanwhile on this machine), so the check cannot be fooled nor flake.
 */
function containersOf(runIds: readonly string[]): string[] {
  const listed = spawnSync('docker', ['ps', '-a', '--format', `{{.ID}} {{.Label "${RUN_LABEL}"}}`], { encoding: 'utf8' });
  expect(listed.status).toBe(0);
  return listed.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split(' '))
    .filter(([, run]) => run === undefined || run === '' || runIds.includes(run))
    .map(([id]) => id as string)
    .sort();
}

async function cdrRowCount(): Promise<number> {
  return pbx.stack.cdr.withConnection(async (c) => {
    const [rows] = await c.query('SELECT COUNT(*) AS n FROM cdr');
    return Number((rows as { n: number }[])[0]?.n);
  });
}

/** Every file of a run directory, as text. */
async function runFiles(runDir: string): Promise<string> {
  const names = await readdir(runDir);
  return (await Promise.all(names.map((n) => readFile(join(runDir, n), 'utf8')))).join('\n');
}

/** `callcheck run <file>`, its reports in the stand-in's folder. */
const cliRun = (file: string) => callcheck(['run', file, '--reports-dir', join(pbx.dir, 'reports')], { timeoutMs: 180_000 });

async function scenarioFile(name: string, scenario: ScenarioInput): Promise<string> {
  const file = join(pbx.dir, `${name}.ts`);
  await writeFile(file, `export default ${JSON.stringify(scenario, null, 2)};\n`);
  return file;
}

describe('callcheck against your own PBX', () => {
  it('registers with the given accounts, finds every CDR row of its calls among the others, and starts no container', async () => {
    const lines: string[] = [];
    const runIdOf = () => /^run (\S+):/.exec(lines[0] ?? '')?.[1] ?? '(unknown)';
    const before = containersOf([pbx.runId]);
    let during: string[] = [];
    const outcome = await runScenario(ownPbxScenario('e2e-own-pbx', {}, { context: AGENT_CONTEXT }), {
      log: (line) => lines.push(line),
      beforeVerify: async () => {
        during = containersOf([pbx.runId, runIdOf()]);
        // The PBX's other traffic, which this run must not read: another caller's call during the run, and
        // a call of one of its agents from an hour ago (written as the PBX writes: the run's account reads only).
        await pbx.stack.cdr.withConnection(async (c) => {
          await c.query("INSERT INTO cdr (calldate, src, dst, dcontext, disposition, billsec, crm_id) VALUES (NOW(), '0612345678', '200999999', 'from-trunk', 'ANSWERED', 30, 'CRM-OTHER-1')");
          await c.query("INSERT INTO cdr (calldate, src, dst, dcontext, disposition, crm_id) VALUES (NOW() - INTERVAL 1 HOUR, 'agent001', '200999998', 'callcheck-agents', 'ANSWERED', 'CRM-YESTERDAY-1')");
        });
      },
    });
    const after = containersOf([pbx.runId, outcome.results.run.id]);
    const { results } = outcome;

    expect(results.summary).toMatchObject({ placed: 6, answered: 6, failed: 0, conforms: true });
    expect(results.summary.cdr).toMatchObject({ matched: 6, missing: 0, duplicate: 0, mismatched: 0, unknown: 0 });
    expect(outcome.exitCode).toBe(0);
    expect(new Set(results.calls.map((c) => c.agent))).toEqual(new Set(['agent001', 'agent002', 'agent003']));
    expect(during).toEqual(before);
    expect(after).toEqual(before);

    // What the results say of the PBX: its software from the SIP answer, the database's version, no secret.
    expect(results.stack.asteriskVersion).toMatch(/^Asterisk PBX 22\./);
    expect(results.stack.cdrServerVersion).toBe(pbx.stack.cdrServerVersion);
    expect(results.stack.cdrEngine).toBe(pbx.stack.cdrEngine);
    expect(results.stack.external).toEqual({ wsUrl: pbx.stack.wsUrl, sipDomain: '127.0.0.1', cdrUrl: pbx.cdrUrl.replace(/:[^:@]+@/, ':***@'), warnings: [] });
    expect(results.verification.context).toBe(AGENT_CONTEXT);
    const written = `${await runFiles(outcome.runDir)}\n${lines.join('\n')}`;
    for (const secret of pbx.secrets) expect(written).not.toContain(secret);
  });

  it('reads over TLS with pbx.cdrCaFile, and then reads a row of its own agent with a key no call sent as unknown, not the rows of the run before', async () => {
    const lines: string[] = [];
    const outcome = await runScenario(ownPbxScenario('e2e-own-pbx-stray', {}, { cdrUrl: pbx.writerUrl, cdrCaFile: pbx.cdrCaFile }), {
      log: (line) => lines.push(line),
      beforeVerify: async () => {
        await pbx.stack.cdr.withConnection((c) =>
          c.query("INSERT INTO cdr (calldate, src, dst, dcontext, disposition, billsec, crm_id) VALUES (NOW(), 'agent002', '200000042', 'callcheck-agents', 'ANSWERED', 1, 'CRM-LOST-7')"),
        );
      },
    });
    const { results } = outcome;
    expect(outcome.exitCode).toBe(1);
    expect(results.summary.cdr).toMatchObject({ matched: 6, unknown: 1 });
    expect(results.unknownRows.map((u) => u.key)).toEqual(['CRM-LOST-7']);
    // Without pbx.context, dcontext is not checked, and the results say so by leaving it out.
    expect(results.verification.context).toBeUndefined();
    // The writer's account requires TLS (REQUIRE SSL): that the run read its rows at all proves the link was TLS.
    expect(lines.join('\n')).toContain('has every column the run reads');
  });

  it('names pbx.cdrCaFile when an account that requires TLS is tried without it, and when the CA given did not sign the certificate: exit 3, no call', async () => {
    const plain = cliRun(await scenarioFile('tls-required', ownPbxScenario('own-pbx-tls-required', {}, { cdrUrl: pbx.writerUrl })));
    expect(plain.code).toBe(3);
    expect(plain.stderr).toContain('refused the login of user "callcheck"');
    expect(plain.stderr).toContain('an account created with REQUIRE SSL is refused this way without TLS: give pbx.cdrCaFile the CA');

    const otherCa = join(pbx.dir, 'other-ca.pem');
    await writeFile(otherCa, (await makeRunCertificate({ authority: 'another CA', ipAddresses: ['127.0.0.1'], dnsNames: [] })).caPem);
    const wrongCa = cliRun(await scenarioFile('wrong-ca', ownPbxScenario('own-pbx-wrong-ca', {}, { cdrCaFile: otherCa })));
    expect(wrongCa.code).toBe(3);
    expect(wrongCa.stderr).toMatch(/its TLS certificate was not accepted \(\w+/);
    expect(wrongCa.stderr).toContain('pbx.cdrCaFile must be the CA that signed the server\'s certificate');

    const missing = cliRun(await scenarioFile('missing-ca', ownPbxScenario('own-pbx-missing-ca', {}, { cdrCaFile: join(pbx.dir, 'no-such-ca.pem') })));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`pbx.cdrCaFile ${join(pbx.dir, 'no-such-ca.pem')} cannot be read: ENOENT`);
    for (const run of [plain, wrongCa, missing]) expect(run.stderr).not.toContain('placing calls');
  });

  it('refuses a table that lacks a mapped column before any call: exit 3, the column, the SQL that adds it', async () => {
    const rows = await cdrRowCount();
    const file = await scenarioFile('missing-column', ownPbxScenario('own-pbx-missing-column', { headers: { ...HEADERS, 'X-Team': 'team' } }));
    const { code, stderr } = cliRun(file);
    expect(code).toBe(3);
    expect(stderr).toContain(
      "callcheck: CDR table asteriskcdrdb.cdr has no column team (mapped from X-Team); add it: ALTER TABLE `cdr` ADD COLUMN `team` VARCHAR(64) NULL, then reload cdr_adaptive_odbc (asterisk -rx 'module reload cdr_adaptive_odbc.so')",
    );
    expect(stderr).toContain('(its non-standard columns: crm_id, campaign)');
    expect(stderr).not.toContain('placing calls');
    expect(stderr).not.toMatch(/browser-1:/);
    expect(await cdrRowCount()).toBe(rows);
  });

  it('refuses a WebSocket port where nothing listens: exit 3, before the database is even tried', async () => {
    const port = await freePort();
    const wsUrl = `ws://127.0.0.1:${port}/ws`;
    const scenario = ownPbxScenario('own-pbx-wrong-port');
    const file = await scenarioFile('wrong-port', { ...scenario, pbx: { ...(scenario.pbx as object), wsUrl } as ScenarioInput['pbx'] });
    const { code, stderr } = cliRun(file);
    expect(code).toBe(3);
    expect(stderr).toContain(`callcheck: the PBX's WebSocket ${wsUrl} refused the connection: nothing listens on 127.0.0.1:${port}`);
    expect(stderr).not.toContain('CDR table');
  });

  it('names the agent and the PBX when a registration is refused, never a password', async () => {
    const wrong = `wrong-${randomBytes(9).toString('base64url')}`;
    const scenario = ownPbxScenario('own-pbx-wrong-password');
    const pbxInput = scenario.pbx as { agents: AgentCredentials[] };
    const file = await scenarioFile('wrong-password', { ...scenario, pbx: { ...pbxInput, agents: pbxInput.agents.map((a) => (a.username === 'agent002' ? { ...a, password: wrong } : a)) } as ScenarioInput['pbx'] });
    const { code, stderr, stdout } = cliRun(file);
    expect(code).toBe(3);
    expect(stderr).toMatch(new RegExp(`did not all register with Asterisk at ${pbx.stack.wsUrl.replace(/[.]/g, '\\.')} .*agent002 REGISTER rejected: 401 Unauthorized`));
    for (const secret of [wrong, ...pbx.secrets]) expect(`${stdout}${stderr}`).not.toContain(secret);
  });

  it('refuses more agents than credentials with exit 2, before connecting to anything', async () => {
    const file = await scenarioFile('too-few', ownPbxScenario('own-pbx-too-few', { agents: 4 }));
    const { code, stderr } = cliRun(file);
    expect(code).toBe(2);
    expect(stderr).toContain('pbx.agents: the load needs 4 agents, but credentials for 3 are given');
    expect(stderr).not.toContain('external PBX: checking');
  });
});
