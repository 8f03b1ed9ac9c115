import { describe, expect, it } from 'vitest';
import type { HeaderMapping } from '../../contracts/header-map.ts';
import { CALL_OUTCOMES, type PlannedOutcome } from '../../contracts/scenario.ts';
import { dialedNumber } from '../plan/dial-numbers.ts';
import { AGENT_CONTEXT, renderAgentContext, renderHeaderCapture } from './dialplan.ts';

const MAPPINGS: HeaderMapping[] = [
  { header: 'X-CRM-Id', column: 'crm_id', length: 64 },
  { header: 'X-Agent-Id', column: 'agent_id', length: 16 },
];
const CAPTURE = ['Set(CDR(crm_id)=${PJSIP_HEADER(read,X-CRM-Id)})', 'Set(CDR(agent_id)=${PJSIP_HEADER(read,X-Agent-Id)})'];

/** Whether an Asterisk extension pattern matches a number: `_` patterns with X, Z, N and a trailing `.`; else literal. */
function patternMatches(pattern: string, number: string): boolean {
  if (!pattern.startsWith('_')) return pattern === number;
  const classes: Record<string, string> = { X: '[0-9]', Z: '[1-9]', N: '[2-9]', '.': '.+', '!': '.*' };
  const source = [...pattern.slice(1)].map((c) => classes[c] ?? c.replace(/[*+#]/, '\\$&')).join('');
  return new RegExp(`^${source}$`).test(number);
}

interface Extension {
  pattern: string;
  steps: string[];
}

/** Parses `exten => pattern,1,app` / ` same => n,app` lines into extensions, in file order. */
function parseExtensions(context: string): Extension[] {
  const out: Extension[] = [];
  for (const line of context.split('\n')) {
    const first = /^exten => ([^,]+),1,(.*)$/.exec(line);
    if (first) {
      out.push({ pattern: first[1] as string, steps: [first[2] as string] });
      continue;
    }
    const next = /^ same => n,(.*)$/.exec(line);
    if (next) {
      const current = out.at(-1);
      if (!current) throw new Error(`same => before any exten: ${line}`);
      current.steps.push(next[1] as string);
    }
  }
  return out;
}

const rendered = renderAgentContext({ mappings: MAPPINGS, ringTimeMs: 1500, maxCallS: 30 });
const extensions = parseExtensions(rendered);

function extensionFor(outcome: PlannedOutcome): Extension {
  const number = dialedNumber(outcome, 42);
  const matching = extensions.filter((e) => e.pattern !== '_X.' && patternMatches(e.pattern, number));
  if (matching.length !== 1) throw new Error(`${number} matches ${matching.length} outcome extensions`);
  return matching[0] as Extension;
}

describe('patternMatches (the test\'s own matcher)', () => {
  it('matches X to exactly one digit and . to one or more characters', () => {
    expect(patternMatches('_200XXXXXX', '200123456')).toBe(true);
    expect(patternMatches('_200XXXXXX', '20012345')).toBe(false);
    expect(patternMatches('_200XXXXXX', '2001234567')).toBe(false);
    expect(patternMatches('_200XXXXXX', '201123456')).toBe(false);
    expect(patternMatches('_200XXXXXX!', '2001234567')).toBe(true);
    expect(patternMatches('_200XXXXXX!', '20012345')).toBe(false);
    expect(patternMatches('_X.', '1')).toBe(false);
    expect(patternMatches('_X.', '12')).toBe(true);
  });
});

describe('renderHeaderCapture', () => {
  it('renders one Set(CDR(column)) from PJSIP_HEADER(read, header) per mapping, in order', () => {
    expect(renderHeaderCapture(MAPPINGS)).toEqual(CAPTURE);
  });

  it('renders nothing for no mapping', () => {
    expect(renderHeaderCapture([])).toEqual([]);
  });
});

describe('renderAgentContext', () => {
  it('opens the agents\' context', () => {
    expect(AGENT_CONTEXT).toBe('callcheck-agents');
    expect(rendered.split('\n')[0]).toBe('[callcheck-agents]');
  });

  it('has one extension per outcome and the catch-all, which comes last', () => {
    expect(extensions.map((e) => e.pattern)).toEqual(['_200XXXXXX!', '_486XXXXXX!', '_480XXXXXX!', '_503XXXXXX!', '_487XXXXXX!', '_403XXXXXX!', '_404XXXXXX!', '_X.']);
    expect(extensions.at(-1)?.steps).toEqual(['Hangup(1)']);
  });

  it.each([
    ['answer', '_200XXXXXX!'],
    ['busy', '_486XXXXXX!'],
    ['no-answer', '_480XXXXXX!'],
    ['congestion', '_503XXXXXX!'],
    ['cancel', '_487XXXXXX!'],
    ['reject', '_403XXXXXX!'],
    ['unknown-number', '_404XXXXXX!'],
  ] as const)('routes the numbers dialed for %s to %s only', (outcome, pattern) => {
    for (const index of [0, 7, 999_999, 1_000_000, 12_345_678]) {
      const number = dialedNumber(outcome, index);
      const matching = extensions.filter((e) => e.pattern !== '_X.' && patternMatches(e.pattern, number));
      expect(matching.map((e) => e.pattern)).toEqual([pattern]);
    }
  });

  it.each(CALL_OUTCOMES.map((o) => [o]))('captures every header in the %s extension before anything else', (outcome) => {
    const steps = extensionFor(outcome).steps;
    expect(steps.slice(0, CAPTURE.length)).toEqual(CAPTURE);
    const firstCallStep = steps.findIndex((s) => /^(Answer|Ringing|Hangup|Wait|Echo)\(/.test(s));
    expect(firstCallStep).toBe(CAPTURE.length);
  });

  it('answers after ringing, caps the call with an absolute timeout and echoes', () => {
    expect(extensionFor('answer').steps.slice(CAPTURE.length)).toEqual([
      'Ringing()',
      'Wait(1.500)',
      'Answer()',
      'Set(TIMEOUT(absolute)=30)',
      'Echo()',
      'Hangup()',
    ]);
  });

  it('hangs up busy with cause 17, no-answer with 19 after ringing, congestion with 34', () => {
    expect(extensionFor('busy').steps.slice(CAPTURE.length)).toEqual(['Hangup(17)']);
    expect(extensionFor('no-answer').steps.slice(CAPTURE.length)).toEqual(['Ringing()', 'Wait(1.500)', 'Hangup(19)']);
    expect(extensionFor('congestion').steps.slice(CAPTURE.length)).toEqual(['Hangup(34)']);
  });

  it('rings the cancel customer for as long as a call may last, so only the agent\'s CANCEL ends it in time', () => {
    expect(extensionFor('cancel').steps.slice(CAPTURE.length)).toEqual(['Ringing()', 'Wait(30)', 'Hangup(19)']);
  });

  it('rejects with cause 21 and refuses an unknown number with cause 1, both after the capture', () => {
    expect(extensionFor('reject').steps.slice(CAPTURE.length)).toEqual(['Hangup(21)']);
    expect(extensionFor('unknown-number').steps.slice(CAPTURE.length)).toEqual(['Hangup(1)']);
  });

  it('renders the ring time in seconds with millisecond precision', () => {
    const context = renderAgentContext({ mappings: MAPPINGS, ringTimeMs: 5, maxCallS: 7 });
    expect(context).toContain(' same => n,Wait(0.005)');
    expect(context).toContain(' same => n,Set(TIMEOUT(absolute)=7)');
  });
});
