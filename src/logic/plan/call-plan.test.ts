import { callcheckErrorOf } from '../../../tests/support/callcheck-error.ts';
import type { HeaderValueContext } from '../../contracts/header-value-function.ts';
import { normaliseScenario, scenarioSchema, type Scenario, type ScenarioInput } from '../../contracts/scenario.ts';
import { agentName, planCalls as planFixed, type HeaderValueSource, callLimitMs } from './call-plan.ts';
import { describe, expect, it } from 'vitest';

const RUN = '20261126-074512-3fa9';

function scenarioOf(overrides: Partial<ScenarioInput> = {}): Scenario {
  return normaliseScenario(
    scenarioSchema.parse({ name: 'plan', headers: { 'X-CRM-Id': 'crm_id', 'X-Team': 'team' }, agents: 3, callsPerAgent: 2, ...overrides }),
  );
}

const planCalls = (scenario: Scenario, runId: string, source: HeaderValueSource) => planFixed(scenario, runId, source, scenario.agents ?? 1, scenario.callsPerAgent ?? 1);

describe('agentName', () => {
  it('is "agent" and the 1-based number padded to three digits, letters and digits only', () => {
    expect(agentName(0)).toBe('agent001');
    expect(agentName(41)).toBe('agent042');
    expect(agentName(999)).toBe('agent1000');
    for (const i of [0, 9, 99, 1999]) expect(agentName(i)).toMatch(/^[a-z0-9]+$/);
  });
});

