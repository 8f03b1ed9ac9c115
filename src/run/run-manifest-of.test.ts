import { describe, expect, it } from 'vitest';
import type { SystemUnderTest } from '../stack/system-under-test.ts';
import { validateScenario } from './load-scenario.ts';
import { initialManifest, manifestOfStack } from './run-manifest-of.ts';

const AGENT_SECRET = 'Agent-Pw-7f3e1c';
const DB_SECRET = 'Db-Pw-91ab04';

const scenario = validateScenario(
  {
    name: 'own-pbx',
    headers: { 'X-CRM-Id': 'crm_id' },
    agents: 1,
    callsPerAgent: 1,
    options: { thresholds: { cdr_matched: ['rate==1'] } },
    pbx: {
      wsUrl: 'ws://127.0.0.1:8088/ws',
      cdrUrl: `mysql://cdr:${DB_SECRET}@127.0.0.1:3306/asteriskcdrdb`,
      agents: [{ username: '1001', password: AGENT_SECRET, src: '201' }],
      context: 'from-internal',
    },
  },
  'test',
);

/** A system under test as far as the manifest reads it: its database connection carries the password. */
const stack = {
  info: { asteriskVersion: 'Asterisk PBX 22.10.1', cdrImage: 'external', cdrServerVersion: '10.11.6-MariaDB', external: { wsUrl: 'ws://127.0.0.1:8088/ws', sipDomain: '127.0.0.1', cdrUrl: 'mysql://cdr:***@127.0.0.1:3306/asteriskcdrdb', warnings: [] } },
  rowExpectations: { context: 'from-internal', srcOf: { '1001': '201' } },
  cdr: { connection: { host: '127.0.0.1', port: 3306, user: 'cdr', password: DB_SECRET, database: 'asteriskcdrdb' }, table: 'cdr' },
} as unknown as SystemUnderTest;

describe('the run manifest', () => {
  const initial = initialManifest({
    runId: '20261126-075401-2770',
    startedAt: new Date('2026-11-26T07:54:01.000Z'),
    scenario,
    scenarioFile: 'scenarios/own-pbx.ts',
    callcheckVersion: '0.1.0',
    numbering: { shard: 2, count: 3 },
    agents: ['1001'],
    load: scenario.load,
  });

  it('holds what report and verify need before anything starts', () => {
    expect(initial.run).toMatchObject({ id: '20261126-075401-2770', scenario: 'own-pbx', scenarioFile: 'scenarios/own-pbx.ts', startedAt: '2026-11-26T07:54:01.000Z', shard: { index: 2, count: 3 } });
    expect(initial.settings).toEqual({ mappings: scenario.mappings, key: scenario.key, policy: { recordUnanswered: true, recordCongestion: true } });
    expect(initial.agents).toEqual(['1001']);
    expect(initial.cdrTable).toBe('cdr');
    expect(initial.thresholdDefinitions).toEqual({ cdr_matched: ['rate==1'] });
    expect(initial.ended).toBeUndefined();
    expect(initial.pid).toBe(process.pid);
  });

  it('learns the rows expectations and the CDR source once the system is up, without its password', () => {
    const patch = manifestOfStack(initial, stack, scenario);
    expect(patch.settings).toMatchObject({ context: 'from-internal', srcOf: { '1001': '201' } });
    expect(patch.cdrSource).toBe('127.0.0.1:3306/asteriskcdrdb.cdr');
    expect(patch.stack?.headerMap).toEqual({ 'X-CRM-Id': 'crm_id' });
  });

  it('never holds a password: neither an agent\'s nor the database\'s', () => {
    const written = JSON.stringify({ ...initial, ...manifestOfStack(initial, stack, scenario) });
    expect(written).not.toContain(AGENT_SECRET);
    expect(written).not.toContain(DB_SECRET);
  });
});
