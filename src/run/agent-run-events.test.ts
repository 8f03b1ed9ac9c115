import { describe, expect, it } from 'vitest';
import { agentRunEvent, pageCrashedEvent } from './agent-run-events.ts';

describe('agent run events', () => {
  it('turns a lost and a regained registration into agent-unregistered and agent-registered, and a call\'s progress into nothing', () => {
    expect(agentRunEvent({ kind: 'registration-lost', agent: 'agent003', at: 1000, reason: 'WebSocket closed (code: 1006)' })).toEqual({
      at: 1000, kind: 'agent-unregistered', agent: 'agent003', detail: 'agent003 lost its registration (WebSocket closed (code: 1006)); reconnecting',
    });
    expect(agentRunEvent({ kind: 're-registered', agent: 'agent003', at: 4200, lostAt: 1000, attempts: 4 })).toEqual({
      at: 4200, kind: 'agent-registered', agent: 'agent003', lostAt: 1000, attempts: 4, detail: 'agent003 re-registered after 3.2 s (4 attempts)',
    });
    expect(agentRunEvent({ kind: 'call-progress', agent: 'agent003', callIndex: 1, sipCallId: 'x', stamp: 'answered', at: 5 })).toBeUndefined();
  });

  it('turns a crashed page into page-crashed with its page, agents and calls in progress', () => {
    const crash = { at: 7000, reason: 'Page crashed!', page: 'page 2 in browser-1' };
    expect(pageCrashedEvent({ label: 'page 2', browser: 'browser-1', agents: ['agent002', 'agent005'], crash, callsInFlight: 2 })).toEqual({
      at: 7000, kind: 'page-crashed', page: 'page 2 in browser-1', agents: ['agent002', 'agent005'], callsInFlight: 2,
      detail: 'page 2 in browser-1 crashed (Page crashed!) with 2 calls in progress, serving agent002, agent005',
    });
  });
});
