import { describe, expect, it } from 'vitest';
import { CALL_OUTCOMES, defineScenario, normaliseScenario, scenarioSchema, type ScenarioInput } from './scenario.ts';

const minimal: ScenarioInput = { name: 'smoke', headers: { 'X-CRM-Id': 'crm_id', 'X-Agent-Id': { column: 'agent_id', length: 16 } }, agents: 2, callsPerAgent: 3 };

describe('scenarioSchema defaults', () => {
  it('fills every optional field with its documented default', () => {
    const parsed = scenarioSchema.parse(minimal);
    expect(parsed.agentsPerPage).toBe(10);
    expect(parsed.talkTimeMs).toBe(2000);
    expect(parsed.ringTimeMs).toBe(200);
    expect(parsed.pauseBetweenCallsMs).toBe(0);
    expect(parsed.outcomes).toEqual({ answer: 1, busy: 0, 'no-answer': 0, congestion: 0 });
    expect(parsed.headerValues).toBe('generated');
    expect(parsed.browser).toEqual({ args: [], headless: true, count: 1, endpoints: [], recyclePageAfterCalls: 300 });
    expect(parsed.cdr).toEqual({ image: 'mysql:8.4', table: 'cdr', recordUnanswered: true, recordCongestion: true, settleTimeoutMs: 10_000 });
    expect(parsed.timeouts).toEqual({ stackStartMs: 180_000, browserStartMs: 30_000, registerMs: 15_000, callSlackMs: 15_000 });
  });

  it('gives the outcomes a partial outcomes object leaves out a weight of 0', () => {
    const parsed = scenarioSchema.parse({ ...minimal, outcomes: { busy: 2 } });
    expect(parsed.outcomes).toEqual({ answer: 0, busy: 2, 'no-answer': 0, congestion: 0 });
  });

  it('answers every call when no outcomes are given', () => {
    expect(scenarioSchema.parse(minimal).outcomes).toEqual({ answer: 1, busy: 0, 'no-answer': 0, congestion: 0 });
  });

  it('rejects outcome weights that are all zero', () => {
    const result = scenarioSchema.safeParse({ ...minimal, outcomes: { answer: 0 } });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message)).toEqual(['at least one outcome needs a weight above 0']);
  });

  it('lists the four outcomes in dialplan order', () => {
    expect(CALL_OUTCOMES).toEqual(['answer', 'busy', 'no-answer', 'congestion']);
  });
});

describe('normaliseScenario', () => {
  it('turns the header map into mappings and keys on the first mapping by default', () => {
    const scenario = normaliseScenario(scenarioSchema.parse(minimal));
    expect(scenario.mappings).toEqual([
      { header: 'X-CRM-Id', column: 'crm_id', length: 64 },
      { header: 'X-Agent-Id', column: 'agent_id', length: 16 },
    ]);
    expect(scenario.key).toBe(scenario.mappings[0]);
    expect('headers' in scenario).toBe(false);
    expect('matchOn' in scenario).toBe(false);
  });

  it('keys on the matchOn header when one is given', () => {
    const scenario = normaliseScenario(scenarioSchema.parse({ ...minimal, matchOn: 'X-Agent-Id' }));
    expect(scenario.key).toEqual({ header: 'X-Agent-Id', column: 'agent_id', length: 16 });
    expect(scenario.key).toBe(scenario.mappings[1]);
  });
});

describe('defineScenario', () => {
  it('returns the very object it is given', () => {
    expect(defineScenario(minimal)).toBe(minimal);
  });
});
