import { describe, expect, it } from 'vitest';
import { outageLine, RegistrationOutages } from './registration-outages.ts';

describe('RegistrationOutages', () => {
  it('opens an outage on a loss and closes it on the return, per agent', () => {
    const outages = new RegistrationOutages();
    outages.record({ kind: 'registration-lost', agent: 'agent001', at: 1000, reason: 'WebSocket closed (code: 1006)' });
    outages.record({ kind: 'registration-lost', agent: 'agent003', at: 1010, reason: 'WebSocket closed (code: 1006)' });
    expect(outages.unregistered).toEqual(['agent001', 'agent003']);
    const back = outages.record({ kind: 're-registered', agent: 'agent003', at: 4210, lostAt: 1010, attempts: 2 });
    expect(back).toEqual({ agent: 'agent003', lostAt: 1010, reason: 'WebSocket closed (code: 1006)', regainedAt: 4210, attempts: 2 });
    expect(outages.unregistered).toEqual(['agent001']);
    expect(outageLine(back)).toBe('agent003 re-registered after 3.2 s (2 attempts)');
    expect(outageLine(outages.all[0]!)).toBe('agent001 lost its registration (WebSocket closed (code: 1006)); reconnecting');
  });

  it('keeps a second outage of the same agent apart from the first', () => {
    const outages = new RegistrationOutages();
    outages.record({ kind: 'registration-lost', agent: 'agent002', at: 0, reason: 'a' });
    outages.record({ kind: 're-registered', agent: 'agent002', at: 500, lostAt: 0, attempts: 1 });
    outages.record({ kind: 'registration-lost', agent: 'agent002', at: 9000, reason: 'b' });
    outages.record({ kind: 're-registered', agent: 'agent002', at: 11_000, lostAt: 9000, attempts: 4 });
    expect(outages.all.map((o) => [o.lostAt, o.regainedAt, o.attempts])).toEqual([
      [0, 500, 1],
      [9000, 11_000, 4],
    ]);
    expect(outageLine(outages.all[0]!)).toBe('agent002 re-registered after 0.5 s (1 attempt)');
    expect(outages.unregistered).toEqual([]);
  });

  it('counts a return whose loss was never reported, from the loss time the agent gives', () => {
    const outages = new RegistrationOutages();
    outages.record({ kind: 're-registered', agent: 'agent004', at: 3000, lostAt: 1000, attempts: 3 });
    expect(outages.all).toEqual([{ agent: 'agent004', lostAt: 1000, reason: 'not reported', regainedAt: 3000, attempts: 3 }]);
  });
});
