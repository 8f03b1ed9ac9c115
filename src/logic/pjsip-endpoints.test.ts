import { describe, expect, it } from 'vitest';
import type { AgentCredentials } from './credentials.ts';
import { ENDPOINT_TEMPLATE, renderPjsipEndpoints } from './pjsip-endpoints.ts';

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

function section(header: string, type: string): Record<string, string> {
  const found = sections.filter((s) => s.header === header && s.options['type'] === type);
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

  it('keeps one contact per aor, replacing a stale one', () => {
    expect(section('[agent002]', 'aor')).toEqual({ type: 'aor', max_contacts: '1', remove_existing: 'yes' });
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
