import { defineScenario } from '../../src/index.ts';

/**
 * Asterisk is restarted 5 s into the calls (SIGTERM, 3 s stopped, then started again), while every agent's
 * second call is up. Expected: every agent loses its registration and registers again on its own; the
 * calls up at the restart are hung up by Asterisk, which still writes their rows (`matched`); the calls
 * asked for while the agents were unregistered are not placed (no INVITE, no row); every call after the
 * agents are back is answered and matched; no row is missing or written twice. Exit 1: calls failed.
 */
export default defineScenario({
  name: 'asterisk-restart',
  description: 'Asterisk restarted in the middle of the calls',
  headers: { 'X-CRM-Id': 'crm_id' },
  agents: 3,
  agentsPerPage: 3,
  callsPerAgent: 9,
  ringTimeMs: 100,
  talkTimeMs: 2000,
  // Each call takes about 4.1 s with its pause: the restart lands about 0.8 s into every agent's second call.
  pauseBetweenCallsMs: 2000,
  faults: [{ kind: 'asterisk-restart', atMs: 5000, downtimeMs: 3000 }],
  timeouts: { callSlackMs: 5000 },
});
