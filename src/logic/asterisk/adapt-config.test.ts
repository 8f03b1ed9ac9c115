import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CallcheckError } from '../../contracts/errors.ts';
import { adaptConfig, AGENTS_FILE, CDR_DSN, type AdaptConfigInput } from './adapt-config.ts';
import { sectionsOf, settingOf } from './conf-file.ts';

const EXAMPLE = join(import.meta.dirname, '../../../examples/callcenter/asterisk');
const exampleFiles = () => new Map(readdirSync(EXAMPLE).map((name) => [name, readFileSync(join(EXAMPLE, name), 'utf8')]));

const input = (files: Map<string, string>, overrides: Partial<AdaptConfigInput> = {}): AdaptConfigInput => ({
  files,
  agents: [{ username: 'agent001', password: 'pw1' }],
  agentContext: 'from-internal',
  trunkEndpoint: 'carrier-trunk',
  carrierPort: 40001,
  httpPort: 40002,
  rtpPorts: { start: 30000, end: 30399 },
  portFor: (t) => (t === '0.0.0.0-udp' ? 40003 : 40009),
  db: { user: 'callcheck', password: 'db-secret' },
  policy: { recordUnanswered: true, recordCongestion: true },
  table: 'cdr',
  callcheckFiles: { 'asterisk.conf': '[options]\nrunuser = asterisk\n', 'logger.conf': '[logfiles]\nfull => verbose\n' },
  ...overrides,
});

/** The value of a setting of a typed section in the adapted copy. */
function valueIn(files: ReadonlyMap<string, string>, root: string, section: string, key: string, type?: string): string | undefined {
  const all = sectionsOf(files, root);
  const found = all.find((s) => s.name === section && (type === undefined || settingOf(s, 'type', all) === type));
  return found && settingOf(found, key, all);
}

describe('adaptConfig on the example configuration', () => {
  const original = exampleFiles();
  const adapted = adaptConfig(input(original));

  it('never edits the dialplan', () => {
    for (const name of [...original.keys()].filter((n) => n.startsWith('extensions'))) expect(adapted.files.get(name)).toBe(original.get(name));
    expect(adapted.changes.filter((c) => c.file.startsWith('extensions'))).toEqual([]);
  });

  it('points the trunk at the simulated carrier and keeps every SIP address on loopback', () => {
    expect(valueIn(adapted.files, 'pjsip.conf', 'carrier-trunk', 'contact', 'aor')).toBe('sip:127.0.0.1:40001');
    expect(valueIn(adapted.files, 'pjsip.conf', '0.0.0.0-udp', 'bind')).toBe('127.0.0.1:40003');
    expect(valueIn(adapted.files, 'pjsip.conf', '0.0.0.0-udp', 'external_media_address')).toBeUndefined();
    expect(valueIn(adapted.files, 'pjsip.conf', '0.0.0.0-ws', 'bind')).toBe('127.0.0.1');
    // Registration and identify by address are commented out: nothing reaches the real carrier, nothing takes the agents for it.
    expect(sectionsOf(adapted.files, 'pjsip.conf').filter((s) => s.name === 'carrier-trunk').map((s) => settingOf(s, 'type', []))).toEqual(['endpoint', 'aor', 'auth']);
    expect(valueIn(adapted.files, 'http.conf', 'general', 'bindaddr')).toBe('127.0.0.1');
    expect(valueIn(adapted.files, 'http.conf', 'general', 'bindport')).toBe('40002');
    expect(valueIn(adapted.files, 'http.conf', 'general', 'tlsenable')).toBe('no');
    expect(valueIn(adapted.files, 'rtp.conf', 'general', 'stunaddr')).toBeUndefined();
    expect(valueIn(adapted.files, 'manager.conf', 'general', 'enabled')).toBe('no');
  });

  it('adds the agents in the context named, on the configuration\'s WebSocket transport', () => {
    expect(adapted.files.get('pjsip.conf')).toMatch(new RegExp(`#include ${AGENTS_FILE}$`));
    const agents = sectionsOf(adapted.files, 'pjsip.conf').filter((s) => s.name === 'agent001');
    const endpoint = agents.find((s) => s.templates.length > 0);
    expect(endpoint && settingOf(endpoint, 'context', [])).toBe('from-internal');
    expect(endpoint && settingOf(endpoint, 'transport', [])).toBe('0.0.0.0-ws');
  });

  it('points the CDR connection at callcheck\'s database and lists every change with its line in the user\'s file', () => {
    expect(adapted.cdrConnection).toBe('asteriskcdrdb');
    expect(valueIn(adapted.files, 'res_odbc.conf', 'asteriskcdrdb', 'dsn')).toBe(CDR_DSN);
    expect(valueIn(adapted.files, 'res_odbc.conf', 'asteriskcdrdb', 'password')).toBe('db-secret');
    const dsn = adapted.changes.find((c) => c.file === 'res_odbc_custom.conf' && c.change.includes('dsn'));
    expect(dsn).toMatchObject({ line: 4, change: '[asteriskcdrdb] dsn = callcheck-cdr (was MySQL-asteriskcdrdb)' });
    const password = adapted.changes.find((c) => c.change.includes('password') && c.file === 'res_odbc_custom.conf');
    expect(password?.change).toBe('[asteriskcdrdb] password = *** (was ***)');
    expect(JSON.stringify(adapted.changes)).not.toContain('db-secret');
    expect(JSON.stringify(adapted.changes)).not.toContain('cdr-secret-not-used-in-tests');
  });

  it('maps each line of an edited file to the user\'s line, 0 for a line callcheck added', () => {
    const origins = adapted.origins.get('http.conf') ?? [];
    const lines = adapted.files.get('http.conf')?.split('\n') ?? [];
    expect(lines.length).toBe(origins.length);
    expect(origins.filter((o) => o > 0)).toEqual([...origins.filter((o) => o > 0)].sort((a, b) => a - b));
    expect(lines[origins.indexOf(4)]).toBe('bindaddr = 127.0.0.1');
  });
});

