import { describe, expect, it } from 'vitest';
import { callcheckErrorOf } from '../../../tests/support/callcheck-error.ts';
import { validateScenario } from '../../run/load-scenario.ts';
import { planRun } from './run-plan.ts';

const nameAgent = (i: number) => `agent${String(i + 1).padStart(3, '0')}`;

const scenario = (extra: object = {}) =>
  validateScenario({ name: 'plan', headers: { 'X-CRM-Id': 'crm_id' }, agents: 3, callsPerAgent: 4, ...extra }, 'test');

describe('planRun', () => {
  it('plans a run of one build: its agents, its calls to check, its directory', () => {
    const plan = planRun({ scenario: scenario(), runId: '20261126-074512-3fa9', nameAgent });
    expect(plan.dirName).toBe('20261126-074512-3fa9');
    expect(plan.buildLabels).toEqual(['default']);
    expect(plan.order).toEqual([['default']]);
    expect(plan.agentsOfBuild).toEqual([{ default: ['agent001', 'agent002', 'agent003'] }]);
    expect(plan.agents).toEqual(['agent001', 'agent002', 'agent003']);
    expect(plan.preflightCalls).toBe(12);
    expect(plan.numbering).toEqual({ shard: 1, count: 1 });
  });

  it('gives each shard its part of the load and agents numbered apart from the other shards\'', () => {
    const first = planRun({ scenario: scenario(), runId: 'r', shard: { shard: 1, count: 2 }, nameAgent });
    const second = planRun({ scenario: scenario(), runId: 'r', shard: { shard: 2, count: 2 }, nameAgent });
    expect([first.dirName, second.dirName]).toEqual(['r-shard-1-of-2', 'r-shard-2-of-2']);
    expect(first.agents).toEqual(['agent001', 'agent003']);
    expect(second.agents).toEqual(['agent002']);
    expect(first.preflightCalls + second.preflightCalls).toBe(12);
  });

  it('gives every build of a matrix agents of its own, and the builds turns round by round', () => {
    const plan = planRun({ scenario: scenario({ agents: 2 }), runId: 'r', matrix: { builds: ['a', 'b'], rounds: 3 }, nameAgent });
    expect(plan.order).toEqual([['a', 'b'], ['b', 'a'], ['a', 'b']]);
    expect(plan.agentsOfBuild).toEqual([{ default: ['agent001', 'agent002'] }, { default: ['agent003', 'agent004'] }]);
    expect(plan.preflightCalls).toBe(2 * 4 * 6);
  });

  it('bounds the calls to check when the profile does not say how many it places', () => {
    const timed = scenario({ agents: undefined, callsPerAgent: undefined, options: { scenarios: { floor: { executor: 'constant-vus', vus: 2, duration: '10s' } } } });
    expect(planRun({ scenario: timed, runId: 'r', nameAgent }).preflightCalls).toBe(2 * 100);
  });

  it('refuses a shard left without an agent', () => {
    const error = callcheckErrorOf(() => planRun({ scenario: scenario({ agents: 1, callsPerAgent: 1 }), runId: 'r', shard: { shard: 2, count: 2 }, nameAgent }));
    expect(error.message).toBe('shard 2/2 has no agent: the load profile has fewer agents than shards');
    expect(error.exitCode).toBe(2);
  });
});
