import { defineScenario } from '../src/index.ts';

/**
 * The smoke test: 20 answered calls from 4 agents on one page, each tagged with a CRM id and the agent's
 * id, every CDR row checked. Runs in well under a minute once the stack is up.
 */
export default defineScenario({
  name: 'smoke',
  description: '20 answered calls tagged with X-CRM-Id and X-Agent-Id',
  headers: { 'X-CRM-Id': 'crm_id', 'X-Agent-Id': 'agent_id' },
  matchOn: 'X-CRM-Id',
  agents: 4,
  agentsPerPage: 4,
  callsPerAgent: 5,
  ringTimeMs: 200,
  talkTimeMs: 1500,
  headerValues: ({ index, agent, runId }) => ({
    'X-CRM-Id': `CRM-${runId}-${String(index + 1).padStart(4, '0')}`,
    'X-Agent-Id': agent,
  }),
});
