import { describe, expect, it } from 'vitest';
import { pbxSchema, pbxSipDomain } from './pbx.ts';
import { scenarioSchema } from './scenario.ts';

const pbx = {
  wsUrl: 'wss://localhost:8089/ws',
  cdrUrl: 'mysql://cdr:s3cret@db.example.com/asteriskcdrdb',
  agents: [
    { username: '1001', password: 'pw-1' },
    { username: '1002', password: 'pw-2' },
  ],
};
const scenario = { name: 'own-pbx', headers: { 'X-CRM-Id': 'crm_id' }, agents: 2, callsPerAgent: 1, pbx };

/** Every issue of an invalid scenario as `path: message`. */
function issues(input: unknown): string[] {
  const result = scenarioSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('pbx', () => {
  it('fills the documented defaults and leaves the optional fields out', () => {
    expect(pbxSchema.parse(pbx)).toEqual({ ...pbx, connectTimeoutMs: 10_000, cdrWindowMarginMs: 2000 });
  });

  it('takes the SIP domain from the WebSocket URL unless one is given', () => {
    expect(pbxSipDomain(pbx)).toBe('localhost');
    expect(pbxSipDomain({ ...pbx, wsUrl: 'ws://127.0.0.1:8088/ws' })).toBe('127.0.0.1');
    expect(pbxSipDomain({ ...pbx, domain: 'tenant.example.com' })).toBe('tenant.example.com');
  });

  it('refuses a URL that is no WebSocket, one with credentials, and a cdrUrl that is not mysql://, without repeating its password', () => {
    const found = issues({ ...scenario, pbx: { ...pbx, wsUrl: 'https://pbx.example.com/ws', cdrUrl: 'postgres://cdr:s3cret@db/x' } });
    expect(found).toEqual(['pbx.wsUrl: use a ws:// or wss:// URL, e.g. wss://pbx.example.com:8089/ws', 'pbx.cdrUrl: must start with mysql:// (or mariadb://), not postgres://']);
    expect(issues({ ...scenario, pbx: { ...pbx, wsUrl: 'ws://u:p@pbx/ws' } })).toEqual(["pbx.wsUrl: must not carry a user or password: give the agents' credentials in pbx.agents"]);
    expect(issues({ ...scenario, pbx: { ...pbx, cdrUrl: 'mysql://cdr:s3cret@db/' } }).join('\n')).not.toContain('s3cret');
  });

  it('refuses a PBX off this machine, which the loopback-only agents could not carry audio to', () => {
    expect(issues({ ...scenario, pbx: { ...pbx, wsUrl: 'wss://pbx.example.com:8089/ws' } })[0]).toMatch(/^pbx\.wsUrl: pbx\.example\.com is not this machine: callcheck's agents keep SIP and media on loopback/);
    expect(issues({ ...scenario, pbx: { ...pbx, wsUrl: 'ws://10.1.2.3:8088/ws' } })).toHaveLength(1);
    for (const wsUrl of ['ws://127.0.0.1:8088/ws', 'ws://127.3.2.1/ws', 'wss://localhost/ws', 'ws://[::1]:8088/ws']) expect(issues({ ...scenario, pbx: { ...pbx, wsUrl } }), wsUrl).toEqual([]);
  });

  it('refuses fewer credentials than the load has agents (exit 2 before anything starts)', () => {
    expect(issues({ ...scenario, agents: 3 })).toEqual(['pbx.agents: the load needs 3 agents, but credentials for 2 are given: add credentials, or lower agents (VUs)']);
    const load = { scenarios: { a: { executor: 'constant-vus', vus: 2, duration: '5s' }, b: { executor: 'per-vu-iterations', vus: 1, iterations: 1 } } };
    expect(issues({ ...scenario, agents: undefined, callsPerAgent: undefined, options: load })).toEqual([
      'pbx.agents: the load needs 3 agents, but credentials for 2 are given: add credentials, or lower agents (VUs)',
    ]);
  });

  it('counts the agents of every browser build of a matrix', () => {
    const matrix = { builds: [{ executablePath: '/a/chromium' }, { executablePath: '/b/chromium' }] };
    expect(issues({ ...scenario, matrix })).toEqual(['pbx.agents: the load needs 4 agents (2 on each of 2 browser builds), but credentials for 2 are given: add credentials, or lower agents (VUs)']);
  });

  it('refuses a username twice, and one that would need escaping in a SIP URI', () => {
    const twice = { ...pbx, agents: [pbx.agents[0], pbx.agents[0]] };
    expect(issues({ ...scenario, pbx: twice })).toEqual(['pbx.agents.1.username: "1001" is given twice; every agent needs its own registration']);
    expect(issues({ ...scenario, agents: 1, pbx: { ...pbx, agents: [{ username: 'a b', password: 'p' }] } })[0]).toMatch(/^pbx\.agents\.0\.username: use letters, digits/);
  });

  it('takes dial strings with {n} and refuses # and spaces', () => {
    expect(pbxSchema.parse({ ...pbx, numbers: { answer: '*43', busy: '9{n}' } }).numbers).toEqual({ answer: '*43', busy: '9{n}' });
    expect(issues({ ...scenario, pbx: { ...pbx, numbers: { answer: '#43' } } })[0]).toMatch(/^pbx\.numbers\.answer: use digits, letters/);
  });
});
