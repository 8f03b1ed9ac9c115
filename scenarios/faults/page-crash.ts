import { defineScenario } from '../../src/index.ts';

/**
 * agent002's page crashes 3 s into the calls, while its second call is answered and talking (one page per
 * agent, so no other agent shares it). Expected: one `page-crashed` event naming agent002; that call failed
 * naming the crash, its row still `matched` (Asterisk ends the orphaned call at its time limit and writes
 * it); a fresh page takes agent002's next calls, answered and matched like every other agent's. Exit 1:
 * a call failed.
 */
export default defineScenario({
  name: 'page-crash',
  description: "an agent's browser page crashed during a call",
  headers: { 'X-CRM-Id': 'crm_id' },
  agents: 3,
  agentsPerPage: 1,
  callsPerAgent: 6,
  ringTimeMs: 100,
  talkTimeMs: 1500,
  // Each call takes about 2.1 s with its pause: the crash lands about 0.8 s into agent002's second call.
  pauseBetweenCallsMs: 300,
  faults: [{ kind: 'page-crash', atMs: 3000, agent: 'agent002' }],
  // Asterisk ends the orphaned call (and writes its row) at its absolute timeout: ring + talk + slack, 5 s.
  timeouts: { callSlackMs: 3000 },
});
