import { defineScenario } from '../../src/index.ts';

/**
 * Every insert into the CDR table waits 2 s in the database for 8 s of the run. Expected: no row lost, every
 * call `matched`, and the hangup → CDR row delay's p95 at least the 2 s planted. Exit 0.
 */
export default defineScenario({
  name: 'cdr-db-slow',
  description: 'CDR inserts slowed by 2 s for 8 s of the calls',
  headers: { 'X-CRM-Id': 'crm_id' },
  agents: 2,
  agentsPerPage: 2,
  callsPerAgent: 8,
  ringTimeMs: 100,
  talkTimeMs: 1000,
  faults: [{ kind: 'cdr-db-slow', atMs: 1000, forMs: 8000, delayMs: 2000 }],
  cdr: { settleTimeoutMs: 30_000 },
});
