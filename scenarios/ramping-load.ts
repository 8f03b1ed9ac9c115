import { defineScenario } from '../src/index.ts';

/**
 * A call-center morning in miniature: calls arrive faster and faster (ramping-arrival-rate, as in k6),
 * hold, then tail off. Every call is tagged with a CRM id, its audio signature must come back, and the
 * run fails its thresholds (exit 99) when dialing gets slow even though every CDR is right.
 */
export default defineScenario({
  name: 'ramping-load',
  description: 'Calls ramp up to 4/s, hold for 15 s and ramp down; thresholds on dial latency, CDR matching and audio',
  headers: { 'X-CRM-Id': 'crm_id', 'X-Agent-Id': 'agent_id' },
  matchOn: 'X-CRM-Id',
  agentsPerPage: 10,
  ringTimeMs: 100,
  talkTimeMs: 1500,
  options: {
    scenarios: {
      morning: {
        executor: 'ramping-arrival-rate',
        startRate: 0,
        timeUnit: '1s',
        preAllocatedVUs: 20,
        maxVUs: 30,
        stages: [
          { duration: '10s', target: 4 },
          { duration: '15s', target: 4 },
          { duration: '5s', target: 0 },
        ],
      },
    },
    thresholds: {
      'dial_latency{phase:invite_to_200}': ['p(95)<400'],
      'dial_latency{phase:dial_to_invite}': ['p(95)<100'],
      post_dial_delay: ['p(95)<300'],
      cdr_matched: ['rate==1'],
      audio_proven: ['rate==1'],
      calls_failed: [{ threshold: 'rate<0.05', abortOnFail: true, delayAbortEval: '10s' }],
      dropped_iterations: ['count==0'],
    },
  },
  headerValues: ({ index, agent, runId }) => ({
    'X-CRM-Id': `CRM-${runId}-${String(index + 1).padStart(5, '0')}`,
    'X-Agent-Id': agent,
  }),
});
