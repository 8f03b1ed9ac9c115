import { defineScenario } from '../../src/index.ts';

/**
 * Asterisk is killed (SIGKILL) 4.5 s into the calls and not started again. Expected: the calls up at that
 * moment are `in-flight`, the calls dialed afterwards `not-placed`, the calls that ended before it
 * `matched`, none `missing`. Exit 1: calls were cut.
 */
export default defineScenario({
  name: 'asterisk-crash',
  description: 'Asterisk killed in the middle of the calls',
  headers: { 'X-CRM-Id': 'crm_id' },
  agents: 4,
  agentsPerPage: 4,
  callsPerAgent: 3,
  ringTimeMs: 100,
  talkTimeMs: 3000,
  // Each call takes about 3.2 s: the kill lands about 1.3 s into every agent's second call.
  faults: [{ kind: 'asterisk-kill', atMs: 4500 }],
  timeouts: { callSlackMs: 5000 },
});
