import { describe, expect, it } from 'vitest';
import { makeCredentials } from './credentials.ts';

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
