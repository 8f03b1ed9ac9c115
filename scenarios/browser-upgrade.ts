import { defineScenario } from '../src/index.ts';

/**
 * A browser upgrade, benchmarked before it is rolled out: the same calls on the Chromium the agents have
 * (150, the baseline), the one they are about to get (156) and Firefox ESR 153, interleaved in rounds so
 * that the machine's drift falls on every build alike. Every CDR row is verified on every build; the
 * report's verdict table says, phase by phase, what changed against Chromium 150 and whether it is noise.
 *
 * The builds come from the cache `npm run setup` provisions from Debian's archive
 * (scripts/provision-browsers.sh); an executablePath works as well, for a build of your own.
 */
export default defineScenario({
  name: 'browser-upgrade',
  description: 'Chromium 150 → 156 and Firefox ESR 153: the same calls, a verdict per dial phase',
  headers: { 'X-CRM-Id': 'crm_id', 'X-Agent-Id': 'agent_id' },
  matchOn: 'X-CRM-Id',
  // Per build and round: 4 agents × 5 calls.
  agents: 4,
  agentsPerPage: 4,
  callsPerAgent: 5,
  // No ring time: the INVITE phases then measure the browser and the PBX, not the simulated customer.
  ringTimeMs: 0,
  talkTimeMs: 1000,
  matrix: {
    builds: [
      { browser: 'chromium', version: '150' },
      { browser: 'chromium', version: '156' },
      { browser: 'firefox', version: '153' },
    ],
    baseline: 'chromium-150',
    rounds: 3,
    seed: 1,
  },
  headerValues: ({ index, agent, runId }) => ({
    'X-CRM-Id': `CRM-${runId}-${String(index + 1).padStart(4, '0')}`,
    'X-Agent-Id': agent,
  }),
});
