import { defineScenario } from '../../src/index.ts';

/**
 * The CDR database stops for 4 s while 4 agents call without pause, then starts again. Expected: the calls
 * that hung up while it was out (and until Asterisk's ODBC connection wrote again) are `lost`, with the
 * outage in their reason; every other call is `matched`; the recovery time is reported. Exit 1: rows lost.
 */
export default defineScenario({
  name: 'cdr-db-outage',
  description: 'the CDR database stopped for 4 s in the middle of the calls',
  headers: { 'X-CRM-Id': 'crm_id' },
  agents: 4,
  agentsPerPage: 4,
  callsPerAgent: 14,
  ringTimeMs: 100,
  talkTimeMs: 1000,
  faults: [{ kind: 'cdr-db-stop', atMs: 4000, forMs: 4000 }],
  cdr: { settleTimeoutMs: 5000 },
});
