import { describe, expect, it } from 'vitest';
import { CUSTOMER_OUTCOMES } from './customer-outcomes.ts';
import { dialedNumber } from './dial-numbers.ts';

describe('dialedNumber', () => {
  it('is the outcome prefix followed by the index zero-padded to six digits', () => {
    expect(dialedNumber('answer', 0)).toBe('200000000');
    expect(dialedNumber('busy', 7)).toBe('486000007');
    expect(dialedNumber('no-answer', 123456)).toBe('480123456');
    expect(dialedNumber('congestion', 999999)).toBe('503999999');
  });

  it('names each prefix after the SIP status its outcome ends in, all distinct', () => {
    const prefixes = Object.fromEntries(Object.entries(CUSTOMER_OUTCOMES).map(([o, c]) => [o, c.prefix]));
    expect(prefixes).toEqual({ answer: '200', busy: '486', 'no-answer': '480', congestion: '503', cancel: '487', reject: '403', 'unknown-number': '404' });
    for (const c of Object.values(CUSTOMER_OUTCOMES)) expect(c.prefix).toBe(String(c.sipStatus));
  });

  it('dials what an external PBX\'s numbers say, {n} standing for the padded index, and callcheck\'s own number otherwise', () => {
    const numbers = { answer: '*43', busy: '9{n}' };
    expect(dialedNumber('answer', 5, numbers)).toBe('*43');
    expect(dialedNumber('busy', 5, numbers)).toBe('9000005');
    expect(dialedNumber('no-answer', 5, numbers)).toBe('480000005');
    expect(dialedNumber('answer', 5, {})).toBe('200000005');
  });
});