describe('planCalls', () => {
  it('numbers calls round-robin over the agents, with 5-digit ids', () => {
    const calls = planCalls(scenarioOf(), RUN, { kind: 'generated' });
    expect(calls.map((c) => [c.id, c.index, c.agent])).toEqual([
      ['call-00001', 0, 'agent001'],
      ['call-00002', 1, 'agent002'],
      ['call-00003', 2, 'agent003'],
      ['call-00004', 3, 'agent001'],
      ['call-00005', 4, 'agent002'],
      ['call-00006', 5, 'agent003'],
    ]);
  });

  it('dials the number of each call\'s planned outcome', () => {
    const calls = planCalls(scenarioOf({ outcomes: { answer: 1, busy: 1, congestion: 1 } }), RUN, { kind: 'generated' });
    expect(calls.map((c) => [c.plannedOutcome, c.dialed])).toEqual([
      ['answer', '200000000'],
      ['busy', '486000001'],
      ['congestion', '503000002'],
      ['answer', '200000003'],
      ['busy', '486000004'],
      ['congestion', '503000005'],
    ]);
  });

  it('generates a run-scoped key and column-named values, unique per call', () => {
    const calls = planCalls(scenarioOf(), RUN, { kind: 'generated' });
    expect(calls[0]?.headers).toEqual({ 'X-CRM-Id': `${RUN}-1`, 'X-Team': 'team-1' });
    expect(calls[5]?.headers).toEqual({ 'X-CRM-Id': `${RUN}-6`, 'X-Team': 'team-6' });
    expect(new Set(calls.map((c) => c.headers['X-CRM-Id'])).size).toBe(6);
  });

  it('generates the run-scoped value for the matchOn header, not the first one', () => {
    const calls = planCalls(scenarioOf({ matchOn: 'X-Team' }), RUN, { kind: 'generated' });
    expect(calls[1]?.headers).toEqual({ 'X-CRM-Id': 'crm_id-2', 'X-Team': `${RUN}-2` });
  });

  it('asks a function source for each call with its index, agent and run id', () => {
    const seen: HeaderValueContext[] = [];
    const calls = planCalls(scenarioOf({ agents: 2, callsPerAgent: 1 }), RUN, {
      kind: 'function',
      fn: (ctx) => {
        seen.push(ctx);
        return { 'X-CRM-Id': `C-${ctx.index}`, 'X-Team': ctx.agent };
      },
    });
    expect(seen).toEqual([
      { index: 0, agent: 'agent001', runId: RUN },
      { index: 1, agent: 'agent002', runId: RUN },
    ]);
    expect(calls.map((c) => c.headers)).toEqual([
      { 'X-CRM-Id': 'C-0', 'X-Team': 'agent001' },
      { 'X-CRM-Id': 'C-1', 'X-Team': 'agent002' },
    ]);
  });

  it('takes rows in order and ignores rows beyond the call count', () => {
    const rows: Record<string, string>[] = [{ 'X-CRM-Id': 'A' }, { 'X-CRM-Id': 'B', 'X-Team': 't' }, { 'X-CRM-Id': 'C' }];
    const calls = planCalls(scenarioOf({ agents: 1, callsPerAgent: 2 }), RUN, { kind: 'rows', file: 'v.jsonl', rows });
    expect(calls.map((c) => c.headers)).toEqual([{ 'X-CRM-Id': 'A' }, { 'X-CRM-Id': 'B', 'X-Team': 't' }]);
  });

  it('refuses a rows source with fewer rows than calls', () => {
    const error = callcheckErrorOf(() =>
      planCalls(scenarioOf(), RUN, { kind: 'rows', file: 'v.jsonl', rows: [{ 'X-CRM-Id': 'A' }, { 'X-CRM-Id': 'B' }] }),
    );
    expect(error.code).toBe('INVALID_HEADER_VALUES');
    expect(error.message).toBe('v.jsonl has 2 rows of header values, but the scenario places 6 calls (3 agents × 2)');
  });

  it.each([
    ['CR', 'a\rb'],
    ['LF', 'a\nX-Evil: 1'],
    ['control character U+0007', 'a\u0007'],
  ])('refuses a value with %s, naming the call and the header', (name, value) => {
    const error = callcheckErrorOf(() =>
      planCalls(scenarioOf(), RUN, { kind: 'function', fn: ({ index }) => ({ 'X-CRM-Id': `C-${index}`, 'X-Team': index === 2 ? value : 'ok' }) }),
    );
    expect(error.code).toBe('UNSENDABLE_HEADER_VALUE');
    expect(error.exitCode).toBe(2);
    const prefix = `call call-00003: value of X-Team ${JSON.stringify(value)} contains ${name} at position 1;`;
    expect(error.message.slice(0, prefix.length)).toBe(prefix);
  });

  it('names the file line when a row holds an unsendable value', () => {
    const rows = [{ 'X-CRM-Id': 'A' }, { 'X-CRM-Id': 'B\r\n' }];
    const error = callcheckErrorOf(() => planCalls(scenarioOf({ agents: 1 }), RUN, { kind: 'rows', file: 'v.jsonl', rows }));
    expect(error.code).toBe('UNSENDABLE_HEADER_VALUE');
    expect(error.message).toMatch(/^v\.jsonl line 2: value of X-CRM-Id "B\\r\\n" contains CR at position 1;/);
  });

  it.each([
    ['empty', { 'X-CRM-Id': '', 'X-Team': 't' }],
    ['absent', { 'X-Team': 't' }],
  ])('refuses an %s key', (_, headers) => {
    const error = callcheckErrorOf(() => planCalls(scenarioOf({ agents: 1, callsPerAgent: 1 }), RUN, { kind: 'function', fn: () => headers }));
    expect(error.code).toBe('INVALID_HEADER_VALUES');
    expect(error.message).toBe('call call-00001: the key header X-CRM-Id is missing or empty; calls are matched to CDR rows by it');
  });

  it('refuses a key used by two calls, naming both', () => {
    const rows = [{ 'X-CRM-Id': 'A' }, { 'X-CRM-Id': 'B' }, { 'X-CRM-Id': 'A' }];
    const error = callcheckErrorOf(() => planCalls(scenarioOf({ agents: 1, callsPerAgent: 3 }), RUN, { kind: 'rows', file: 'v.jsonl', rows }));
    expect(error.code).toBe('INVALID_HEADER_VALUES');
    expect(error.message).toBe('v.jsonl line 3: X-CRM-Id "A" is also used by v.jsonl line 1; each call needs its own key to be matched to its CDR row');
  });

  it('allows the same value twice in a header that is not the key', () => {
    const calls = planCalls(scenarioOf({ agents: 2, callsPerAgent: 1 }), RUN, { kind: 'function', fn: ({ index }) => ({ 'X-CRM-Id': `C-${index}`, 'X-Team': 'same' }) });
    expect(calls).toHaveLength(2);
  });

  it('refuses a header that is not in the map', () => {
    const error = callcheckErrorOf(() =>
      planCalls(scenarioOf({ agents: 1, callsPerAgent: 1 }), RUN, { kind: 'function', fn: () => ({ 'X-CRM-Id': 'A', 'X-Tema': 't' }) }),
    );
    expect(error.code).toBe('INVALID_HEADER_VALUES');
    expect(error.message).toBe('call call-00001: header "X-Tema" is not in the scenario\'s header map');
    expect(error.hint).toBe('use one of X-CRM-Id, X-Team (in any letter case), or map "X-Tema" to a column');
  });

  it('sends a header named in another letter case as written, and counts it as the mapped one', () => {
    const [call] = planCalls(scenarioOf({ agents: 1, callsPerAgent: 1 }), RUN, { kind: 'function', fn: () => ({ 'x-crm-id': 'A', 'x-team': 't' }) });
    expect(call?.headers).toEqual({ 'X-CRM-Id': 'A', 'X-Team': 't' });
    expect(call?.headerLines).toEqual([{ name: 'x-crm-id', value: 'A' }, { name: 'x-team', value: 't' }]);
  });

  it('sends a header given as an array once per value, and keeps it out of the single-valued headers', () => {
    const [call] = planCalls(scenarioOf({ agents: 1, callsPerAgent: 1 }), RUN, { kind: 'rows', file: 'v.jsonl', rows: [{ 'X-CRM-Id': 'A', 'X-Team': ['t1', 't2'] }] });
    expect(call?.headers).toEqual({ 'X-CRM-Id': 'A' });
    expect(call?.headerLines).toEqual([{ name: 'X-CRM-Id', value: 'A' }, { name: 'X-Team', value: 't1' }, { name: 'X-Team', value: 't2' }]);
  });

  it('refuses a key value longer than its column, which the CDR backend would cut short', () => {
    const scenario = normaliseScenario(scenarioSchema.parse({ name: 'short', headers: { 'X-CRM-Id': { column: 'crm_id', length: 8 } }, agents: 1, callsPerAgent: 1 }));
    const error = callcheckErrorOf(() => planCalls(scenario, 'run', { kind: 'rows', file: 'v.jsonl', rows: [{ 'X-CRM-Id': 'CRM-123456' }] }));
    expect(error.code).toBe('INVALID_HEADER_VALUES');
    expect(error.message).toBe('v.jsonl line 1: X-CRM-Id "CRM-123456" has 10 characters, but its column crm_id holds 8');
    expect(planCalls(scenario, 'run', { kind: 'rows', file: 'v.jsonl', rows: [{ 'X-CRM-Id': 'CRM-1234' }] })).toHaveLength(1);
  });

  it('refuses a key value that fits its column in characters but that the CDR backend would cut by bytes', () => {
    const scenario = normaliseScenario(scenarioSchema.parse({ name: 'long', headers: { 'X-CRM-Id': { column: 'crm_id', length: 1024 } }, agents: 1, callsPerAgent: 1 }));
    const key = `a${'€'.repeat(400)}`;
    const error = callcheckErrorOf(() => planCalls(scenario, 'run', { kind: 'rows', file: 'v.jsonl', rows: [{ 'X-CRM-Id': key }] }));
    expect(error.code).toBe('INVALID_HEADER_VALUES');
    expect(error.message).toBe(
      `v.jsonl line 1: X-CRM-Id "${key}" (401 characters, 1201 bytes) would not reach its column crm_id intact: cdr_adaptive_odbc reads a CDR variable into a 1024-byte buffer and keeps 1023 bytes of it; the cut at byte 1023 falls inside a multi-byte character, and the database refuses the broken UTF-8: cdr_adaptive_odbc drops the row`,
    );
    expect(error.hint).toBe('keep key values within 1023 bytes: calls are matched to CDR rows by them');
  });

  describe('a value that could inject a SIP header is refused before anything starts, on every path', () => {
    const CLASSES = [
      ['CR', 'C-1\rX-Injected: 1', '"C-1\\rX-Injected: 1"', 'CR at position 3'],
      ['LF', 'C-1\nX-Injected: 1', '"C-1\\nX-Injected: 1"', 'LF at position 3'],
      ['CRLF', 'C-1\r\nX-Injected: 1', '"C-1\\r\\nX-Injected: 1"', 'CR at position 3'],
      ['TAB', 'C-1\tx', '"C-1\\tx"', 'TAB at position 3'],
      ['NUL', 'C-1\u0000x', '"C-1\\u0000x"', 'control character U+0000 at position 3'],
      ['ESC', 'C-1\u001bx', '"C-1\\u001bx"', 'control character U+001B at position 3'],
      ['DEL', 'C-1\u007fx', '"C-1\\u007fx"', 'control character U+007F at position 3'],
    ] as const;
    const tail = '; header values may not contain control characters (they could end the header and inject others)';

    it.each(CLASSES)('%s from the scenario\'s function, naming the call and the escaped value', (_, value, quoted, what) => {
      const error = callcheckErrorOf(() => planCalls(scenarioOf({ agents: 1, callsPerAgent: 2 }), RUN, { kind: 'function', fn: ({ index }) => ({ 'X-CRM-Id': `K-${index}`, 'X-Team': index === 1 ? value : 't' }) }));
      expect(error.code).toBe('UNSENDABLE_HEADER_VALUE');
      expect(error.exitCode).toBe(2);
      expect(error.message).toBe(`call call-00002: value of X-Team ${quoted} contains ${what}${tail}`);
    });

    it.each(CLASSES)('%s from a --header-values file, naming the line and the escaped value, in the key too', (_, value, quoted, what) => {
      const error = callcheckErrorOf(() => planCalls(scenarioOf({ agents: 1, callsPerAgent: 1 }), RUN, { kind: 'rows', file: 'crm.jsonl', rows: [{ 'X-CRM-Id': value }] }));
      expect(error.code).toBe('UNSENDABLE_HEADER_VALUE');
      expect(error.message).toBe(`crm.jsonl line 1: value of X-CRM-Id ${quoted} contains ${what}${tail}`);
    });
  });
});

const timeouts = { stackStartMs: 1, browserStartMs: 1, registerMs: 1, callSlackMs: 15_000 };

describe('callLimitMs', () => {
  it('adds the ring time, the talk time and the slack', () => {
    expect(callLimitMs({ ringTimeMs: 300, cancelAfterMs: 100, talkTimeMs: 2000, timeouts })).toBe(17_300);
  });

  it('counts the ringing before the agent cancels where it is the longer wait', () => {
    expect(callLimitMs({ ringTimeMs: 300, cancelAfterMs: 5000, talkTimeMs: 2000, timeouts })).toBe(22_000);
  });
});
