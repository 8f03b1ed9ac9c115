import { describe, expect, it } from 'vitest';
import { callcheckErrorOf } from '../../tests/support/callcheck-error.ts';
import type { Pbx } from '../contracts/pbx.ts';
import { agentCredentials, agentNamer, makeCredentials, pbxSrcOf } from './agent-credentials.ts';

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

describe('makeCredentials', () => {
  it('draws every password from 18 bytes of the random source, as 24 base64url characters', () => {
    const sizes: number[] = [];
    const random = (size: number) => {
      sizes.push(size);
      return Buffer.alloc(size, sizes.length);
    };
    const credentials = makeCredentials(2, random);
    expect(sizes).toEqual([18, 18]);
    expect(credentials).toEqual([
      { username: 'agent001', password: Buffer.alloc(18, 1).toString('base64url') },
      { username: 'agent002', password: Buffer.alloc(18, 2).toString('base64url') },
    ]);
  });

  it('gives different passwords to every agent and to the same agent in two runs, from the system\'s CSPRNG', () => {
    const first = makeCredentials(50);
    const second = makeCredentials(50);
    expect(first.map((c) => c.username)).toEqual(second.map((c) => c.username));
    const passwords = [...first, ...second].map((c) => c.password);
    expect(new Set(passwords).size).toBe(100);
    for (const password of passwords) expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
  });
});
