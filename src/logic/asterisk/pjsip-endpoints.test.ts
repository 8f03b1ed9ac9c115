import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AgentCredentials } from '../../contracts/pbx.ts';
import { ENDPOINT_TEMPLATE, renderPjsipEndpoints, renderSippEndpoint, SIPP_CONTEXT, SIPP_USERNAME } from './pjsip-endpoints.ts';

const AGENTS: AgentCredentials[] = [
  { username: 'agent001', password: 'pw-one-xxxxxxxxxxxxxxxxx' },
  { username: 'agent002', password: 'pw-two-yyyyyyyyyyyyyyyyy' },
];

interface Section {
  header: string;
  options: Record<string, string>;
}

/** Splits pjsip.conf text into `[name](template)` sections with their `key = value` options (comments skipped). */
function sectionsOf(conf: string): Section[] {
  const out: Section[] = [];
  for (const line of conf.split('\n')) {
    if (line.startsWith('[')) out.push({ header: line, options: {} });
    else if (/^\s*(;|$)/.test(line)) continue;
    else {
      const current = out.at(-1);
      const match = /^(\w+) = (.*)$/.exec(line);
      if (!current || !match) throw new Error(`unexpected line: ${line}`);
      current.options[match[1] as string] = match[2] as string;
    }
  }
  return out;
}

const sections = sectionsOf(renderPjsipEndpoints(AGENTS));

function section(header: string, type: string, from: Section[] = sections): Record<string, string> {
  const found = from.filter((s) => s.header === header && s.options['type'] === type);
  if (found.length !== 1) throw new Error(`${found.length} sections ${header} of type ${type}`);
  return (found[0] as Section).options;
}

describe('renderPjsipEndpoints', () => {
  it('renders exactly an aor, an auth and an endpoint per agent', () => {
    expect(sections.map((s) => [s.header, s.options['type']])).toEqual([
      ['[agent001]', 'aor'],
      ['[agent001]', 'auth'],
      ['[agent001](callcheck-webrtc)', 'endpoint'],
      ['[agent002]', 'aor'],
      ['[agent002]', 'auth'],
      ['[agent002](callcheck-webrtc)', 'endpoint'],
    ]);
    expect(ENDPOINT_TEMPLATE).toBe('callcheck-webrtc');
  });

  it('gives each auth its own username and password', () => {
    expect(section('[agent001]', 'auth')).toEqual({ type: 'auth', auth_type: 'digest', username: 'agent001', password: 'pw-one-xxxxxxxxxxxxxxxxx' });
    expect(section('[agent002]', 'auth')['password']).toBe('pw-two-yyyyyyyyyyyyyyyyy');
  });

  it('keeps two contacts per aor (a page and its replacement), replacing the oldest beyond that', () => {
    expect(section('[agent002]', 'aor')).toEqual({ type: 'aor', max_contacts: '2', remove_existing: 'yes' });
  });

  it('puts each endpoint in the agents\' context with its own caller id, auth and aor', () => {
    expect(section('[agent002](callcheck-webrtc)', 'endpoint')).toEqual({
      type: 'endpoint',
      transport: 'transport-ws',
      context: 'callcheck-agents',
      callerid: '"agent002" <agent002>',
      auth: 'agent002',
      aors: 'agent002',
    });
  });

  it('renders nothing for no agent', () => {
    expect(renderPjsipEndpoints([])).toBe('');
  });
});

describe('renderSippEndpoint', () => {
  const sipp = sectionsOf(renderSippEndpoint({ username: SIPP_USERNAME, password: 'pw-sipp-zzzzzzzzzzzzzzzzz' }));
  const template = (name: string) => readFileSync(new URL(`../../../asterisk-image/config/${name}`, import.meta.url), 'utf8');

  it('renders an auth and an endpoint, and no AOR: SIPp only calls in', () => {
    expect(sipp.map((s) => [s.header, s.options['type']])).toEqual([
      ['[sipp]', 'auth'],
      ['[sipp]', 'endpoint'],
    ]);
    expect(section('[sipp]', 'auth', sipp)).toEqual({ type: 'auth', auth_type: 'digest', username: 'sipp', password: 'pw-sipp-zzzzzzzzzzzzzzzzz' });
  });

  it('puts the endpoint on the UDP transport, in its own context, with digest auth and loopback RTP', () => {
    expect(section('[sipp]', 'endpoint', sipp)).toEqual({
      type: 'endpoint',
      transport: 'transport-udp',
      context: 'callcheck-sipp',
      callerid: '"sipp" <sipp>',
      auth: 'sipp',
      disallow: 'all',
      allow: 'ulaw',
      direct_media: 'no',
      media_address: '127.0.0.1',
      bind_rtp_to_media_address: 'yes',
    });
  });

  it('refers to a transport bound to loopback and a context the dialplan template defines', () => {
    expect(template('pjsip.conf')).toMatch(/\[transport-udp\]\ntype = transport\nprotocol = udp\nbind = 127\.0\.0\.1:\{\{SIP_UDP_PORT\}\}\n/);
    const dialplan = template('extensions.conf');
    expect(dialplan).toContain(`[${SIPP_CONTEXT}]\n`);
    // Never recorded: every row of the CDR table must belong to an agent's call.
    expect(dialplan).toContain('Set(CDR_PROP(disable)=1)');
  });
});
