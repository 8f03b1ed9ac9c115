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
    expect(parsed.outcomes).toEqual({ answer: 1, busy: 0, 'no-answer': 0, congestion: 0, cancel: 0, reject: 0, 'unknown-number': 0 });
    expect(parsed.headerValues).toBe('generated');
    expect(parsed.browser).toEqual({ args: [], headless: true, count: 1, endpoints: [], recyclePageAfterCalls: 300 });
    expect(parsed.cdr).toEqual({ image: 'mysql:8.4', table: 'cdr', recordUnanswered: true, recordCongestion: true, settleTimeoutMs: 10_000 });
    expect(parsed.timeouts).toEqual({ stackStartMs: 180_000, browserStartMs: 30_000, registerMs: 15_000, callSlackMs: 15_000 });
  });

  it('gives the outcomes a partial outcomes object leaves out a weight of 0', () => {
    const parsed = scenarioSchema.parse({ ...minimal, outcomes: { busy: 2 } });
    expect(parsed.outcomes).toEqual({ answer: 0, busy: 2, 'no-answer': 0, congestion: 0, cancel: 0, reject: 0, 'unknown-number': 0 });
  });

  it('answers every call when no outcomes are given', () => {
    expect(scenarioSchema.parse(minimal).outcomes).toEqual({ answer: 1, busy: 0, 'no-answer': 0, congestion: 0, cancel: 0, reject: 0, 'unknown-number': 0 });
  });

  it('rejects outcome weights that are all zero', () => {
    const result = scenarioSchema.safeParse({ ...minimal, outcomes: { answer: 0 } });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message)).toEqual(['at least one outcome needs a weight above 0']);
  });

  it('lists the seven outcomes in dialplan order', () => {
    expect(CALL_OUTCOMES).toEqual(['answer', 'busy', 'no-answer', 'congestion', 'cancel', 'reject', 'unknown-number']);
  });

  it('accepts a weight for each new outcome alone, and lets the agent wait 1000 ms before cancelling by default', () => {
    for (const outcome of ['cancel', 'reject', 'unknown-number']) {
      expect(scenarioSchema.parse({ ...minimal, outcomes: { [outcome]: 2 } }).outcomes[outcome as 'cancel']).toBe(2);
    }
    expect(scenarioSchema.parse(minimal).cancelAfterMs).toBe(1000);
    expect(scenarioSchema.safeParse({ ...minimal, cancelAfterMs: -1 }).success).toBe(false);
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

describe('matrix', () => {
  const builds = [{ browser: 'chromium' as const, version: '150' }, { executablePath: '/opt/firefox/firefox' }];
  const issues = (input: unknown) => {
    const result = scenarioSchema.safeParse(input);
    return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('takes builds by product and version or by path, with three rounds and seed 1 by default', () => {
    const parsed = scenarioSchema.parse({ ...minimal, matrix: { builds } });
    expect(parsed.matrix).toEqual({ builds: [{ browser: 'chromium', version: '150', args: [] }, { executablePath: '/opt/firefox/firefox', args: [] }], rounds: 3, seed: 1 });
  });

  it('needs two builds, each given one way only, with a version when given by product', () => {
    expect(issues({ ...minimal, matrix: { builds: [builds[0]] } })).toEqual([expect.stringMatching(/^matrix\.builds: /)]);
    expect(issues({ ...minimal, matrix: { builds: [...builds, { browser: 'firefox', executablePath: '/x' }] } })).toEqual(['matrix.builds.2: give either executablePath or browser (with version), not both or neither']);
    expect(issues({ ...minimal, matrix: { builds: [...builds, { browser: 'firefox' }] } })).toEqual(["matrix.builds.2.version: is required with browser (e.g. '140')"]);
    expect(issues({ ...minimal, matrix: { builds: [...builds, { browser: 'chromium', version: '156', engine: 'firefox' }] } })).toEqual(['matrix.builds.2.engine: only applies to a build given by executablePath']);
  });

  it('refuses a second source of browsers and a baseline that labels no build', () => {
    expect(issues({ ...minimal, browser: { executablePath: '/usr/bin/chromium' }, matrix: { builds } })).toEqual(['browser.executablePath: cannot be combined with matrix: give each build its executablePath in matrix.builds']);
    expect(issues({ ...minimal, browser: { endpoints: ['ws://127.0.0.1:9222/devtools/browser/x'] }, matrix: { builds } })).toEqual(['browser.endpoints: cannot be combined with matrix: a matrix launches its builds on this machine']);
    const labelled = [{ ...builds[0], label: 'old' }, { ...builds[1], label: 'new' }];
    expect(issues({ ...minimal, matrix: { builds: labelled, baseline: 'newer' } })).toEqual(['matrix.baseline: "newer" is not the label of any build (old, new)']);
    expect(issues({ ...minimal, matrix: { builds: labelled, baseline: 'new' } })).toEqual([]);
  });
});
