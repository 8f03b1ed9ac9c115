import { describe, expect, it } from 'vitest';
import { extraHeaders } from './extra-headers.ts';

describe('extraHeaders', () => {
  it('writes every line as sent, names in their letter case, a header sent twice twice', () => {
    expect(extraHeaders([{ name: 'x-crm-id', value: 'C-1' }, { name: 'X-Note', value: 'first' }, { name: 'X-Note', value: "'; DROP TABLE cdr; --" }])).toEqual([
      'x-crm-id: C-1',
      'X-Note: first',
      "X-Note: '; DROP TABLE cdr; --",
    ]);
  });

  it.each([['CR', 'a\rX-Injected: 1'], ['LF', 'a\nX-Injected: 1'], ['NUL', 'a\u0000'], ['DEL', 'a\u007f']])('never hands SIP.js a value with %s', (_, value) => {
    expect(() => extraHeaders([{ name: 'X-Note', value }])).toThrow(/^refused to send X-Note: ".*" contains .* at position 1;/);
  });
});
