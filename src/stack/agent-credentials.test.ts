import { describe, expect, it } from 'vitest';
import { callcheckErrorOf } from '../../tests/support/callcheck-error.ts';
import type { Pbx } from '../contracts/pbx.ts';
import { agentCredentials, agentNamer, pbxSrcOf } from './agent-credentials.ts';

const pbx: Pbx = {
  wsUrl: 'wss://pbx.example.com:8089/ws',
  cdrUrl: 'mysql://cdr:pw@db/asteriskcdrdb',
  connectTimeoutMs: 10_000,
  cdrWindowMarginMs: 2000,
  agents: [
    { username: '1001', password: 'secret-1', src: '1001' },
    { username: '1002', password: 'secret-2', authorizationUsername: 'auth1002' },
    { username: 'smith', password: 'secret-3', src: '1003' },
  ],
};

describe('agentNamer', () => {
  it('names callcheck\'s own agents agentNNN', () => {
    expect([0, 1, 41].map(agentNamer({}))).toEqual(['agent001', 'agent002', 'agent042']);
  });

  it('names an external PBX\'s agents by the usernames given, in order', () => {
    expect([0, 2].map(agentNamer({ pbx }))).toEqual(['1001', 'smith']);
  });

  it('refuses an agent beyond the credentials given as a scenario error (exit 2), naming both counts', () => {
    const error = callcheckErrorOf(() => agentNamer({ pbx })(3));
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe('the run needs credentials for agent 4, but pbx.agents gives 3');
  });
});

describe('agentCredentials', () => {
  it('makes fresh random ones for callcheck\'s own Asterisk', () => {
    const random = (size: number) => Buffer.alloc(size, 7);
    expect(agentCredentials({}, ['agent001', 'agent003'], random)).toEqual([
      { username: 'agent001', password: Buffer.alloc(18, 7).toString('base64url') },
      { username: 'agent003', password: Buffer.alloc(18, 7).toString('base64url') },
    ]);
  });

  it('takes an external PBX\'s from the scenario, with the authorization username where one is given', () => {
    expect(agentCredentials({ pbx }, ['1002', '1001'])).toEqual([
      { username: '1002', password: 'secret-2', authorizationUsername: 'auth1002' },
      { username: '1001', password: 'secret-1' },
    ]);
  });
});

describe('pbxSrcOf', () => {
  it('lists only the agents whose src is not their username', () => {
    expect(pbxSrcOf(pbx)).toEqual({ smith: '1003' });
    expect(pbxSrcOf({ agents: [{ username: 'a', password: 'p' }] })).toBeUndefined();
  });
});
