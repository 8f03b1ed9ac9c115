import { describe, expect, it } from 'vitest';
import type { ResolvedBuild } from '../browser/resolved-build.ts';
import { validateScenario } from './load-scenario.ts';
import { agentEngines } from './agent-engines.ts';

const base = { name: 'engines', headers: { 'X-CRM-Id': 'crm_id' }, agents: 2, callsPerAgent: 1 };

describe('agentEngines', () => {
  it('gives every agent of a matrix build that build\'s engine', () => {
    const builds = [{ engine: 'chromium' }, { engine: 'firefox' }] as ResolvedBuild[];
    const engines = agentEngines(validateScenario(base, 's.ts'), [['agent001', 'agent002'], ['agent003', 'agent004']], builds);
    expect([...engines]).toEqual([['agent001', 'chromium'], ['agent002', 'chromium'], ['agent003', 'firefox'], ['agent004', 'firefox']]);
  });

  it('counts browsers elsewhere as Chromium only when every one is driven over CDP', () => {
    const cdp = validateScenario({ ...base, browser: { endpoints: ['ws://127.0.0.1:9222/devtools/browser/x'] } }, 's.ts');
    expect(agentEngines(cdp, [['agent001']], undefined).get('agent001')).toBe('chromium');
    const bidi = validateScenario({ ...base, browser: { endpoints: ['ws://127.0.0.1:9222/x', { url: 'ws://127.0.0.1:4444/session', protocol: 'webDriverBiDi' }] } }, 's.ts');
    expect(agentEngines(bidi, [['agent001']], undefined).get('agent001')).toBe('unknown');
  });
});
