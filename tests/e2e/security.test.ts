import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentCredentials } from '../../src/contracts/pbx.ts';
import { RUN_LABEL } from '../../src/stack/run-reaper.ts';
import { SipTestClient, type SipResponse } from '../support/sip-test-client.ts';
import { startStandInPbx, type StandInPbx } from '../support/stand-in-pbx.ts';
import { runScenario } from './support.ts';

/** callcheck's own Asterisk and database, as a run starts them, probed with raw SIP instead of agents. */
let pbx: StandInPbx;

/** Runs `docker` and returns its output; fails the test on a non-zero exit. */
function docker(...args: string[]): string {
  const result = spawnSync('docker', args, { encoding: 'utf8' });
  expect(result.status, `docker ${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result.stdout;
}

/** The id of the run's container with the given role (`asterisk`, `cdr-database`). */
function containerOf(run: string, role: string): string {
  const id = docker('ps', '-q', '--filter', `label=${RUN_LABEL}=${run}`, '--filter', `label=org.callcheck.role=${role}`).trim();
  expect(id, `the ${role} container of run ${run}`).toMatch(/^[0-9a-f]+$/);
  return id;
}

const cli = (command: string) => docker('exec', containerOf(pbx.runId, 'asterisk'), 'asterisk', '-rx', command);

const REFUSED = [401, 403];
/** No contact registered and no channel up in Asterisk. */
const NOTHING_LEFT = { channels: 0, contacts: [] };

/** A refusal of a request that carried no credentials: a digest challenge, and nothing else. */
function expectChallenge(response: SipResponse): void {
  expect(response.status).toBe(401);
  expect(response.headers.get('www-authenticate')?.[0]).toMatch(/^Digest /);
}

async function cdrRowCount(): Promise<number> {
  return pbx.stack.cdr.withConnection(async (c) => {
    const [rows] = await c.query('SELECT COUNT(*) AS n FROM cdr');
    return Number((rows as { n: number }[])[0]?.n);
  });
}

beforeAll(async () => {
  pbx = await startStandInPbx({ name: 'security', headers: { 'X-CRM-Id': 'crm_id' }, agents: 2, callsPerAgent: 1 });
});

afterAll(async () => {
  await pbx?.stop();
});

describe('who may use callcheck\'s Asterisk', () => {
  it('has no anonymous endpoint: callers are identified by username only, and every endpoint requires digest auth', () => {
    const identifiers = cli('module show like res_pjsip_endpoint_identifier');
    expect(identifiers).toContain('res_pjsip_endpoint_identifier_user.so');
    expect(identifiers).not.toContain('res_pjsip_endpoint_identifier_anonymous');
    expect(identifiers).not.toContain('res_pjsip_endpoint_identifier_ip');
    const endpoints = cli('pjsip show endpoints');
    expect(endpoints).not.toMatch(/Endpoint:\s+anonymous\b/);
    expect([...endpoints.matchAll(/^\s*Endpoint:\s+(\S+?)(?:\/\S*)?\s/gm)].map((m) => m[1]).filter((e) => e !== '<Endpoint')).toEqual(['agent001', 'agent002', 'sipp']);

    // The rendered pjsip.conf: every endpoint section names its auth; none is called anonymous.
    const conf = docker('exec', containerOf(pbx.runId, 'asterisk'), 'cat', '/etc/asterisk/pjsip.conf');
    const sections = conf.split(/^(?=\[)/m).filter((s) => /^type\s*=\s*endpoint$/m.test(s) && !/^\[[^\]]+\]\(!\)/.test(s));
    expect(sections.map((s) => /^\[([^\]]+)\]/.exec(s)?.[1])).toEqual(['agent001', 'agent002', 'sipp']);
    for (const section of sections) expect(section).toMatch(/^auth\s*=\s*\S+$/m);
    expect(conf).not.toMatch(/^\[anonymous\]/m);
  });

  it('registers an agent with its own password (so the refusals below are the PBX\'s, not the client\'s), and unregisters it', async () => {
    using client = await SipTestClient.websocket(pbx.stack.wsUrl);
    const agent = pbx.agents[0] as AgentCredentials;
    expect((await client.request({ method: 'REGISTER', from: agent.username, auth: agent })).status).toBe(200);
    expect(cli('pjsip show contacts')).toMatch(/Contact:\s+agent001\/sip:/);
    // The end-of-run check sees such a registration as a leftover (Asterisk's listing cuts long URIs short).
    expect(await pbx.stack.leftovers(0)).toEqual({ channels: 0, contacts: [expect.stringMatching(/^agent001\/sip:agent001@127\.0\.0\.1:\d+/)] });
    expect((await client.request({ method: 'REGISTER', from: agent.username, auth: agent, expires: 0 })).status).toBe(200);
    expect(cli('pjsip show contacts')).toContain('No objects found.');
  });

  it('challenges a REGISTER and an INVITE without credentials (401), and neither registers nor calls', async () => {
    using client = await SipTestClient.websocket(pbx.stack.wsUrl);
    expectChallenge(await client.request({ method: 'REGISTER', from: 'agent001' }));
    expectChallenge(await client.request({ method: 'INVITE', from: 'agent001', to: '200000001' }));
    expect(await pbx.stack.leftovers(0)).toEqual(NOTHING_LEFT);
  });

  it('refuses a wrong password (401/403, never 200), on REGISTER and INVITE alike', async () => {
    using client = await SipTestClient.websocket(pbx.stack.wsUrl);
    const wrong = { username: 'agent001', password: `wrong-${randomBytes(9).toString('base64url')}` };
    // Another agent's real password is a wrong one too.
    const crossed = { username: 'agent001', password: (pbx.agents[1] as AgentCredentials).password };
    for (const auth of [wrong, crossed]) {
      expect(REFUSED).toContain((await client.request({ method: 'REGISTER', from: 'agent001', auth })).status);
      expect(REFUSED).toContain((await client.request({ method: 'INVITE', from: 'agent001', to: '200000002', auth })).status);
    }
    expect(await pbx.stack.leftovers(0)).toEqual(NOTHING_LEFT);
  });

  it('refuses an unknown user and an anonymous caller into the agents\' dialplan, with or without credentials', async () => {
    using client = await SipTestClient.websocket(pbx.stack.wsUrl);
    for (const from of ['intruder', 'anonymous']) {
      expectChallenge(await client.request({ method: 'INVITE', from, to: '200000003' }));
      const auth = { username: from, password: randomBytes(9).toString('base64url') };
      expect(REFUSED).toContain((await client.request({ method: 'INVITE', from, to: '200000003', auth })).status);
      expect(REFUSED).toContain((await client.request({ method: 'REGISTER', from, auth })).status);
    }
    expect(await pbx.stack.leftovers(0)).toEqual(NOTHING_LEFT);
  });

  it('requires the benchmark\'s SIPp endpoint on UDP to authenticate too', async () => {
    using client = await SipTestClient.udp(pbx.stack.sipUdpPort);
    // The right password is accepted (OPTIONS: authenticated like an INVITE, but places no call).
    expect((await client.request({ method: 'OPTIONS', from: pbx.stack.sipp.username, auth: pbx.stack.sipp })).status).toBe(200);
    expectChallenge(await client.request({ method: 'OPTIONS', from: pbx.stack.sipp.username }));
    expectChallenge(await client.request({ method: 'INVITE', from: pbx.stack.sipp.username, to: '200000004' }));
    const wrong = { username: pbx.stack.sipp.username, password: `wrong-${randomBytes(9).toString('base64url')}` };
    expect(REFUSED).toContain((await client.request({ method: 'INVITE', from: pbx.stack.sipp.username, to: '200000004', auth: wrong })).status);
    // Nor can anyone reach the agents' dialplan through the UDP transport without an account.
    expectChallenge(await client.request({ method: 'INVITE', from: 'intruder', to: '200000005' }));
    expect(await pbx.stack.leftovers(0)).toEqual(NOTHING_LEFT);
  });

  it('wrote no CDR row and left no channel or contact after every refused attempt', async () => {
    expect(await cdrRowCount()).toBe(0);
    expect(await pbx.stack.leftovers(0)).toEqual(NOTHING_LEFT);
  });
});

/** Every file under a directory, as text. */
async function filesUnder(root: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(root, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) files.set(join(entry.parentPath, entry.name), await readFile(join(entry.parentPath, entry.name), 'utf8'));
  }
  return files;
}

describe('secrets of a real run', () => {
  it('keeps every password (agents\', SIPp\'s, the CDR user\'s, the database root\'s) out of every file of the run directory and its log', async () => {
    const lines: string[] = [];
    const secrets = new Map<string, string>();
    const outcome = await runScenario(
      { name: 'e2e-secrets', headers: { 'X-CRM-Id': 'crm_id' }, agents: 2, agentsPerPage: 2, callsPerAgent: 2, ringTimeMs: 100, talkTimeMs: 800 },
      {
        log: (line) => lines.push(line),
        // Where each password lives while the run goes on: Asterisk's pjsip.conf and odbc.ini, the database container's environment.
        beforeVerify: async (sut) => {
          const run = /^run (\S+):/.exec(lines[0] ?? '')?.[1] as string;
          const asterisk = containerOf(run, 'asterisk');
          const pjsip = docker('exec', asterisk, 'cat', '/etc/asterisk/pjsip.conf');
          for (const m of pjsip.matchAll(/^\[([^\]]+)\]\ntype = auth\nauth_type = digest\nusername = \S+\npassword = (\S+)$/gm)) secrets.set(`${m[1]} SIP password`, m[2] as string);
          const odbc = /^Password = (\S+)$/m.exec(docker('exec', asterisk, 'cat', '/etc/odbc.ini'))?.[1];
          secrets.set('CDR user password (odbc.ini)', odbc as string);
          secrets.set('CDR user password (the run\'s connection)', sut.cdr.connection.password);
          const env = JSON.parse(docker('inspect', '--format', '{{json .Config.Env}}', containerOf(run, 'cdr-database'))) as string[];
          secrets.set('database root password', env.find((e) => e.startsWith('MARIADB_ROOT_PASSWORD='))?.split('=')[1] as string);
        },
      },
    );
    expect(outcome.results.summary).toMatchObject({ placed: 4, conforms: true });
    expect([...secrets.keys()].filter((k) => k.endsWith('SIP password')).sort()).toEqual(['agent001 SIP password', 'agent002 SIP password', 'sipp SIP password']);
    // Five distinct passwords, each 24 characters of 18 random bytes.
    expect(new Set(secrets.values()).size).toBe(5);
    for (const secret of secrets.values()) expect(secret).toMatch(/^[A-Za-z0-9_-]{24}$/);

    const files = await filesUnder(outcome.runDir);
    for (const name of ['results.json', 'index.html', 'junit.xml', 'calls.jsonl', 'cdr-rows.json', 'asterisk.log', 'asterisk-full.log', 'cdr-database.log']) {
      expect([...files.keys()]).toContain(join(outcome.runDir, name));
    }
    files.set('(the run\'s log lines)', lines.join('\n'));
    for (const [file, text] of files) {
      for (const [what, secret] of secrets) expect(text.includes(secret), `${what} in ${file}`).toBe(false);
    }
  });
});
