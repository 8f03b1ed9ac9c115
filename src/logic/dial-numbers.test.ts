import { describe, expect, it } from 'vitest';
import { dialedNumber, OUTCOME_PREFIX } from './dial-numbers.ts';

describe('dialedNumber', () => {
  it('is the outcome prefix followed by the index zero-padded to six digits', () => {
    expect(dialedNumber('answer', 0)).toBe('200000000');
    expect(dialedNumber('busy', 7)).toBe('486000007');
    expect(dialedNumber('no-answer', 123456)).toBe('480123456');
    expect(dialedNumber('congestion', 999999)).toBe('503999999');
  });

  it('names each prefix after the SIP status its outcome ends in, all distinct', () => {
    expect(OUTCOME_PREFIX).toEqual({ answer: '200', busy: '486', 'no-answer': '480', congestion: '503' });
  });
});
