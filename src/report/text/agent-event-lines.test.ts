import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../contracts/run-events.ts';
import { agentEventLines } from './agent-event-lines.ts';

const lost = (agent: string, at: number): RunEvent => ({ at, kind: 'agent-unregistered', detail: 'WebSocket closed', agent });
const back = (agent: string, lostAt: number, at: number, attempts: number): RunEvent => ({ at, kind: 'agent-registered', detail: '', agent, lostAt, attempts });

describe('agentEventLines', () => {
  it('names each agent that registered again, and each that did not, a line each', () => {
    const events = [lost('agent001', 1000), lost('agent002', 1000), lost('agent003', 1100), back('agent003', 1100, 4300, 4), back('agent001', 1000, 5000, 5)];
    expect(agentEventLines(events)).toEqual([
      'agent001 re-registered after 4.0 s (5 attempts)',
      'agent003 re-registered after 3.2 s (4 attempts)',
      'agent002 lost its registration and had not registered again when the run stopped watching',
    ]);
  });

  it('sums many agents up in one line', () => {
    const events = ['a1', 'a2', 'a3', 'a4'].flatMap((agent, i) => [lost(agent, 1000), back(agent, 1000, 3000 + 1000 * i, 2)]);
    expect(agentEventLines(events)).toEqual(['4 agents re-registered 4 times, after 2.0 s to 5.0 s (median 3.0 s)']);
  });

  it('gives each crashed page its line, and sums many up', () => {
    const crash = (n: number): RunEvent => ({ at: n, kind: 'page-crashed', detail: `page ${n} in browser-1 crashed (Page crashed!) with 1 call in progress, serving agent00${n}`, page: `page ${n} in browser-1`, agents: [`agent00${n}`], callsInFlight: 1 });
    expect(agentEventLines([crash(2)])).toEqual(['page 2 in browser-1 crashed (Page crashed!) with 1 call in progress, serving agent002']);
    expect(agentEventLines([1, 2, 3, 4].map(crash))).toEqual(['4 agent pages crashed, with 4 calls in progress; fresh pages took their agents over']);
    expect(agentEventLines([])).toEqual([]);
  });
});