describe('adaptConfig refuses what it cannot put under test, saying what to do', () => {
  const refusal = (files: Map<string, string>, overrides: Partial<AdaptConfigInput> = {}) => {
    try {
      adaptConfig(input(files, overrides));
    } catch (error) {
      return error instanceof CallcheckError ? { code: error.code, message: error.message, hint: error.hint } : error;
    }
    return undefined;
  };

  it('a trunk that is not an endpoint, listing the endpoints there are', () => {
    expect(refusal(exampleFiles(), { trunkEndpoint: 'nope' })).toMatchObject({ code: 'CONFIG_NOT_USABLE', message: expect.stringContaining('"nope"'), hint: expect.stringContaining('carrier-trunk, 1001, 1002') });
  });

  it('a table other than the scenario\'s, and a configuration without cdr_adaptive_odbc', () => {
    expect(refusal(exampleFiles(), { table: 'calls' })).toMatchObject({ code: 'CONFIG_NOT_USABLE', hint: "set cdr.table: 'cdr' in the scenario" });
    const files = exampleFiles();
    files.delete('cdr_adaptive_odbc.conf');
    expect(refusal(files)).toMatchObject({ code: 'CONFIG_NOT_USABLE', message: expect.stringContaining('no CDRs through cdr_adaptive_odbc') });
  });

  it('an operator\'s account that is not a WebRTC endpoint in the agents\' context, and adds none when they are', () => {
    const existing = { agentEndpoints: 'existing' as const };
    expect(refusal(exampleFiles(), { ...existing, agents: [{ username: '1001', password: 'x' }] })).toMatchObject({ code: 'CONFIG_NOT_USABLE', message: expect.stringContaining('endpoint [1001] (pjsip.endpoint.conf line 18) is not a WebRTC endpoint') });
    expect(refusal(exampleFiles(), { ...existing, agents: [{ username: '1002', password: 'x' }], agentContext: 'from-pstn' })).toMatchObject({ message: expect.stringContaining('is in context from-internal, not asterisk.agentContext from-pstn') });
    expect(refusal(exampleFiles(), { ...existing, agents: [{ username: 'nobody', password: 'x' }] })).toMatchObject({ message: expect.stringContaining('nobody is not a type=endpoint section') });
    const adapted = adaptConfig(input(exampleFiles(), { ...existing, agents: [{ username: '1002', password: 'x' }] }));
    expect(adapted.files.has(AGENTS_FILE)).toBe(false);
    expect(adapted.files.get('pjsip.conf')).not.toContain(AGENTS_FILE);
  });

  it('a section with an agent\'s name', () => {
    expect(refusal(exampleFiles(), { agents: [{ username: '1001', password: 'x' }] })).toMatchObject({ code: 'CONFIG_NOT_USABLE', message: expect.stringContaining('[1001]') });
  });
});
