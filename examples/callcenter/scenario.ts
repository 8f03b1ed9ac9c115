import { defineScenario } from '../../src/index.ts';

/**
 * Example Call Center's own Asterisk configuration under test (asterisk/, laid out as FreePBX writes it):
 * 20 calls from 4 CRM softphones placed in from-internal, dialed 00 + the customer's number through the
 * outbound route on _00. and its carrier trunk to callcheck's simulated carrier, each tagged with the CRM
 * record's id, which the route copies into the CDR's crm_id column. Run from the repository's root:
 *   node bin/callcheck.js run examples/callcenter/scenario.ts
 */
export default defineScenario({
  name: 'example-callcenter',
  description: 'Example Call Center\'s configuration: CRM id through the outbound route into the CDR',
  headers: { 'X-CRM-Id': 'crm_id', 'X-Agent-Id': 'agent_id' },
  matchOn: 'X-CRM-Id',
  agents: 4,
  agentsPerPage: 4,
  callsPerAgent: 5,
  ringTimeMs: 200,
  talkTimeMs: 1500,
  asterisk: {
    config: 'examples/callcenter/asterisk',
    agentContext: 'from-internal',
    trunk: { endpoint: 'carrier-trunk', dial: '00{number}' },
  },
  headerValues: ({ index, agent, runId }) => ({
    'X-CRM-Id': `CRM-${runId}-${String(index + 1).padStart(4, '0')}`,
    'X-Agent-Id': agent,
  }),
});
